"""Design invariant 9: an outage of Redis never turns a request into a 500 or loses a write.

Redis is the cache (DRF throttles, allauth's login rate limits and TOTP replay guard) and,
by default, the Celery broker. These tests point the app at a Redis that is not there,
exactly as ``config/settings.py`` configures it for such a ``REDIS_URL``, and use the API
and pages as people do.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core import broker as broker_module
from core import cache as cache_module
from performance.models import PerformanceEvent
from performance.services.keys import create_api_key, create_integration
from recognition.models import Kudos, Redemption, RewardItem
from recognition.services.kudos import give_kudos
from tests.factories import PASSWORD
from tests.outage import app_pointed_at, free_port, hung_server
from wellbeing.models import CheckIn

pytestmark = pytest.mark.django_db

EVENTS_URL = "/api/v1/events/"


@pytest.fixture
def fresh_outage_state(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Forget outages other tests saw: each starts with Redis and the broker presumed up."""
    monkeypatch.setattr(cache_module, "_down_until", {})
    monkeypatch.setattr(broker_module, "_paused_until", {})


@pytest.fixture
def redis_down(settings, fresh_outage_state) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Cache and broker on a Redis that refuses connections (stopped, restarting)."""
    url = f"redis://127.0.0.1:{free_port()}/0"
    with app_pointed_at(settings, REDIS_URL=url):
        yield url


@pytest.fixture
def redis_hung(settings, fresh_outage_state) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Cache and broker on a Redis that accepts connections and never answers."""
    with hung_server() as port:
        url = f"redis://127.0.0.1:{port}/0"
        with app_pointed_at(settings, REDIS_URL=url):
            yield url


@pytest.fixture
def integration_key(db) -> str:  # type: ignore[no-untyped-def]
    integration = create_integration(actor=None, name="QA tool")
    _key, secret = create_api_key(actor=None, integration=integration)
    return secret


def qa_events(agent: Any, count: int, *, prefix: str = "qa") -> list[dict[str, Any]]:
    return [
        {
            "external_id": f"{prefix}-{n}",
            "email": agent.email,
            "type": "qa_review",
            "occurred_at": timezone.now().isoformat(),
            "metrics": {"score": 95},
        }
        for n in range(count)
    ]


def post_events(secret: str, events: list[dict[str, Any]]) -> Any:
    return APIClient().post(
        EVENTS_URL, events, format="json", HTTP_AUTHORIZATION=f"Api-Key {secret}"
    )


# --- The API --------------------------------------------------------------------------------


def test_events_posted_while_redis_is_down_are_answered_and_stored_pending(
    redis_down, integration_key, agent, django_capture_on_commit_callbacks
):
    # when an integration posts events while Redis refuses connections
    with django_capture_on_commit_callbacks(execute=True):
        response = post_events(integration_key, qa_events(agent, 3))

    # then each event is answered as usual, and all wait, stored, for the sweeper
    assert response.status_code == 200, response.content
    assert [r["status"] for r in response.json()["results"]] == ["accepted"] * 3
    assert list(PerformanceEvent.objects.values_list("status", flat=True)) == ["pending"] * 3


def test_kudos_check_ins_and_reward_requests_are_stored_while_redis_is_down(
    redis_down, agent, teammate, django_capture_on_commit_callbacks
):
    # given an agent with points to spend and a reward to spend them on
    give_kudos(
        giver=teammate,
        recipient_ids=[agent.pk],
        message="Thanks!",
        value_slugs=["teamwork"],
        points_each=50,
    )
    item = RewardItem.objects.create(
        name_en="Extra paid break", name_es="Extra paid break", cost=30, stock=5
    )
    client = APIClient()
    client.force_authenticate(agent)

    # when the agent uses the API while Redis refuses connections
    with django_capture_on_commit_callbacks(execute=True):
        kudos = client.post(
            "/api/v1/recognition/kudos/",
            {"recipients": [teammate.pk], "message": "You saved my shift", "values": ["teamwork"]},
            format="json",
        )
        check_in = client.put(
            "/api/v1/wellbeing/check-ins/today/",
            {"mood": 4, "energy": 3, "stress": 2},
            format="json",
        )
        redemption = client.post(
            "/api/v1/recognition/redemptions/", {"item": item.pk}, format="json"
        )
        feed = client.get("/api/v1/recognition/kudos/")

    # then every write is answered and stored
    assert (kudos.status_code, check_in.status_code, redemption.status_code) == (201, 201, 201)
    assert Kudos.objects.filter(giver=agent, message="You saved my shift").exists()
    assert CheckIn.objects.filter(user=agent, mood=4).exists()
    assert Redemption.objects.filter(user=agent, item=item, status="pending").exists()
    assert feed.status_code == 200


