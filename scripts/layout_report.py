"""Measure how Cuida lays out on a phone, against a running server with the demo data.

    make demo && make run            # in one terminal (or any server on --base-url)
    .venv/bin/python scripts/layout_report.py --json /tmp/after.json [--compare /tmp/before.json]

Signs in as the demo agent, lead and HR, visits every page the navigation and the home page
reach (the same walk as tests/e2e/test_layout.py, one level deeper) at 390x844 and prints,
per page, the document's width (more than 390 means the page scrolls sideways), the share of
the first screen the top bar takes, and how far down the check-in's Save button and the kudos
form start. Uses Debian's Chromium, never a downloaded browser.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from dataclasses import asdict
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.e2e.conftest import CHROMIUM_ARGS
from tests.e2e.layout_crawl import PHONE, crawl, sign_in

# The demo accounts' password, as seed_demo set it (config/settings.py).
PASSWORD = os.environ.get("CUIDA_DEMO_PASSWORD", "cuida-demo-2026")
ROLES = {
    "agent": "agent1.1@demo.cuida.test",
    "lead": "lead1@demo.cuida.test",
    "hr": "hr@demo.cuida.test",
}
# How far down the page (CSS pixels from its top) a person must scroll to reach each.
LANDMARKS = {
    "/wellbeing/": ("check_in_save", ".check-in-form button[type=submit]", "bottom"),
    "/recognition/give/": ("kudos_form", "form.kudos-form, main form", "top"),
}


def landmark(page: Page, path: str) -> dict[str, float]:
    if path not in LANDMARKS:
        return {}
    name, selector, edge = LANDMARKS[path]
    box = page.locator(selector).first.bounding_box()
    if box is None:
        return {}
    return {name: round(box["y"] + (box["height"] if edge == "bottom" else 0))}


def measure_all(base_url: str) -> list[dict]:
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=shutil.which("chromium"), args=CHROMIUM_ARGS)
        for role, email in ROLES.items():
            context = browser.new_context(
                viewport=ViewportSize(width=PHONE["width"], height=PHONE["height"]), locale="es-ES"
            )
            page = context.new_page()
            sign_in(page, base_url, email, PASSWORD)
            extra: dict[str, dict[str, float]] = {}

            def on_page(page: Page, path: str, extra: dict[str, dict[str, float]] = extra) -> None:
                extra[path] = landmark(page, path)

            for m in crawl(page, base_url, on_page=on_page, content_depth=1):
                rows.append({"role": role, **asdict(m), **extra.get(m.path, {})})
            context.close()
        browser.close()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--json", type=Path, help="write the measures here")
    parser.add_argument("--compare", type=Path, help="measures from before a change")
    args = parser.parse_args()
    rows = measure_all(args.base_url.rstrip("/"))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    before = {}
    if args.compare:
        before = {(r["role"], r["path"]): r for r in json.loads(args.compare.read_text())}
    print("| page | role | width before | width after | top bar before | top bar after |")
    print("| --- | --- | ---: | ---: | ---: | ---: |")
    for row in rows:
        old = before.get((row["role"], row["path"]), {})
        print(
            f"| {row['path']} | {row['role']} | {old.get('scroll_width', '')} "
            f"| {row['scroll_width']} | {_pct(old.get('topbar_fraction'))} "
            f"| {_pct(row['topbar_fraction'])} |"
        )
    for row in rows:
        for key in ("check_in_save", "kudos_form"):
            if key in row:
                was = before.get((row["role"], row["path"]), {}).get(key, "")
                print(f"{row['role']} {key}: {was} -> {row[key]} px from the top")
    wide = sum(1 for row in rows if row["scroll_width"] > row["viewport_width"])
    print(f"{wide} of {len(rows)} pages scroll sideways at {PHONE['width']} px")


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value:.0%}"


if __name__ == "__main__":
    main()
