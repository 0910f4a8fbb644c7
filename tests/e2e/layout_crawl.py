"""Walk the pages a person reaches from the navigation and the home page, and measure how
they lay out. Shared by ``tests/e2e/test_layout.py`` and ``scripts/layout_report.py`` (which
measures a running server with the demo data), so both count the same pages the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# Not pages of the app's layout, or not pages at all: the Django admin, the API and its
# Swagger/Redoc documentation (drf-spectacular's own templates), downloads, media, signing out.
SKIPPED = re.compile(
    r"^/(admin|api|static|media|openbadges)/"
    r"|/export\.|/export/|\.(json|csv|png|ics)$"
    r"|^/accounts/logout/"
)
# Links that make up a menu: the top bar, and the sub-menus of a page (tabs, the
# recognition side menu), but not the pages of a list.
MENU_LINKS = "header a, main nav:not(.pagination) a, main aside nav a"

PHONE = {"width": 390, "height": 844}
SMALL_PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}

MEASURE = """() => {
  const header = document.querySelector('header');
  const bottom = header ? header.getBoundingClientRect().bottom : 0;
  const wide = [];
  const limit = document.documentElement.clientWidth;
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    const inScroller = el.closest('.table-scroll, .table');
    if (r.width && r.right > limit + 1 && el.checkVisibility() && !inScroller) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
        + (el.classList.length ? '.' + [...el.classList].join('.') : '');
      wide.push(name + ' ' + Math.round(r.right));
      if (wide.length >= 5) break;
    }
  }
  return {
    scroll_width: document.documentElement.scrollWidth,
    viewport_width: window.innerWidth,
    topbar_fraction: Math.min(Math.max(bottom, 0), window.innerHeight) / window.innerHeight,
    too_wide: wide,
  };
}"""


@dataclass
class Measure:
    path: str
    scroll_width: int
    viewport_width: int
    topbar_fraction: float
    too_wide: list[str]


def pattern(path: str) -> str:
    """The page a path shows, without its ids: ``/recognition/kudos/12/`` and
    ``/recognition/kudos/13/`` are the same page, measured once."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    return re.sub(r"/(\d+|[0-9a-f-]{32,36})(?=/)", "/<id>", path)


def same_site_paths(page: Any, selector: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        selector,
        """(links) => links
            .filter((a) => a.href && new URL(a.href).origin === location.origin)
            .map((a) => { const u = new URL(a.href); return u.pathname + u.search; })""",
    )
    return [href for href in hrefs if not SKIPPED.search(href)]


def reachable_pages(page: Any, base_url: str, content_depth: int = 0) -> Iterator[str]:
    """Visit the home page, every page its menus and its content link to, and every page
    the sub-menus of those link to (and their content's links, down to ``content_depth``);
    yield each distinct page once, after loading it (so the caller measures the open page)."""
    seen: set[str] = set()
    queue: list[tuple[str, int]] = [("/", 0)]
    while queue:
        path, depth = queue.pop(0)
        if pattern(path) in seen:
            continue
        seen.add(pattern(path))
        page.goto(base_url + path)
        if pattern(page.url.removeprefix(base_url)) != pattern(path):
            # A redirect (e.g. a lead's team plans to their one team): measure the target once.
            landed = page.url.removeprefix(base_url)
            if pattern(landed) in seen or SKIPPED.search(landed):
                continue
            seen.add(pattern(landed))
            path = landed
        yield path
        if depth <= content_depth:
            found = same_site_paths(page, f"{MENU_LINKS}, main a")
        else:
            found = same_site_paths(page, MENU_LINKS)
        queue.extend((link, depth + 1) for link in found if pattern(link) not in seen)


def measure(page: Any, path: str) -> Measure:
    page.evaluate("window.scrollTo(0, 0)")
    return Measure(path=path, **page.evaluate(MEASURE))


def sign_in(page: Any, base_url: str, email: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", password)
    page.press("#id_password", "Enter")
    page.wait_for_url(f"{base_url}/")


def crawl(
    page: Any,
    base_url: str,
    on_page: Callable[[Any, str], None] | None = None,
    content_depth: int = 0,
) -> list[Measure]:
    measures = []
    for path in reachable_pages(page, base_url, content_depth):
        if on_page is not None:
            on_page(page, path)
        measures.append(measure(page, path))
    return measures
