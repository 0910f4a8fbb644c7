"""Compile locale/*/LC_MESSAGES/*.po to .mo with polib.

Pure Python, so `make run` works on a machine without GNU gettext installed.
"""

from pathlib import Path

import polib  # no stubs published: pyproject.toml lets mypy take it as Any

ROOT = Path(__file__).resolve().parent.parent

for po_path in sorted((ROOT / "locale").glob("*/LC_MESSAGES/*.po")):
    catalog = polib.pofile(str(po_path))
    catalog.save_as_mofile(str(po_path.with_suffix(".mo")))
    print(f"compiled {po_path.relative_to(ROOT)} ({catalog.percent_translated()}% translated)")
