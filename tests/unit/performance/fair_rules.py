"""Builders shared by the rule-kind tests (unit, SQLite) and their PostgreSQL races
(tests/integration/test_rule_kinds_concurrency.py)."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from people.models import User
from performance.models import (
    EventType,
    Feedback,
    Integration,
    Metric,
    PerformanceEvent,
    Rule,
    RuleEffect,
    RuleFiring,
    RuleGuardrail,
)
from performance.services import processing
from recognition.models import LedgerEntry

LOCAL = ZoneInfo(settings.TIME_ZONE)
MONDAY = dt.date(2026, 3, 16)  # its 7-day window runs to Sunday 22 March
SUNDAY_NIGHT = dt.datetime.combine(MONDAY + dt.timedelta(days=6), dt.time(23), tzinfo=LOCAL)
POINTS = 25
_ids = itertools.count()


def event_type(slug: str) -> EventType:
    return EventType.objects.get_or_create(slug=slug, defaults={"name_en": slug, "name_es": slug})[
        0
    ]


def metric(slug: str, key: str, direction: str) -> Metric:
    return Metric.objects.get_or_create(
        event_type=event_type(slug),
        key=key,
        defaults={"name_en": key, "name_es": key, "direction": direction},
    )[0]


def make_rule(
    *,
    kind: str,
    type: str,
    metric_key: str = "",
    aggregate: str = "mean",
    op: str = ">=",
    value: float | None = None,
    min_count: int = 1,
    guard: Sequence[tuple[str, str, str, float]] = (),
    **fields: Any,
) -> Rule:
    """A weekly rule giving ``POINTS`` points and a feedback message; ``guard`` holds
    (event type, metric, direction, tolerance %) guardrails."""
    rule = Rule.objects.create(
        name_en=f"{kind} {type}",
        name_es=f"{kind} {type}",
        kind=kind,
        event_type=event_type(type),
        aggregate=aggregate,
        aggregate_metric=metric_key,
        aggregate_op=op,
        aggregate_value=value,
        window_days=7,
        min_count=min_count,
        **fields,
    )
    RuleEffect.objects.create(rule=rule, kind=RuleEffect.Kind.POINTS, points=POINTS)
    RuleEffect.objects.create(
        rule=rule, kind=RuleEffect.Kind.FEEDBACK, message_en="{value}", message_es="{value}"
    )
    for slug, key, direction, tolerance in guard:
        RuleGuardrail.objects.create(
            rule=rule, metric=metric(slug, key, direction), tolerance_percent=tolerance
        )
    return rule


def integration() -> Integration:
    return Integration.objects.get_or_create(name="Genesys Cloud")[0]


def store(
    agent: User,
    type: str,
    values: Sequence[float],
    *,
    week: int = 0,
    key: str = "value",
    excluded: bool = False,
) -> list[int]:
    """Events of ``agent`` with ``{key: value}``, spread over the week ``week`` weeks before
    (negative) the one of MONDAY; returns their ids."""
    monday = MONDAY + dt.timedelta(weeks=week)
    events = PerformanceEvent.objects.bulk_create(
        [
            PerformanceEvent(
                integration=integration(),
                external_id=f"e{next(_ids)}",
                agent=agent,
                event_type=event_type(type),
                occurred_at=dt.datetime.combine(
                    monday + dt.timedelta(days=n % 5), dt.time(9 + n % 8, n % 60), tzinfo=LOCAL
                ),
                metrics={key: value},
                excluded=excluded,
            )
            for n, value in enumerate(values)
        ]
    )
    return [e.pk for e in events]


def process(ids: Sequence[int]) -> int:
    return processing.process_events(event_ids=list(ids))


def points(agent: User, rule: Rule) -> int:
    return sum(
        LedgerEntry.objects.filter(
            account=agent, idempotency_key__startswith=f"rule:{rule.pk}:"
        ).values_list("amount", flat=True)
    )


def firings(rule: Rule) -> list[RuleFiring]:
    return list(RuleFiring.objects.filter(rule=rule).order_by("id"))


def feedback(agent: User, rule: Rule) -> list[Feedback]:
    return list(Feedback.objects.filter(agent=agent, firing__rule=rule))
