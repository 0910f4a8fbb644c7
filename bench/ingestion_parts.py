"""What ``bench_ingestion.py`` ingests and processes with: the API client and its
``bulk_create`` baseline, processing in chunks, and the extra rules of each fair kind."""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.test import Client
from django.urls import reverse

from people.models import User
from performance import simulator
from performance.models import (
    EventType,
    Integration,
    Metric,
    PerformanceEvent,
    Rule,
    RuleEffect,
    RuleGuardrail,
)
from performance.services import ingestion, processing
from performance.services.keys import create_api_key, create_integration

URL = reverse("api:events-ingest")

Batch = list[dict[str, Any]]


# One more rule of each fair kind on top of the default rules (which hold one of each
# too), on other event types, so (b2) judges every event type with some new kind.
NEW_KIND_RULES: list[dict[str, Any]] = [
    {
        "name_en": "Bench: shorter escalations, CSAT held",
        "event_type": "escalation",
        "aggregate": "mean",
        "aggregate_metric": "handle_time_s",
        "aggregate_op": "<=",
        "aggregate_value": 1800,
        "window_days": 7,
        "min_count": 2,
        "guardrails": [("csat_response", "score", 5)],
    },
    {
        "name_en": "Bench: best adherence week",
        "event_type": "adherence",
        "kind": "personal_best",
        "aggregate": "mean",
        "aggregate_metric": "percent",
        "window_days": 7,
        "min_count": 3,
    },
    {
        "name_en": "Bench: most improved CSAT",
        "event_type": "csat_response",
        "kind": "most_improved",
        "aggregate": "mean",
        "aggregate_metric": "score",
        "window_days": 7,
        "min_count": 10,
        "guardrails": [("qa_review", "score", 5)],
    },
    {
        "name_en": "Bench: team adherence goal",
        "event_type": "adherence",
        "kind": "team_goal",
        "aggregate": "mean",
        "aggregate_metric": "percent",
        "aggregate_value": 93,
        "window_days": 7,
        "min_count": 20,
    },
]


def fair_default_rules() -> QuerySet[Rule]:
    """The default rules that issue 15 added: a kind of their own or guardrails."""
    return Rule.objects.filter(
        ~Q(kind=Rule.Kind.THRESHOLD) | Q(guardrails__isnull=False)
    ).distinct()


def add_new_kind_rules() -> None:
    for spec in NEW_KIND_RULES:
        spec = dict(spec)
        guardrails = spec.pop("guardrails", ())
        rule = Rule.objects.create(
            name_es=spec["name_en"],
            event_type=EventType.objects.get(slug=spec.pop("event_type")),
            **spec,
        )
        RuleEffect.objects.create(
            rule=rule, kind=RuleEffect.Kind.FEEDBACK, message_en="{value}", message_es="{value}"
        )
        RuleEffect.objects.create(rule=rule, kind=RuleEffect.Kind.POINTS, points=5)
        for slug, key, tolerance in guardrails:
            RuleGuardrail.objects.create(
                rule=rule,
                metric=Metric.objects.get(event_type__slug=slug, key=key),
                tolerance_percent=tolerance,
            )


class Baseline:
    """``bulk_create`` of the rows the API stores, for an integration of its own."""

    def __init__(self, name: str, agents: list[User]) -> None:
        self.integration = Integration.objects.create(name=name)
        self.agent_ids = {a.email: a.pk for a in agents}
        self.type_ids = dict(EventType.objects.values_list("slug", "id"))

    def rows(self, batch: Batch) -> list[PerformanceEvent]:
        return [
            PerformanceEvent(
                integration=self.integration,
                external_id=event["external_id"],
                agent_id=self.agent_ids[event["email"]],
                event_type_id=self.type_ids[event["type"]],
                occurred_at=dt.datetime.fromisoformat(event["occurred_at"]),
                metrics=event.get("metrics", {}),
                text=event.get("text", ""),
            )
            for event in batch
        ]

    def insert(self, batch: Batch) -> float:
        rows = self.rows(batch)  # built outside the clock: the baseline is the database
        started = time.perf_counter()
        with transaction.atomic():
            PerformanceEvent.objects.bulk_create(rows, batch_size=len(rows))
        return time.perf_counter() - started


class Api:
    def __init__(self, name: str) -> None:
        self.integration = create_integration(actor=None, name=name)
        _key, secret = create_api_key(actor=None, integration=self.integration)
        self.client = Client()
        self.auth = f"Api-Key {secret}"

    def post(self, batch: Batch) -> float:
        body = simulator.encode_batch(batch)
        started = time.perf_counter()
        response = self.client.post(
            URL, body, content_type="application/json", HTTP_AUTHORIZATION=self.auth
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(
                f"POST {URL} answered {response.status_code}: {response.content[:300]!r}"
            )
        answer = response.json()
        if answer["accepted"] != len(batch):
            raise SystemExit(f"only {answer['accepted']} of {len(batch)} accepted: {answer}")
        return elapsed

    def event_ids(self) -> list[int]:
        return list(
            PerformanceEvent.objects.filter(integration=self.integration)
            .order_by("id")
            .values_list("id", flat=True)
        )


@contextlib.contextmanager
def enqueue_disabled() -> Iterator[None]:
    """Ingestion without its after-commit enqueue: (a) times the API alone."""
    real = ingestion.enqueue_processing
    ingestion.enqueue_processing = lambda *, event_ids: None
    try:
        yield
    finally:
        ingestion.enqueue_processing = real


def process_all(event_ids: list[int]) -> int:
    chunk = settings.EVENTS_PROCESS_CHUNK
    return sum(
        processing.process_events(event_ids=event_ids[start : start + chunk])
        for start in range(0, len(event_ids), chunk)
    )