# --- Pages and signing in -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "pages"),
    [
        ("agent", ["home", "wellbeing:check_in", "recognition:feed", "performance:inbox"]),
        ("team_lead", ["people:lead_dashboard", "recognition:approvals"]),
        ("hr_admin", ["people:hr_dashboard", "performance:status", "performance:csv_import"]),
    ],
)
def test_pages_answer_while_redis_is_down(redis_down, client, request, persona, pages):
    client.force_login(request.getfixturevalue(persona))

    statuses = {name: client.get(reverse(name)).status_code for name in pages}

    assert statuses == dict.fromkeys(pages, 200)


def test_people_can_sign_in_while_redis_is_down(redis_down, client, agent):
    response = client.post(reverse("account_login"), {"login": agent.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(agent.pk)


def test_failed_sign_ins_are_still_limited_per_account_while_redis_is_down(
    redis_down, client, agent
):
    # given five wrong passwords for one account during the outage
    for _ in range(5):
        client.post(reverse("account_login"), {"login": agent.email, "password": "wrong"})

    # when the right one comes next
    response = client.post(reverse("account_login"), {"login": agent.email, "password": PASSWORD})

    # then it is refused until the window passes: the limit held without Redis
    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


def test_healthz_still_reports_redis_down(redis_down, client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


# --- A Redis that hangs instead of refusing -------------------------------------------------


def test_a_hung_redis_delays_an_events_request_by_about_a_second_at_most(
    redis_hung, integration_key, agent, django_capture_on_commit_callbacks
):
    # when events are posted twice while Redis accepts connections and never answers
    timings = []
    for batch in range(2):
        began = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            response = post_events(integration_key, qa_events(agent, 2, prefix=f"b{batch}"))
        timings.append(time.monotonic() - began)
        assert response.status_code == 200, response.content

    # then the events are stored, the first request waits for short timeouts only, and the
    # next one does not wait for Redis again
    assert PerformanceEvent.objects.filter(status="pending").count() == 4
    assert timings[0] < 3.5, timings
    assert timings[1] < 0.5, timings


def test_a_csv_import_during_a_hung_redis_is_stored_and_answered_within_seconds(
    redis_hung, client, hr_admin, agent, django_capture_on_commit_callbacks
):
    # given HR with a file of one event (the page has no throttle: it reaches the broker)
    integration = create_integration(actor=None, name="QA tool")
    content = (
        "external_id,email,agent_external_id,type,occurred_at,text,metric_score\n"
        f"qa-1,{agent.email},,qa_review,2025-03-14T10:30:00-06:00,,92\n"
    )
    client.force_login(hr_admin)

    # when it is imported while Redis accepts connections and never answers
    began = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("performance:csv_import"),
            {
                "integration": integration.pk,
                "file": SimpleUploadedFile("events.csv", content.encode(), "text/csv"),
            },
        )
    took_s = time.monotonic() - began

    # then the import is reported and the event waits for the sweeper (before: the request
    # never returned, blocked on publishing to the hung Redis)
    assert response.status_code == 200
    assert response.context["result"].accepted == 1
    assert list(PerformanceEvent.objects.values_list("status", flat=True)) == ["pending"]
    assert took_s < 3.5, took_s
