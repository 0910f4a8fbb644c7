from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.models import AuditEvent, Heartbeat

if TYPE_CHECKING:
    # core sits below people, so it cannot name ``people.models.User``: django-stubs' ``_User``
    # is the placeholder its mypy plugin reads as settings.AUTH_USER_MODEL. An anonymous
    # visitor or ``None`` (the system: a rule, a task) is audited without an actor.
    from django.contrib.auth.models import AnonymousUser, _User

    Actor = _User | AnonymousUser | None


def record_audit_event(
    *,
    actor: Actor,
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


def record_audit_events(
    *,
    actor: Actor,
    verb: str,
    targets: Sequence[tuple[models.Model, dict[str, Any]]],
) -> None:
    """Write one audit row per ``(target, data)`` in a single insert (a page that shows many
    records audits them all at once); ``bulk_create`` skips model hooks, and there are none."""
    if not targets:
        return
    actor = actor if actor is not None and actor.is_authenticated else None
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor,
            verb=verb,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            data=data,
        )
        for target, data in targets
    )


def clean_names(*, name_en: str, name_es: str) -> tuple[str, str]:
    """Both names of a bilingual record (tracks, rules, badges, rewards), stripped; a 400
    naming the missing language otherwise."""
    name_en, name_es = name_en.strip(), name_es.strip()
    errors: dict[str, list[str]] = {}
    if not name_en:
        errors["name_en"] = [_("Give the name in English.")]
    if not name_es:
        errors["name_es"] = [_("Give the name in Spanish.")]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return name_en, name_es


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
