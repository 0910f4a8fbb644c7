"""Phone first: every page an agent, a lead and HR reach from the navigation and the home
page fits a 390 px phone (and a 360 px one) without sideways scrolling, with a top bar of at
most 30 % of the first screen and tap targets of 44 px, and a desktop with its row of links;
no page logs a console error or has an axe-core violation; checking in and giving kudos work
with touch alone.

axe-core is vendored in tests/e2e/vendor (never served by the app). It is evaluated through
the DevTools protocol rather than added as a <script> tag, because the page's
Content-Security-Policy (rightly) refuses inline scripts: this way the policy stays on and a
violation still shows up as a console error here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from recognition.models import Kudos, ValueTag
from tests.e2e.layout_crawl import DESKTOP, PHONE, SMALL_PHONE, crawl, pattern, sign_in
from tests.factories import PASSWORD
from tests.site_map import build_world, configure_deployment
from wellbeing.models import CheckIn

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
AXE_RUN = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .map((v) => `${v.id} (${v.impact}): `
    + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '))"""
# What a thumb taps (text links inside sentences aside): buttons, menus, tabs, fields.
SMALL_TAP_TARGETS = """() => [...document.querySelectorAll(
    'button, .button, summary, nav a, select, textarea,'
    + ' input:not([type=checkbox]):not([type=radio]):not([type=hidden])')]
  .filter((el) => el.checkVisibility() && !el.closest('#menu:not([open])'))
  .filter((el) => el.getBoundingClientRect().height < 44)
  .map((el) => el.outerHTML.slice(0, 80))"""
TOP_BAR_SHARE = 0.30
# Pages each role must reach from the menu or the home page: the walk cannot pass by
# finding nothing.
MUST_REACH = {
    "agent": {"/", "/wellbeing/", "/wellbeing/history/", "/recognition/", "/recognition/give/"},
    "lead": {"/", "/lead/", "/recognition/approvals/", "/wellbeing/teams/<id>/"},
    "hr": {"/", "/hr/", "/hr/people/", "/careers/hr/readiness/", "/performance/hr/rules/"},
}


