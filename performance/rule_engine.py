"""The rule engine: the declarative rule language (conditions over event metrics, no code)
and ``evaluate``, which judges one event against one rule.

A condition is ``{}`` (always true), a comparison ``{"metric": "score", "op": ">=",
"value": 4}``, or a group ``{"all": [...]}`` / ``{"any": [...]}`` of conditions.

Editing rules is ``services.rules``; turning a firing into effects is ``services.processing``.
Nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from core import numbers
from performance.models import PerformanceEvent, Rule

# Comparisons go through core.numbers.compare: values within rounding noise of the
# threshold are equal, so a weekly mean of 4.5 meets "≥ 4.5" however the floats added up.
OPERATORS = numbers.OPERATORS
MAX_DEPTH = 4


class InvalidCondition(ValueError):
    pass


def validate_condition(condition: Any, *, depth: int = 0) -> None:
    """Raise ``InvalidCondition`` with a readable reason when ``condition`` is malformed."""
    if depth > MAX_DEPTH:
        raise InvalidCondition(_("Conditions may nest at most four levels."))
    if not isinstance(condition, Mapping):
        raise InvalidCondition(_("A condition must be an object."))
    if not condition:
        return
    groups = [key for key in ("all", "any") if key in condition]
    if groups:
        if len(condition) != 1:
            raise InvalidCondition(_("A group has exactly one key: “all” or “any”."))
        items = condition[groups[0]]
        if not isinstance(items, list) or not items:
            raise InvalidCondition(
                _("“%(group)s” needs a non-empty list of conditions.") % {"group": groups[0]}
            )
        for item in items:
            validate_condition(item, depth=depth + 1)
        return
    if set(condition) != {"metric", "op", "value"}:
        raise InvalidCondition(_("A comparison has exactly “metric”, “op” and “value”."))
    if not isinstance(condition["metric"], str) or not condition["metric"]:
        raise InvalidCondition(_("The metric must be a name."))
    if condition["op"] not in OPERATORS:
        raise InvalidCondition(_("Unknown comparison “%(op)s”.") % {"op": condition["op"]})
    value = condition["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidCondition(_("The value must be a number."))


def matches(condition: Mapping[str, Any], metrics: Mapping[str, Any]) -> bool:
    """Evaluate a validated condition; a missing metric makes its comparison false."""
    if not condition:
        return True
    if "all" in condition:
        return all(matches(item, metrics) for item in condition["all"])
    if "any" in condition:
        return any(matches(item, metrics) for item in condition["any"])
    value = metrics.get(condition["metric"])
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return numbers.compare(value, condition["op"], condition["value"])


def window_start(day: dt.date, window_days: int) -> dt.date:
    """Fixed windows of ``window_days`` days counted from 2000-01-03 (a Monday), so every
    event falls in exactly one window however late or out of order it arrives: a 7-day
    window is a Monday-to-Sunday week."""
    epoch = dt.date(2000, 1, 3)
    offset = (day - epoch).days // window_days * window_days
    return epoch + dt.timedelta(days=offset)


def aggregate(kind: str, metric: str, events_metrics: list[Mapping[str, Any]]) -> float:
    if kind == "count":
        return float(len(events_metrics))
    values = []
    for m in events_metrics:
        value = m.get(metric)
        if isinstance(value, bool) or not isinstance(value, int | float):
            continue
        try:
            number = float(value)
        except OverflowError:  # an integer too large for a float: not a usable measure
            continue
        if math.isfinite(number):
            values.append(number)
    if not values:
        return 0.0
    return numbers.total(values) if kind == "sum" else numbers.mean(values)


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render(template: str, context: Mapping[str, Any]) -> str:
    """Fill ``{placeholders}`` with plain values (no attribute access, unlike
    ``str.format``); unknown ones stay visible instead of failing."""

    def fill(match: re.Match[str]) -> str:
        value = context.get(match.group(1))
        if value is None:
            return match.group(0)
        # a person reads it: 4,5 in Spanish, 4.5 in English (the active language)
        return numbers.readable(value, decimals=2) if isinstance(value, float) else str(value)

    return PLACEHOLDER.sub(fill, template)


def evaluate(
    *, rule: Rule, event: PerformanceEvent
) -> tuple[str, dict[str, Any], dt.date | None] | None:
    """(firing key, template context, window start) when ``event`` makes ``rule`` fire,
    else None. Reads only: processing fires on it, ``preview_rule`` shows it."""
    if not matches(rule.condition, event.metrics):
        return None
    if not rule.aggregate:
        context = {**event.metrics, "count": 1}
        return f"rule:{rule.pk}:event:{event.pk}", context, None
    # Windows are days of the organisation's calendar, never of whoever is looking:
    # the firing key must be the same in a worker and in a request on a person's clock.
    tz = timezone.get_default_timezone()
    local_day = timezone.localtime(event.occurred_at, tz).date()
    start = window_start(local_day, rule.window_days or 1)
    begins = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    ends = begins + dt.timedelta(days=rule.window_days or 1)
    window_metrics = [
        m
        for m in PerformanceEvent.objects.filter(
            agent_id=event.agent_id,
            event_type_id=rule.event_type_id,
            occurred_at__gte=begins,
            occurred_at__lt=ends,
        ).values_list("metrics", flat=True)
        if matches(rule.condition, m)
    ]
    count = len(window_metrics)
    if count < rule.min_count:
        return None
    value = aggregate(rule.aggregate, rule.aggregate_metric, window_metrics)
    if rule.aggregate_value is not None and not numbers.compare(
        value, rule.aggregate_op, rule.aggregate_value
    ):
        return None
    context = {"count": count, "value": round(value, 2), "days": rule.window_days}
    return f"rule:{rule.pk}:agent:{event.agent_id}:window:{start.isoformat()}", context, start
