"""Event ingestion: validate each event, store the valid ones, answer per event.

Exactly-once starts here: ``(integration, external_id)`` is unique, and the answer to a
request body is stored, so a resent batch gets the same answer and creates nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import math
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from core import broker
from people.models import User
from performance.models import (
    AgentMapping,
    EventType,
    IngestionBatch,
    Integration,
    PerformanceEvent,
)

logger = logging.getLogger(__name__)

MAX_TEXT = 2000
MAX_FUTURE = dt.timedelta(minutes=5)
MAX_METRIC = 1e15


def body_fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _usable_number(value: float) -> bool:
    try:
        number = float(value)
    except OverflowError:  # an integer beyond any float
        return False
    return math.isfinite(number) and abs(number) <= MAX_METRIC


def _validate(
    raw: Any, *, types: dict[str, EventType], now: dt.datetime
) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check one event's shape. Returns (clean fields, errors by field)."""
    errors: dict[str, list[str]] = {}
    if not isinstance(raw, dict):
        return {}, {"event": ["Each event must be a JSON object."]}
    clean: dict[str, Any] = {}
    external_id = raw.get("external_id")
    if (
        not isinstance(external_id, str | int)
        or isinstance(external_id, bool)
        or not str(external_id).strip()
    ):
        errors["external_id"] = ["Required: a non-empty string."]
    elif len(str(external_id)) > 120:
        errors["external_id"] = ["At most 120 characters."]
    else:
        clean["external_id"] = str(external_id).strip()
    email, agent_id = raw.get("email"), raw.get("agent_external_id")
    if bool(email) == bool(agent_id):
        errors["agent"] = ['Give exactly one of "email" or "agent_external_id".']
    elif email is not None and not isinstance(email, str):
        errors["email"] = ["Must be a string."]
    elif agent_id is not None and not isinstance(agent_id, str | int):
        errors["agent_external_id"] = ["Must be a string."]
    else:
        clean["email"] = email.strip().lower() if email else None
        clean["agent_external_id"] = str(agent_id) if agent_id else None
    event_type = types.get(raw.get("type")) if isinstance(raw.get("type"), str) else None
    if event_type is None:
        errors["type"] = [f"Unknown event type. Known: {', '.join(sorted(types))}."]
    else:
        clean["event_type"] = event_type
    occurred = raw.get("occurred_at")
    parsed = parse_datetime(occurred) if isinstance(occurred, str) else None
    if parsed is None:
        errors["occurred_at"] = ["Required: an ISO 8601 date-time with a time zone."]
    elif timezone.is_naive(parsed):
        errors["occurred_at"] = ["Add a time zone offset (e.g. Z or -06:00)."]
    elif parsed > now + MAX_FUTURE:
        errors["occurred_at"] = ["Cannot be in the future."]
    else:
        clean["occurred_at"] = parsed
    metrics = raw.get("metrics", {})
    if not isinstance(metrics, dict) or any(
        not isinstance(k, str) or isinstance(v, bool) or not isinstance(v, int | float)
        for k, v in metrics.items()
    ):
        errors["metrics"] = ["Must be an object of numbers."]
    elif not all(_usable_number(v) for v in metrics.values()):
        # 1e999 is valid JSON (infinity); PostgreSQL's jsonb refuses it and sums overflow.
        errors["metrics"] = [f"Each metric must be a finite number within ±{MAX_METRIC:g}."]
    else:
        clean["metrics"] = metrics
    text = raw.get("text", "")
    if text is None:
        text = ""
    if not isinstance(text, str):
        errors["text"] = ["Must be a string."]
    elif len(text) > MAX_TEXT:
        errors["text"] = [f"At most {MAX_TEXT} characters."]
    else:
        clean["text"] = text.strip()
    unknown = set(raw) - {
        "external_id",
        "email",
        "agent_external_id",
        "type",
        "occurred_at",
        "metrics",
        "text",
    }
    if unknown:
        errors["fields"] = [f"Unknown fields: {', '.join(sorted(unknown))}."]
    return clean, errors