@pytest.fixture
def world(django_capture_on_commit_callbacks, settings, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    configure_deployment(settings, monkeypatch, tmp_path)
    # Transactional tests flush what data migrations created: put back the value it uses.
    ValueTag.objects.get_or_create(
        slug="teamwork", defaults={"name_en": "Teamwork", "name_es": "Trabajo en equipo"}
    )
    return build_world(django_capture_on_commit_callbacks, second_factor=False)


def _console_errors(page: Any) -> list[str]:
    errors: list[str] = []

    def _on_console(message: Any) -> None:
        if message.type == "error":
            errors.append(message.text)

    page.on("console", _on_console)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def _walk(
    browser: Any, base: str, user: Any, viewport: dict[str, int], checked: set[str]
) -> tuple[list, list]:
    """Every page ``user`` reaches, at one screen size: (measures, problems found).

    axe-core runs once per page (``checked``: the pages already run for someone else), the
    slowest step; widths and console errors are checked on every visit.
    """
    # A phone has a touch screen (so CSS sees a coarse pointer); not is_mobile, which would
    # zoom a too-wide page out to fit and hide the very overflow measured here.
    context = browser.new_context(viewport=viewport, locale="es-ES", has_touch=viewport == PHONE)
    page = context.new_page()
    errors = _console_errors(page)
    sign_in(page, base, user.email, PASSWORD)
    problems: list[str] = []

    def check(page: Any, path: str) -> None:
        problems.extend(f"{path}: console: {error}" for error in errors)
        errors.clear()
        if pattern(path) not in checked:
            checked.add(pattern(path))
            page.evaluate(AXE_SOURCE + "\n;undefined")
            problems.extend(f"{path}: axe: {v}" for v in page.evaluate(AXE_RUN))
        if viewport == PHONE:
            problems.extend(f"{path}: under 44 px: {t}" for t in page.evaluate(SMALL_TAP_TARGETS))
            page.set_viewport_size(SMALL_PHONE)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > SMALL_PHONE["width"]:
                problems.append(f"{path}: {width} px wide on a {SMALL_PHONE['width']} px phone")
            page.set_viewport_size(PHONE)

    measures = crawl(page, base, on_page=check)
    context.close()
    return measures, problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_of_every_role_fits_without_errors_or_axe_violations(
    viewport, world, browser, live_server
):
    problems: list[str] = []
    checked: set[str] = set()

    # when the agent, the lead and HR open every page they reach
    for role in ("agent", "lead", "hr"):
        measures, found = _walk(browser, live_server.url, getattr(world, role), viewport, checked)
        problems += [f"{role} {p}" for p in found]
        for m in measures:
            if m.scroll_width > viewport["width"]:
                problems.append(f"{role} {m.path}: {m.scroll_width} px wide ({m.too_wide})")
            if viewport == PHONE and m.topbar_fraction > TOP_BAR_SHARE:
                problems.append(f"{role} {m.path}: top bar takes {m.topbar_fraction:.0%}")
        missing = MUST_REACH[role] - {pattern(m.path) for m in measures}
        problems += [f"{role}: never reached {path}" for path in sorted(missing)]

    # then no page scrolls sideways, logs an error or breaks an accessibility rule
    assert not problems, "\n".join(problems)


def test_the_menu_is_a_button_on_a_phone_and_a_row_of_links_on_a_desktop(
    world, browser, live_server
):
    # given HR, who has the longest menu
    phone = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = phone.new_page()
    sign_in(page, live_server.url, world.hr.email, PASSWORD)
    menu_button = page.locator("#menu > summary")
    people_link = page.locator('#menu nav a[href="/hr/people/"]')

    # then on a phone the links hide behind one button
    expect(menu_button).to_be_visible()
    expect(people_link).to_be_hidden()
    assert menu_button.bounding_box()["height"] >= 44

    # when HR taps it, then taps a link
    menu_button.tap()
    expect(people_link).to_be_visible()
    assert people_link.bounding_box()["height"] >= 44
    people_link.tap()

    # then that page opens with the menu folded again
    page.wait_for_url(f"{live_server.url}/hr/people/")
    expect(people_link).to_be_hidden()
    phone.close()

    # and on a desktop the links are always shown, side by side, with no button
    desktop = browser.new_context(viewport=DESKTOP)
    page = desktop.new_page()
    sign_in(page, live_server.url, world.hr.email, PASSWORD)
    expect(page.locator("#menu > summary")).to_be_hidden()
    links = page.locator("#menu nav a")
    expect(links.first).to_be_visible()
    assert links.nth(0).bounding_box()["y"] == links.nth(1).bounding_box()["y"]
    assert page.locator("#menu").get_attribute("open") is not None
    desktop.close()


@pytest.fixture
def touch_page(browser, live_server):  # type: ignore[no-untyped-def]
    """A phone with a touch screen and no mouse, signed in as ``touch_page(user)``."""
    contexts = []

    def _open(user: Any) -> Any:
        context = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
        contexts.append(context)
        page = context.new_page()
        sign_in(page, live_server.url, user.email, PASSWORD)
        return page

    yield _open
    for context in contexts:
        context.close()


def _open_from_menu(page: Any, href: str) -> None:
    page.locator("#menu > summary").tap()
    page.locator(f'#menu nav a[href="{href}"]').tap()
    page.wait_for_url(f"**{href}")


def test_a_check_in_with_touch_only_saves_without_scrolling_to_find_save(
    world, touch_page, live_server
):
    # given the teammate, who has not checked in today, on a phone
    page = touch_page(world.teammate)
    _open_from_menu(page, "/wellbeing/")
    save = page.locator(".check-in-form button[type=submit]")

    # then Save is on the first screen before any scrolling
    expect(save).to_be_in_viewport()

    # when they tap a mood, an energy and a stress level, then Save
    page.locator(".scale-mood .chip").nth(3).tap()
    page.locator(".scale-energy .chip").nth(2).tap()
    page.locator(".scale-stress .chip").nth(1).tap()
    expect(save).to_be_in_viewport()
    assert save.bounding_box()["height"] >= 44
    save.tap()

    # then the check-in is saved with those answers
    expect(page.locator("#check-in-saved")).to_be_visible()
    check_in = CheckIn.objects.get(user=world.teammate)
    assert (check_in.mood, check_in.energy, check_in.stress) == (4, 3, 2)


def fill_kudos_form(page: Any, *, recipient: str, message: str, value: str, points: int) -> None:
    """The kudos composer's fields, in one place so a new composer changes only this.

    Everything is tapped, and text goes in as the on-screen keyboard would type it: the
    recipient is searched by the first letters of their name and tapped in the results.
    """
    page.locator("#recipient-search").tap()
    page.keyboard.type(recipient[:3])
    page.locator("#recipient-results label", has_text=recipient).tap()
    expect(page.locator("#recipient-chips")).to_contain_text(recipient)
    page.locator("#id_message").tap()
    page.keyboard.type(message)
    page.locator(".kudos-form .chip", has_text=value).tap()
    page.locator(".kudos-form label.chip", has_text=str(points)).first.tap()


def test_kudos_with_touch_only_from_a_phone(world, touch_page, live_server):
    # given the agent on a phone, in the kudos feed from the menu
    page = touch_page(world.agent)
    _open_from_menu(page, "/recognition/")

    # when they tap "Give kudos", fill the form and tap send
    page.locator('main a[href="/recognition/give/"]').first.tap()
    form = page.locator("form.kudos-form")
    expect(form).to_be_in_viewport()
    fill_kudos_form(
        page,
        recipient=world.teammate.display_name,
        message="Gracias por la paciencia con ese cliente",
        value="Trabajo en equipo",
        points=5,
    )
    send = form.locator("#send-kudos")
    assert send.bounding_box()["height"] >= 44
    send.tap()

    # then the feed shows it and the teammate has it
    expect(page.get_by_text("Gracias por la paciencia con ese cliente")).to_be_visible()
    kudos = Kudos.objects.get(message="Gracias por la paciencia con ese cliente")
    assert list(kudos.recipients.all()) == [world.teammate]
