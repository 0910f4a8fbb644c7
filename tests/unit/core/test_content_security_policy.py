"""Content-Security-Policy: every page says the browser may run only our own scripts (and
inline ones carrying this response's nonce), apply only our own style sheets, and nothing
may frame it. The pages keep to it: no inline handler, no ``javascript:`` address, no
``style`` attribute, no script without the nonce."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.urls import reverse

from tests.site_map import build_world, configure_deployment, visit_every_page

pytestmark = pytest.mark.django_db

HEADER = "Content-Security-Policy"

STRICT = {
    "default-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "worker-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Redoc (drf-spectacular-sidecar) injects <style> elements from its own script and runs its
# search in a blob worker: on its page, and only there, both are allowed.
REDOC = "/api/redoc/"


def policy_of(response: Any) -> dict[str, list[str]]:
    assert HEADER in response, f"no {HEADER} header"
    directives = (part.split() for part in response[HEADER].split(";") if part.strip())
    return {name: values for name, *values in directives}


def nonce_of(policy: dict[str, list[str]]) -> str | None:
    nonces = [v for v in policy.get("script-src", []) if v.startswith("'nonce-")]
    return nonces[0][len("'nonce-") : -1] if nonces else None


class Markup(HTMLParser):
    """What a policy could block in a page: its scripts, inline handlers, ``javascript:``
    addresses and ``style`` attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[dict[str, str | None]] = []
        self.offences: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        if tag == "style":
            self.offences.append("a <style> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.offences.append(f"<{tag} {name}=...>")
            if name == "style":
                self.offences.append(f'<{tag} style="{value}">')
            if name in {"href", "src", "action", "formaction"} and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.offences.append(f"<{tag} {name}={value}>")


def markup_of(response: Any) -> Markup:
    parser = Markup()
    parser.feed(response.content.decode())
    return parser


def _executable(script: dict[str, str | None]) -> bool:
    # Data blocks (JSON for allauth's scripts, json_script) are never run by the browser.
    return (script.get("type") or "text/javascript") not in {
        "application/json",
        "application/ld+json",
    }


def _allowed(script: dict[str, str | None], nonce: str | None) -> bool:
    """An inline script runs only with this response's nonce; a file only from here
    (script-src 'self'), or with the nonce. A wrong nonce is a stale or forged one."""
    if script.get("nonce") is not None:
        return script["nonce"] == nonce
    src = script.get("src") or ""
    return src.startswith("/") and not src.startswith("//")


def test_a_page_carries_a_strict_policy_whose_nonce_its_scripts_carry(client, agent):
    client.force_login(agent)

    response = client.get(reverse("home"))

    policy = policy_of(response)
    for directive, values in STRICT.items():
        assert policy[directive] == values, directive
    nonce = nonce_of(policy)
    assert nonce
    assert policy["script-src"] == ["'self'", f"'nonce-{nonce}'"]
    scripts = markup_of(response).scripts
    assert scripts
    assert {script.get("nonce") for script in scripts} == {nonce}


def test_each_response_gets_a_new_nonce(client, agent):
    client.force_login(agent)

    first, second = (nonce_of(policy_of(client.get(reverse("home")))) for _ in range(2))

    assert first != second


def test_the_not_found_page_carries_the_policy_too(client, agent, settings):
    settings.DEBUG = False
    client.force_login(agent)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert policy_of(response)["script-src"][0] == "'self'"


def test_api_docs_load_nothing_from_other_sites_and_only_redoc_relaxes_styles(client, agent):
    client.force_login(agent)

    swagger, redoc = (client.get(reverse(name)) for name in ("api-docs", "api-redoc"))

    assert reverse("api-redoc") == REDOC
    assert policy_of(swagger)["style-src"] == ["'self'"]
    relaxed = policy_of(redoc)
    assert relaxed["style-src"] == ["'self'", "'unsafe-inline'"]
    assert relaxed["worker-src"] == ["'self'", "blob:"]
    assert relaxed["script-src"] == ["'self'", f"'nonce-{nonce_of(relaxed)}'"]
    for response in (swagger, redoc):
        nonce = nonce_of(policy_of(response))
        assert "https://" not in response.content.decode()
        assert all(_allowed(script, nonce) for script in markup_of(response).scripts)


def test_every_page_keeps_to_the_policy(
    settings, monkeypatch, tmp_path, django_capture_on_commit_callbacks
):
    # given every page of a complete organisation
    configure_deployment(settings, monkeypatch, tmp_path)
    world = build_world(django_capture_on_commit_callbacks)
    failures = []

    # when each person who may see a page opens it
    for _page, viewer, url, response in visit_every_page(world):
        if "text/html" not in response.get("Content-Type", "") or response.status_code >= 300:
            continue
        # then it carries the policy and nothing in it needs the policy relaxed
        policy = policy_of(response)
        nonce = nonce_of(policy)
        markup = markup_of(response)
        problems = list(markup.offences)
        if url != REDOC and policy.get("style-src") != ["'self'"]:
            problems.append(f"style-src is {policy.get('style-src')}")
        problems += [
            f"a script the policy would block: {script}"
            for script in markup.scripts
            if _executable(script) and not _allowed(script, nonce)
        ]
        failures += [f"{url} as {viewer}: {problem}" for problem in problems]

    assert not failures, "\n".join(failures)