def ingest_events(
    *, integration: Integration, events: Sequence[Any], body: bytes
) -> dict[str, Any]:
    """Store the valid events of one batch and answer per event: accepted, duplicate or
    rejected (with reasons). Processing is enqueued after commit."""
    fingerprint = body_fingerprint(body)
    stored = IngestionBatch.objects.filter(integration=integration, body_sha256=fingerprint).first()
    if stored is not None:
        return json.loads(stored.response_json)
    try:
        return _ingest(integration=integration, events=events, fingerprint=fingerprint)
    except IntegrityError:
        # The same body was being ingested at the same moment: answer what it answered.
        stored = IngestionBatch.objects.get(integration=integration, body_sha256=fingerprint)
        return json.loads(stored.response_json)


def _ingest(*, integration: Integration, events: Sequence[Any], fingerprint: str) -> dict[str, Any]:
    now = timezone.now()
    types = {t.slug: t for t in EventType.objects.filter(active=True)}
    checked = [_validate(raw, types=types, now=now) for raw in events]

    emails = {c["email"] for c, e in checked if not e and c.get("email")}
    agent_ids = {c["agent_external_id"] for c, e in checked if not e and c.get("agent_external_id")}
    users_by_email = {
        u.email: u.pk
        for u in User.objects.filter(email__in=emails, is_active=True).only("id", "email")
    }
    users_by_agent_id = dict(
        AgentMapping.objects.filter(
            integration=integration, external_agent_id__in=agent_ids, user__is_active=True
        ).values_list("external_agent_id", "user_id")
    )
    external_ids = [c["external_id"] for c, e in checked if not e]
    already = set(
        PerformanceEvent.objects.filter(
            integration=integration, external_id__in=external_ids
        ).values_list("external_id", flat=True)
    )

    results: list[dict[str, Any]] = []
    to_create: list[PerformanceEvent] = []
    seen: set[str] = set()
    for index, (clean, errors) in enumerate(checked):
        external_id = clean.get("external_id")
        if not errors:
            agent_pk = (
                users_by_email.get(clean["email"])
                if clean["email"]
                else users_by_agent_id.get(clean["agent_external_id"])
            )
            if agent_pk is None:
                errors = {"agent": ["Unknown agent for this integration."]}
        if errors:
            results.append(
                {"index": index, "external_id": external_id, "status": "rejected", "errors": errors}
            )
            continue
        if external_id in already or external_id in seen:
            results.append({"index": index, "external_id": external_id, "status": "duplicate"})
            continue
        seen.add(external_id)
        to_create.append(
            PerformanceEvent(
                integration=integration,
                external_id=external_id,
                agent_id=agent_pk,
                event_type=clean["event_type"],
                occurred_at=clean["occurred_at"],
                metrics=clean["metrics"],
                text=clean["text"],
            )
        )
        results.append({"index": index, "external_id": external_id, "status": "accepted"})

    with transaction.atomic():
        batch = IngestionBatch.objects.create(
            integration=integration, body_sha256=fingerprint, response_json="{}"
        )
        for event in to_create:
            event.batch = batch
        PerformanceEvent.objects.bulk_create(to_create, batch_size=500, ignore_conflicts=True)
        ids_by_external = dict(
            PerformanceEvent.objects.filter(batch=batch).values_list("external_id", "id")
        )
        for result in results:
            # Lost a race with another batch carrying the same event: it is a duplicate.
            if result["status"] == "accepted" and result["external_id"] not in ids_by_external:
                result["status"] = "duplicate"
        response = {
            "accepted": sum(r["status"] == "accepted" for r in results),
            "duplicates": sum(r["status"] == "duplicate" for r in results),
            "rejected": sum(r["status"] == "rejected" for r in results),
            "results": results,
        }
        batch.response_json = json.dumps(response)
        batch.save(update_fields=["response_json"])
        transaction.on_commit(
            partial(enqueue_processing, event_ids=sorted(ids_by_external.values())), robust=True
        )
    return response


def enqueue_processing(*, event_ids: Sequence[int]) -> None:
    """Send the events to the workers in chunks. If the broker is down (or was moments
    ago), log and carry on at once: the events are stored as pending and the sweeper
    re-enqueues them later."""
    from performance.tasks import process_events_task

    chunk = settings.EVENTS_PROCESS_CHUNK
    for start in range(0, len(event_ids), chunk):
        if not broker.enqueue(process_events_task, list(event_ids[start : start + chunk])):
            logger.warning(
                "Could not enqueue %s events; the sweeper will pick them up.",
                len(event_ids) - start,
            )
            return
