from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import Heartbeat


def check_health() -> dict[str, Any]:
    """Probe the database and, when configured, Redis and a separate broker. ``ok`` is
    False if any probe fails."""
    checks: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        checks["database"] = {"ok": False, "error": str(exc)}

    if settings.REDIS_URL:
        try:
            import redis

            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2
            )
            client.ping()
            checks["redis"] = {"ok": True}
        except Exception as exc:
            checks["redis"] = {"ok": False, "error": str(exc)}
    else:
        checks["redis"] = {"ok": True, "configured": False}

    # A broker of its own (RabbitMQ, CELERY_BROKER_URL) is probed too; a Redis broker is
    # the Redis probed above.
    probed = [checks["database"], checks["redis"]]
    if settings.CELERY_BROKER_URL not in {settings.REDIS_URL, "memory://"}:
        try:
            from kombu import Connection

            with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as broker:
                broker.ensure_connection(max_retries=1, interval_start=0, timeout=3)
            checks["broker"] = {"ok": True}
        except Exception as exc:
            checks["broker"] = {"ok": False, "error": str(exc)}
        probed.append(checks["broker"])

    if checks["database"]["ok"]:
        now = timezone.now()
        checks["heartbeats"] = {
            beat.source: {"age_seconds": int((now - beat.beat_at).total_seconds())}
            for beat in Heartbeat.objects.all()
        }
    return {"ok": all(c["ok"] for c in probed), "checks": checks}
