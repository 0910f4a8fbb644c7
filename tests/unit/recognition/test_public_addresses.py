"""Open Badges ids and the sign-in hint use the address actually served: in development the
host and port the request came to (or that `make run` serves), in production the configured
CUIDA_BASE_URL, which no request can change."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse

from recognition.models import BadgeClass
from recognition.services.badges import award_badge

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(agent, team_lead, settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    badge = BadgeClass.objects.create(
        slug="calma",
        name_en="Calm",
        name_es="Calma",
        description_es="Serenidad",
        criteria_es="Diez llamadas",
    )
    return award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)


def test_in_development_badge_ids_follow_the_host_and_port_served(client, award, settings):
    settings.CUIDA_BASE_URL = ""  # the development default

    assertion = client.get(
        reverse("openbadges:assertion", args=[award.uid]), HTTP_HOST="testserver:8123"
    ).json()
    badge = client.get(
        assertion["badge"].removeprefix("http://testserver:8123"), HTTP_HOST="testserver:8123"
    ).json()

    assert assertion["id"] == f"http://testserver:8123/openbadges/assertions/{award.uid}"
    assert assertion["badge"] == "http://testserver:8123/openbadges/badges/calma"
    assert badge["issuer"] == "http://testserver:8123/openbadges/issuer"
    assert badge["image"] == "http://testserver:8123/openbadges/badges/calma/image.png"
    issuer = client.get(reverse("openbadges:issuer"), HTTP_HOST="localhost:8123").json()
    assert issuer["url"] == "http://localhost:8123/"


def test_a_configured_base_url_wins_over_the_request(client, award, settings):
    settings.CUIDA_BASE_URL = "https://cuida.example.org"

    assertion = client.get(
        reverse("openbadges:assertion", args=[award.uid]), HTTP_HOST="testserver:8123"
    ).json()

    assert assertion["id"] == f"https://cuida.example.org/openbadges/assertions/{award.uid}"
    assert assertion["badge"] == "https://cuida.example.org/openbadges/badges/calma"


def test_the_api_gives_the_assertion_address_served(api_client, agent, award, settings):
    settings.CUIDA_BASE_URL = ""
    api_client.force_login(agent)

    response = api_client.get(
        reverse("api:recognition-person-badges", args=[agent.pk]), HTTP_HOST="127.0.0.1:8123"
    )

    assert response.status_code == 200, response.content[:300]
    addresses = [row["assertion_url"] for row in response.json()["results"]]
    assert addresses == [f"http://127.0.0.1:8123/openbadges/assertions/{award.uid}"]


def test_seed_demo_points_at_the_port_make_run_serves(settings, monkeypatch, capsys):
    # given `PORT=8123 make run`, which seeds the demo before serving on that port
    settings.CUIDA_BASE_URL = ""
    settings.DEVELOPMENT_SERVER_HOST = "127.0.0.1"
    settings.DEVELOPMENT_SERVER_PORT = 8123
    # (the other apps' demo data is not what this test is about)
    monkeypatch.setattr("people.management.commands.seed_demo.apps.get_app_configs", list)

    call_command("seed_demo")

    output = capsys.readouterr().out
    assert "Sign in at http://127.0.0.1:8123/ with password" in output
    assert ":8000" not in output
