"""No page writes a machine-read number the way its reader's language would: SVG geometry,
style lengths, data-* values and progress/meter values are plain in Spanish and English
(issue 12, item 3). The pages come from the same walk as the Spanish-page test."""

from __future__ import annotations

import pytest

from people.models import User
from tests.markup_numbers import foreign_formats, localised_numbers, visible_text
from tests.site_map import build_world, configure_deployment, visit_every_page

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _deployment(settings, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    configure_deployment(settings, monkeypatch, tmp_path)


def test_the_checker_catches_a_decimal_comma():
    assert localised_numbers('<svg><circle cx="28,5" cy="1"/></svg>') == ['<circle cx="28,5">']
    assert localised_numbers('<progress value="42,5" max="100"></progress>') != []
    assert localised_numbers('<div style="width: 42,5%"></div>') != []
    assert localised_numbers('<svg viewBox="0 0 640 200"><line y1="184"/></svg>') == []


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_page_writes_machine_numbers_plainly(language, django_capture_on_commit_callbacks):
    # given the organisation of the page walk, reading in ``language``
    world = build_world(django_capture_on_commit_callbacks)
    User.objects.update(preferred_language=language)

    # when each person opens every page they may see
    problems = [
        f"{url} as {viewer}: {problem}"
        for page, viewer, url, response in visit_every_page(world)
        if page.html and response.status_code == 200
        for problem in localised_numbers(response.content.decode())
    ]

    # then no attribute meant for the browser carries a localised number
    assert problems == []


@pytest.mark.parametrize("language", ["es", "en"])
def test_every_page_shows_dates_and_decimals_one_way(language, django_capture_on_commit_callbacks):
    # given the organisation of the page walk, reading in ``language``
    world = build_world(django_capture_on_commit_callbacks)
    User.objects.update(preferred_language=language)

    # when each person opens every page they may see
    problems = [
        f"{url} as {viewer}: {found}"
        for page, viewer, url, response in visit_every_page(world)
        if page.html and response.status_code == 200
        for found in foreign_formats(visible_text(response.content.decode()), language)
    ]

    # then every date and decimal a person reads follows the language's one format
    assert problems == []
