"""The phone menu is a <details> that works before any script: a tap made while app.js is
still on its way must not be undone when it arrives (seen as a flaky sign-out on a loaded
CI machine: the script's start-up folded the menu the test had just opened)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Route, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):  # type: ignore[no-untyped-def]
    # The service worker would answer app.js from its cache, out of the test's reach.
    return {**browser_context_args, "service_workers": "block"}


def test_a_tap_on_the_menu_before_the_script_arrives_stays_open(sign_in, live_server, agent):  # type: ignore[no-untyped-def]
    # given Ana on a phone, on a slow connection where app.js arrives late
    page: Any = sign_in(agent)
    page.set_viewport_size({"width": 390, "height": 844})
    held: list[Route] = []
    page.route("**/js/app*.js", lambda route: held.append(route))

    # when she opens the menu before the script has arrived
    page.goto(f"{live_server.url}/recognition/", wait_until="commit")
    page.locator("#menu > summary").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    # and then it arrives
    assert held, "app.js was never asked for"
    held[0].continue_()
    page.unroute("**/js/app*.js")
    page.wait_for_load_state("load")

    # then the menu is still open and she can sign out
    expect(page.locator("#menu")).to_have_attribute("open", "")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")
