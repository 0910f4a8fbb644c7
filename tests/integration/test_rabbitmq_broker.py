"""RabbitMQ as the Celery broker (``CELERY_BROKER_URL``), Redis as the cache only.

With that split, a Redis outage costs nothing but the shared cache: events posted while
Redis is down are answered, and a real worker consuming from RabbitMQ processes them at
once, without waiting for the sweeper. The worker and the app use a private queue on the
machine's RabbitMQ (``RABBITMQ_URL``, default the local guest account), deleted afterwards.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import timezone
from kombu import Connection

from core import broker as broker_module
from core import cache as cache_module
from performance.defaults import install_default_rules
from performance.models import Feedback, PerformanceEvent
from performance.services.keys import create_api_key, create_integration
from tests.conftest import IN_CI
from tests.integration.conftest import start_worker, wait_for
from tests.integration.test_redis_outage import PrivateRedis
from tests.outage import app_pointed_at

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

RABBITMQ_URL = os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672//")


@pytest.fixture
def rabbitmq_queue(private_redis_for_cache) -> Iterator[str]:  # type: ignore[no-untyped-def]
    try:
        with Connection(RABBITMQ_URL, connect_timeout=2) as probe:
            probe.ensure_connection(max_retries=1, interval_start=0, timeout=3)
    except Exception as exc:
        if IN_CI:
            raise
        pytest.skip(f"RabbitMQ is not reachable at RABBITMQ_URL ({exc})")
    queue = f"outage-rabbit-{private_redis_for_cache.port}"
    try:
        yield queue
    finally:
        with Connection(RABBITMQ_URL, connect_timeout=2) as connection:
            connection.default_channel.queue_delete(queue)


@pytest.fixture
def private_redis_for_cache(tmp_path) -> Iterator[PrivateRedis]:  # type: ignore[no-untyped-def]
    server = PrivateRedis(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.kill()


def test_with_rabbitmq_as_broker_a_redis_outage_delays_no_event(
    settings, monkeypatch, private_redis_for_cache, rabbitmq_queue, tmp_path, agent
):
    # given the app and a worker on RabbitMQ, with the cache on a private Redis
    monkeypatch.setattr(cache_module, "_down_until", {})
    monkeypatch.setattr(broker_module, "_paused_until", {})
    install_default_rules()
    integration = create_integration(actor=None, name="QA tool")
    _key, secret = create_api_key(actor=None, integration=integration)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    events = [
        {
            "external_id": f"qa-{n}",
            "email": agent.email,
            "type": "qa_review",
            "occurred_at": dt.datetime.combine(
                yesterday, dt.time(9, n), tzinfo=timezone.get_default_timezone()
            ).isoformat(),
            "metrics": {"score": 95},
        }
        for n in range(10)
    ]
    env = {
        "REDIS_URL": private_redis_for_cache.url,
        "CELERY_BROKER_URL": RABBITMQ_URL,
        "CELERY_QUEUE": rabbitmq_queue,
    }
    with app_pointed_at(settings, **env):
        worker = start_worker(
            tmp_path,
            queue=rabbitmq_queue,
            env={**env, "MEDIA_ROOT": str(tmp_path / "media")},
        )
        try:
            # when Redis dies and an integration posts events
            private_redis_for_cache.kill()
            response = Client().post(
                "/api/v1/events/",
                json.dumps(events),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Api-Key {secret}",
            )
            health = Client().get("/healthz")

            # then they are answered, and processed straight away through RabbitMQ
            assert response.status_code == 200, response.content
            assert response.json()["accepted"] == len(events)
            processed = wait_for(
                lambda: not PerformanceEvent.objects.exclude(status="processed").exists(),
                timeout=60,
            )
            assert processed, worker.log()[-3000:]
        finally:
            worker.stop()

    assert Feedback.objects.filter(agent=agent, kind=Feedback.Kind.PRAISE).count() == 10
    # and the health check names Redis as the part that is down, the broker as fine
    assert health.status_code == 503
    assert health.json()["checks"]["redis"]["ok"] is False
    assert health.json()["checks"]["broker"] == {"ok": True}
