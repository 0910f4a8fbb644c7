"""Design invariant 9 with a broker of its own: an operator may run RabbitMQ as the Celery
broker (``CELERY_BROKER_URL``) and keep Redis as the cache. With the broker unreachable,
writes are stored and answered; what they enqueue is picked up later (the sweeper for
events)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from core import broker as broker_module
from performance.models import PerformanceEvent
from performance.services.ingestion import enqueue_processing
from performance.services.keys import create_api_key, create_integration
from performance.tasks import process_events_task
from recognition.models import Kudos
from tests.outage import app_pointed_at, free_port, hung_server, settings_for

RABBITMQ = "amqp://cuida:secret@rabbit.internal:5672/cuida"
REDIS = "redis://cache.internal:6379/3"


def test_the_broker_defaults_to_redis_url():
    built = settings_for(REDIS_URL=REDIS)

    assert built.CELERY_BROKER_URL == REDIS
    assert built.CELERY_TASK_ALWAYS_EAGER is False


def test_an_operator_can_name_rabbitmq_as_broker_and_keep_redis_as_cache():
    built = settings_for(REDIS_URL=REDIS, CELERY_BROKER_URL=RABBITMQ)

    assert built.CELERY_BROKER_URL == RABBITMQ
    assert built.CACHES["default"]["LOCATION"] == REDIS
    assert built.CELERY_TASK_ALWAYS_EAGER is False


def test_a_broker_alone_is_enough_for_background_workers():
    built = settings_for(CELERY_BROKER_URL=RABBITMQ)

    assert built.CELERY_BROKER_URL == RABBITMQ
    assert built.CELERY_TASK_ALWAYS_EAGER is False


def test_without_redis_or_broker_tasks_run_in_process():
    built = settings_for()

    assert built.CELERY_BROKER_URL == "memory://"
    assert built.CELERY_TASK_ALWAYS_EAGER is True


# --- RabbitMQ unreachable -------------------------------------------------------------------


@pytest.fixture
def rabbitmq_down(settings, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """RabbitMQ as broker on a port nobody listens on; the cache is unaffected."""
    monkeypatch.setattr(broker_module, "_paused_until", {})
    url = f"amqp://guest:guest@127.0.0.1:{free_port()}//"
    with app_pointed_at(settings, CELERY_BROKER_URL=url):
        yield url


@pytest.fixture
def rabbitmq_hung(settings, monkeypatch) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """RabbitMQ as broker on a server that accepts connections and never answers."""
    monkeypatch.setattr(broker_module, "_paused_until", {})
    with hung_server() as port:
        url = f"amqp://guest:guest@127.0.0.1:{port}//"
        with app_pointed_at(settings, CELERY_BROKER_URL=url):
            yield url


def post_events_and_kudos(agent: Any, teammate: Any, capture: Any) -> dict[str, Any]:
    """Post two events as an integration and give kudos as ``agent``; time both."""
    integration = create_integration(actor=None, name="Telephony")
    _key, secret = create_api_key(actor=None, integration=integration)
    events = [
        {
            "external_id": f"call-{n}",
            "email": agent.email,
            "type": "qa_review",
            "occurred_at": timezone.now().isoformat(),
            "metrics": {"score": 97},
        }
        for n in range(2)
    ]
    client = APIClient()
    began = time.monotonic()
    with capture(execute=True):
        events_response = client.post(
            "/api/v1/events/", events, format="json", HTTP_AUTHORIZATION=f"Api-Key {secret}"
        )
    events_s = time.monotonic() - began
    client.force_authenticate(agent)
    began = time.monotonic()
    with capture(execute=True):
        kudos_response = client.post(
            "/api/v1/recognition/kudos/",
            {"recipients": [teammate.pk], "message": "Thank you!", "values": ["teamwork"]},
            format="json",
        )
    kudos_s = time.monotonic() - began
    return {
        "events": events_response,
        "events_s": events_s,
        "kudos": kudos_response,
        "kudos_s": kudos_s,
    }


@pytest.mark.django_db
def test_with_rabbitmq_down_events_and_kudos_are_answered_and_stored(
    rabbitmq_down, agent, teammate, django_capture_on_commit_callbacks
):
    outcome = post_events_and_kudos(agent, teammate, django_capture_on_commit_callbacks)

    assert outcome["events"].status_code == 200, outcome["events"].content
    assert outcome["events"].json()["accepted"] == 2
    assert list(PerformanceEvent.objects.values_list("status", flat=True)) == ["pending"] * 2
    assert outcome["kudos"].status_code == 201
    assert Kudos.objects.filter(giver=agent, message="Thank you!").exists()
    assert outcome["events_s"] < 2.5, outcome["events_s"]


@pytest.mark.django_db
def test_a_hung_rabbitmq_delays_a_request_by_a_few_seconds_at_most(
    rabbitmq_hung, agent, teammate, django_capture_on_commit_callbacks
):
    outcome = post_events_and_kudos(agent, teammate, django_capture_on_commit_callbacks)

    assert outcome["events"].status_code == 200, outcome["events"].content
    assert list(PerformanceEvent.objects.values_list("status", flat=True)) == ["pending"] * 2
    assert outcome["kudos"].status_code == 201
    assert outcome["events_s"] < 2.5, outcome["events_s"]


@pytest.mark.django_db
def test_after_a_failed_publish_the_broker_is_left_alone_for_a_while(rabbitmq_down, monkeypatch):
    # given a broker that just refused a publish
    attempts: list[list[int]] = []
    real_delay = process_events_task.delay

    def counting_delay(event_ids: list[int]) -> Any:
        attempts.append(event_ids)
        return real_delay(event_ids)

    monkeypatch.setattr(process_events_task, "delay", counting_delay)
    clock = [500.0]
    monkeypatch.setattr(broker_module, "monotonic", lambda: clock[0])
    enqueue_processing(event_ids=[1])

    # when more events arrive during the pause, and after it
    enqueue_processing(event_ids=[2])
    enqueue_processing(event_ids=[3])
    clock[0] += broker_module.PAUSE_SECONDS + 1
    enqueue_processing(event_ids=[4])

    # then only the first and the last tried the broker (the others wait for the sweeper)
    assert attempts == [[1], [4]]


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_rabbitmq(rabbitmq_down, client):
    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
