"""Event ingestion: validate each event, store the valid ones, answer per event.

Exactly-once starts here: ``(integration, external_id)`` is unique, and the answer to a
request body is stored, so a resent batch gets the same answer and creates nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from rest_framework.exceptions import ValidationError

from core import broker
from people.models import User
from performance.models import (
    AgentMapping,
    EventType,
    IngestionBatch,
    Integration,
    PerformanceEvent,
)
from performance.serializers import EventInputSerializer

logger = logging.getLogger(__name__)

# Key of the stored answer holding the rejected events' reasons in every language; it is
# taken out before answering (``_in_active_language``).
ERRORS_BY_LANGUAGE = "errors_by_language"
UNKNOWN_AGENT = gettext_lazy("Unknown agent for this integration.")
PROCESS_EVENTS_TASK = "performance.tasks.process_events_task"


def body_fingerprint(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _messages(detail: Any) -> list[str]:
    """A field's errors as a flat list of strings; a metric's errors name the metric."""
    if isinstance(detail, dict):
        return [
            f"{key}: {message}" for key, value in detail.items() for message in _messages(value)
        ]
    if isinstance(detail, list):
        return [message for item in detail for message in _messages(item)]
    return [str(detail)]


def _validate(
    events: Sequence[Any], *, types: dict[str, EventType], now: dt.datetime
) -> list[tuple[dict[str, Any], dict[str, list[str]]]]:
    """Each event's clean fields, or its errors by field and its external id if that one
    is valid, through the one serializer the API documents. One instance checks the whole
    batch: its fields are built once, not per event (``bench/bench_ingestion.py``)."""
    serializer = EventInputSerializer(context={"types": types, "now": now})
    external_id_field = serializer.fields["external_id"]
    checked: list[tuple[dict[str, Any], dict[str, list[str]]]] = []
    for raw in events:
        try:
            checked.append((serializer.run_validation(raw), {}))
        except ValidationError as exc:
            detail = exc.detail if isinstance(exc.detail, dict) else {"event": exc.detail}
            errors = {str(field): _messages(value) for field, value in detail.items()}
            known: dict[str, Any] = {}
            if isinstance(raw, dict) and "external_id" not in errors:
                known["external_id"] = external_id_field.run_validation(raw["external_id"])
            checked.append((known, errors))
    return checked


def ingest_events(
    *, integration: Integration, events: Sequence[Any], body: bytes
) -> dict[str, Any]:
    """Store the valid events of one batch and answer per event: accepted, duplicate or
    rejected (with reasons). Processing is enqueued after commit."""
    fingerprint = body_fingerprint(body)
    stored = IngestionBatch.objects.filter(integration=integration, body_sha256=fingerprint).first()
    if stored is not None:
        return _in_active_language(json.loads(stored.response_json))
    try:
        return _in_active_language(
            _ingest(integration=integration, events=events, fingerprint=fingerprint)
        )
    except IntegrityError:
        # The same body was being ingested at the same moment: answer what it answered.
        stored = IngestionBatch.objects.get(integration=integration, body_sha256=fingerprint)
        return _in_active_language(json.loads(stored.response_json))


def _in_active_language(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored answer with each rejected event's reasons in the active language (the
    request's): the same body resent with another Accept-Language, or the same CSV
    uploaded again by someone reading in another language, gets the same answer in its
    own words. Answers stored before reasons were kept per language are returned as
    they are."""
    by_language = stored.pop(ERRORS_BY_LANGUAGE, None)
    if by_language:
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        errors = by_language.get(language) or by_language.get(settings.LANGUAGE_CODE[:2]) or {}
        for result in stored["results"]:
            if str(result["index"]) in errors:
                result["errors"] = errors[str(result["index"])]
    return stored


def _errors_in_every_language(
    events: Sequence[Any],
    results: list[dict[str, Any]],
    *,
    types: dict[str, EventType],
    now: dt.datetime,
) -> dict[str, dict[str, dict[str, list[str]]]]:
    """Each rejected event's reasons in every language of the site, found by validating
    those events again (rejected ones only: a handful, not the batch)."""
    rejected = [r for r in results if r["status"] == "rejected"]
    if not rejected:
        return {}
    by_language: dict[str, dict[str, dict[str, list[str]]]] = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            checked = _validate([events[r["index"]] for r in rejected], types=types, now=now)
            by_language[code] = {
                str(result["index"]): errors or {"agent": [str(UNKNOWN_AGENT)]}
                for result, (_clean, errors) in zip(rejected, checked, strict=True)
            }
    return by_language


def _ingest(*, integration: Integration, events: Sequence[Any], fingerprint: str) -> dict[str, Any]:
    now = timezone.now()
    types = {t.slug: t for t in EventType.objects.filter(active=True)}
    checked = _validate(events, types=types, now=now)

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
    results: list[dict[str, Any]] = []
    to_create: list[PerformanceEvent] = []
    seen: set[str] = set()
    for index, (clean, errors) in enumerate(checked):
        agent_pk = None
        if not errors:
            agent_pk = (
                users_by_email.get(clean["email"])
                if clean["email"]
                else users_by_agent_id.get(clean["agent_external_id"])
            )
            if agent_pk is None:
                errors = {"agent": [str(UNKNOWN_AGENT)]}
        if errors or agent_pk is None:
            rejected = {"index": index, "external_id": clean.get("external_id")}
            results.append({**rejected, "status": "rejected", "errors": errors})
            continue
        external_id: str = clean["external_id"]
        if external_id in seen:
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
                excluded=clean["excluded"],
                exclusion_reason=clean["exclusion_reason"],
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
            # Not inserted: stored before (by an earlier batch, or by another one at the same
            # moment), so a duplicate. The insert itself tells, without a query beforehand.
            if result["status"] == "accepted" and result["external_id"] not in ids_by_external:
                result["status"] = "duplicate"
        response = {
            "accepted": sum(r["status"] == "accepted" for r in results),
            "duplicates": sum(r["status"] == "duplicate" for r in results),
            "rejected": sum(r["status"] == "rejected" for r in results),
            "results": results,
        }
        by_language = _errors_in_every_language(events, results, types=types, now=now)
        if by_language:
            response[ERRORS_BY_LANGUAGE] = by_language
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
    # The task by its registered name: tasks import the services, never the other way
    # round (no import cycle). ``PerformanceConfig.ready`` registers it in every process.
    task = current_app.tasks[PROCESS_EVENTS_TASK]
    chunk = settings.EVENTS_PROCESS_CHUNK
    for start in range(0, len(event_ids), chunk):
        if not broker.enqueue(task, list(event_ids[start : start + chunk])):
            logger.warning(
                "Could not enqueue %s events; the sweeper will pick them up.",
                len(event_ids) - start,
            )
            return
