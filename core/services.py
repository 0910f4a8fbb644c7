from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils import timezone

from core.models import AuditEvent, Heartbeat


def record_audit_event(
    *,
    actor: Any | None,
    verb: str,
    target: models.Model,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """Write one audit row; callers run it inside the transaction of the change it records."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        verb=verb,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )


def record_heartbeat(*, source: str) -> Heartbeat:
    """Upsert the heartbeat of ``source``; harmless when delivered twice."""
    now = timezone.now()
    heartbeat, created = Heartbeat.objects.get_or_create(
        source=source, defaults={"beat_at": now, "count": 1}
    )
    if not created:
        Heartbeat.objects.filter(pk=heartbeat.pk).update(beat_at=now, count=F("count") + 1)
        heartbeat.refresh_from_db()
    return heartbeat
