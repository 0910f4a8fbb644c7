"""Cuida as an installed app in Chromium: the browser finds the manifest, the service worker
takes control, and without a connection every page — above all the personal ones visited a
moment before — gives way to the offline page, in the reader's language."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from core.pwa import shell_urls

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Cache Storage as the page sees it: every stored request's path, by cache.
STORED = """async () => {
  const stored = {};
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    stored[name] = (await cache.keys()).map((request) => new URL(request.url).pathname);
  }
  return stored;
}"""

OFFLINE_LANGUAGE = """async () => {
  for (const name of await caches.keys()) {
    const page = await (await caches.open(name)).match("/offline/");
    if (page) return page.headers.get("Content-Language");
  }
  return null;
}"""


# (The page's policy forbids eval, which ``wait_for_function`` relies on: these wait inside
# one evaluation instead.)
WORKER_IN_CONTROL = """async () => {
  const registration = await navigator.serviceWorker.ready;
  if (!navigator.serviceWorker.controller) {
    const claimed = await Promise.race([
      new Promise((done) => navigator.serviceWorker.addEventListener(
        "controllerchange", () => done(true), { once: true })),
      new Promise((done) => setTimeout(() => done(false), 3000)),
    ]);
    if (!claimed) return null;
  }
  return registration.active.scriptURL;
}"""


def _wait_for_the_worker(page: Any) -> str:
    """Until the service worker is active and controls the page; its script's address.

    A page created after the worker claimed its clients (the redirect after signing in
    can land just then) stays uncontrolled until it is loaded again, as in any browser:
    reload it rather than wait for a change that never comes.
    """
    for _attempt in range(3):
        script = page.evaluate(WORKER_IN_CONTROL)
        if script:
            return str(script)
        page.reload()
    raise AssertionError("the service worker never took control of the page")


def _wait_for_offline_language(page: Any, language: str) -> str | None:
    """The stored offline page's language, once it is ``language`` or after 10 s."""
    return page.evaluate(
        f"""async (wanted) => {{
          const storedLanguage = {OFFLINE_LANGUAGE};
          for (let attempt = 0; attempt < 100; attempt++) {{
            const language = await storedLanguage();
            if (language === wanted) return language;
            await new Promise((done) => setTimeout(done, 100));
          }}
          return storedLanguage();
        }}""",
        language,
    )


def test_installed_app_shows_the_offline_page_and_never_a_stored_personal_page(
    sign_in, live_server, agent, context
):
    # given an agent (who reads Cuida in English) signed in, with the service worker active
    page = sign_in(agent)
    assert _wait_for_the_worker(page) == f"{live_server.url}/sw.js"
    # and the personal pages visited while online
    personal = ["/", "/wellbeing/", "/recognition/points/", "/notifications/"]
    for path in personal:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None
        assert response.ok, path
        assert "Ana Agent" in page.content(), path

    # then the browser holds the shell and the offline page, and nothing else
    stored = page.evaluate(STORED)
    assert len(stored) == 1
    [(name, paths)] = stored.items()
    assert name.startswith("cuida-shell-")
    assert sorted(paths) == sorted(shell_urls())

    # when the connection drops
    context.set_offline(True)
    try:
        # then each personal page gives way to the offline page, with nothing about her
        for path in personal:
            page.goto(f"{live_server.url}{path}")
            expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
            expect(page).to_have_url(f"{live_server.url}{path}")
            assert "Ana" not in page.content()
            assert agent.email not in page.content()
        # styled by the stored style sheet, like every page of Cuida
        brand_colour = page.evaluate("getComputedStyle(document.querySelector('.brand')).color")
        assert brand_colour == "rgb(47, 122, 107)"
        # an address never visited gets it too, and the API is not answered from a cache
        page.goto(f"{live_server.url}/careers/")
        expect(page.get_by_role("heading", level=1)).to_have_text("You are offline")
        api = page.evaluate(
            "fetch('/api/v1/me/').then((r) => 'answered ' + r.status, () => 'no answer')"
        )
        assert api == "no answer"
        assert page.evaluate(STORED) == stored
    finally:
        context.set_offline(False)

    # when the connection is back, so is the page
    page.goto(f"{live_server.url}/wellbeing/")
    expect(page.get_by_role("heading", level=1)).not_to_have_text("You are offline")


def test_offline_page_follows_a_change_of_language(sign_in, live_server, agent, context):
    # given an agent reading in English, with the worker active
    page = sign_in(agent)
    _wait_for_the_worker(page)
    assert page.evaluate(OFFLINE_LANGUAGE) == "en"

    # when she switches Cuida to Spanish
    page.select_option("#language-select", "es")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # then the stored offline page is replaced by the Spanish one
    assert _wait_for_offline_language(page, "es") == "es"
    context.set_offline(True)
    try:
        page.goto(f"{live_server.url}/recognition/")
        expect(page.get_by_role("heading", level=1)).to_have_text("Estás sin conexión")
        expect(page.locator("html")).to_have_attribute("lang", "es")
        expect(page.get_by_role("link", name="Intentar de nuevo")).to_be_visible()
    finally:
        context.set_offline(False)


def test_browser_finds_a_manifest_that_makes_cuida_installable(sign_in, live_server, agent, page):
    # given the sign-in page and then the agent's home, each with the worker in control
    page.goto(f"{live_server.url}/accounts/login/")
    _wait_for_the_worker(page)
    page = sign_in(agent)

    # when the browser reads the manifest the page links
    manifest_url = page.evaluate("document.querySelector('link[rel=manifest]').href")
    manifest = page.evaluate(
        "async (url) => (await fetch(url, {credentials: 'include'})).json()", manifest_url
    )
    cdp = page.context.new_cdp_session(page)
    parsed = cdp.send("Page.getAppManifest")
    installability = cdp.send("Page.getInstallabilityErrors")

    # then it parses without error, in the agent's language, with icons that load
    assert manifest_url == f"{live_server.url}/manifest.webmanifest"
    assert parsed["url"] == manifest_url
    assert parsed["errors"] == []
    assert manifest["name"] == "Cuida: wellbeing and recognition"
    assert manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        loaded = page.evaluate(
            """(src) => new Promise((done) => {
                 const image = new Image();
                 image.onload = () => done([image.naturalWidth, image.naturalHeight]);
                 image.onerror = () => done(null);
                 image.src = src;
               })""",
            icon["src"],
        )
        width, height = icon["sizes"].split("x")
        assert loaded == [int(width), int(height)], icon["src"]
    # and Chromium has nothing against installing it but the test's own private window
    errors = {error["errorId"] for error in installability["installabilityErrors"]}
    assert errors - {"in-incognito"} == set()
