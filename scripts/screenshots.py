"""Take the README's screenshots of the phone (390x844) and desktop (1366x900) views.

    make demo && make run            # in one terminal (or any server on --base-url)
    .venv/bin/python scripts/screenshots.py [--base-url http://127.0.0.1:8000]

Signs in as the demo agent, in Spanish, with Debian's Chromium (never a downloaded browser),
and writes docs/phone-*.png and docs/desktop-*.png: the first screen of each page, as a
person sees it before scrolling.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from playwright.sync_api import ViewportSize, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.e2e.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.e2e.layout_crawl import DESKTOP, PHONE, sign_in  # noqa: E402

AGENT = "agent1.1@demo.cuida.test"
# The demo accounts' password, as seed_demo set it (config/settings.py).
PASSWORD = os.environ.get("CUIDA_DEMO_PASSWORD", "cuida-demo-2026")
PAGES = {"home": "/", "check-in": "/wellbeing/", "kudos": "/recognition/give/"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for device, viewport, touch in (("phone", PHONE, True), ("desktop", DESKTOP, False)):
            context = browser.new_context(
                viewport=ViewportSize(width=viewport["width"], height=viewport["height"]),
                locale="es-ES",
                has_touch=touch,
                is_mobile=touch,
            )
            page = context.new_page()
            sign_in(page, base, AGENT, PASSWORD)
            for name, path in PAGES.items():
                page.goto(base + path)
                page.screenshot(path=args.out / f"{device}-{name}.png")
                print(f"{device}-{name}.png")
            if device == "phone":
                page.goto(base + "/")
                page.locator("#menu > summary").tap()
                page.screenshot(path=args.out / "phone-menu.png")
                print("phone-menu.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
