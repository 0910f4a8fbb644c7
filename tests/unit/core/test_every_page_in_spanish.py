"""Every page of the project opens in Spanish, with the project's compiled catalogue and
without it (a fresh checkout, or a deployment that skipped ``make messages``).

The pages come from the URL resolver (``tests/site_map.py``): a URL that ``PAGES`` or
``ACTIONS`` does not describe fails here until someone says who may see it and how to fill
its parameters. Every navigation counter is at least 2 for every viewer, so each
``{% blocktranslate count %}`` takes its plural branch.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import polib
import pytest
from asgiref.local import Local
from django.urls import URLPattern, reverse
from django.utils.translation import trans_real

from tests.site_map import (
    ACTIONS,
    ANONYMOUS,
    MEDIA,
    PAGES,
    Page,
    build_world,
    configure_deployment,
    project_urls,
    visit_every_page,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _converter_sample(pattern: URLPattern) -> dict[str, Any]:
    """Any value each path converter accepts: a POST-only view refuses GET before it reads
    its parameters."""
    samples = {"IntConverter": 1, "SlugConverter": "x", "UUIDConverter": uuid.uuid4()}
    converters = getattr(pattern.pattern, "converters", {})
    return {name: samples[type(conv).__name__] for name, conv in converters.items()}


# --- Catalogues ---------------------------------------------------------------------------


def _reset_translations() -> None:
    """Forget every loaded catalogue, so the next request reads LOCALE_PATHS again."""
    trans_real._translations = {}
    trans_real._active = Local()
    trans_real._default = None
    trans_real.translation_catalog_exists.cache_clear()


@pytest.fixture(params=["compiled catalogue", "no catalogue"])
def catalogue(request, settings, tmp_path):  # type: ignore[no-untyped-def]
    """The project's catalogue compiled from the .po into a directory of its own, or an
    empty directory: what a deployment that never ran ``make messages`` has."""
    locale = tmp_path / "locale"
    if request.param == "compiled catalogue":
        for po_path in (ROOT / "locale").glob("*/LC_MESSAGES/*.po"):
            target = locale / po_path.relative_to(ROOT / "locale")
            target.parent.mkdir(parents=True, exist_ok=True)
            polib.pofile(str(po_path)).save_as_mofile(str(target.with_suffix(".mo")))
    locale.mkdir(exist_ok=True)
    settings.LOCALE_PATHS = [locale]
    _reset_translations()
    yield request.param
    _reset_translations()


@pytest.fixture(autouse=True)
def _deployment(settings, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    configure_deployment(settings, monkeypatch, tmp_path)


# --- The test -----------------------------------------------------------------------------


def test_every_url_of_the_project_is_described():
    urls = set(project_urls())

    undescribed = sorted(urls - set(PAGES) - ACTIONS)
    gone = sorted((set(PAGES) - urls - {MEDIA}) | (ACTIONS - urls))

    assert not undescribed, (
        f"New URLs {undescribed}: describe each in PAGES (who may see it, how to fill its "
        "parameters, what it answers) or in ACTIONS if it only takes POST."
    )
    assert not gone, f"PAGES or ACTIONS describe URLs that no longer exist: {gone}"


def test_actions_refuse_get(client, agent):
    client.force_login(agent)
    for name in sorted(ACTIONS & set(project_urls())):
        url = reverse(name, kwargs=_converter_sample(project_urls()[name]))

        assert client.get(url).status_code == 405, name


def _problem(page: Page, viewer: str, response: Any, world: Any, catalogue: str) -> str | None:
    redirect = page.redirects.get(viewer)
    expected = (302 if page.status == 200 else page.status) if redirect else page.status
    if response.status_code != expected:
        return f"answered {response.status_code}, not {expected} ({response.get('Location')})"
    if redirect:
        if response["Location"] != redirect(world):
            return f"redirected to {response['Location']}, not {redirect(world)}"
        return None
    if not page.html:
        return None
    body = response.content.decode()
    if '<html lang="es">' not in body:
        return "is not in Spanish"
    if catalogue == "compiled catalogue" and viewer != ANONYMOUS and "Cerrar sesión" not in body:
        return "does not use the project's Spanish catalogue"
    return None


def test_every_page_opens_in_spanish(catalogue, django_capture_on_commit_callbacks):
    # given an organisation where every navigation counter is at least 2
    world = build_world(django_capture_on_commit_callbacks)

    # when each person who may see a page opens it in Spanish
    failures = [
        f"{url} as {viewer} {problem}"
        for page, viewer, url, response in visit_every_page(world)
        if (problem := _problem(page, viewer, response, world, catalogue))
    ]

    # then every page answers as documented, in Spanish
    assert not failures, "\n".join(failures)
