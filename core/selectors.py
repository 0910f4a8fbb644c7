from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import Heartbeat


def check_health() -> dict[str, Any]:
    """Probe the database and, when configured, Redis. ``ok`` is False if any probe fails."""
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

            client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
            client.ping()
            checks["redis"] = {"ok": True}
        except Exception as exc:
            checks["redis"] = {"ok": False, "error": str(exc)}
    else:
        checks["redis"] = {"ok": True, "configured": False}

    if checks["database"]["ok"]:
        now = timezone.now()
        checks["heartbeats"] = {
            beat.source: {"age_seconds": int((now - beat.beat_at).total_seconds())}
            for beat in Heartbeat.objects.all()
        }
    return {"ok": all(c["ok"] for c in (checks["database"], checks["redis"])), "checks": checks}
