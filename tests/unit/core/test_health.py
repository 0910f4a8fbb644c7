import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_healthz_is_200_when_the_database_answers(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["ok"] is True
    assert body["checks"]["database"]["ok"] is True


def test_healthz_is_503_when_the_database_fails(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise RuntimeError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["database"] == {"ok": False, "error": "connection refused"}


def test_healthz_is_503_when_configured_redis_is_unreachable(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


def test_healthz_reports_heartbeat_age(client):
    from core.tasks import record_heartbeat_task

    record_heartbeat_task.delay("worker")

    beats = client.get("/healthz").json()["checks"]["heartbeats"]

    assert beats["worker"]["age_seconds"] < 5


def test_heartbeat_task_delivered_twice_keeps_one_row():
    from core.models import Heartbeat
    from core.tasks import record_heartbeat_task

    record_heartbeat_task.delay("beat")
    record_heartbeat_task.delay("beat")

    assert Heartbeat.objects.get(source="beat").count == 2
    assert Heartbeat.objects.count() == 1
