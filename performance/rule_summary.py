"""A rule in a few plain words for HR's list of rules: "Average of Handle time (seconds)
≤ 300 over 7-day windows, with at least 20 events". The stored JSON stays in the API."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import numbers
from performance.models import Metric, Rule
from performance.rule_forms import editable_rows

SYMBOLS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}


def _metric(key: str, metrics: Mapping[str, Metric]) -> str:
    metric = metrics.get(key)
    return metric.name if metric is not None else key


def _comparison(item: Mapping[str, Any], metrics: Mapping[str, Metric]) -> str:
    value = item.get("value")
    shown = numbers.readable(value) if isinstance(value, int | float) else str(value)
    symbol = SYMBOLS.get(item.get("op", ""), "?")
    return f"{_metric(str(item.get('metric')), metrics)} {symbol} {shown}"


def condition_text(condition: Any, metrics: Mapping[str, Metric]) -> str:
    """The events that count, in words; "" for every event."""
    rows = editable_rows(condition)
    if rows is None:
        return _("A nested condition (see it in the API).")
    match, items = rows
    if not items:
        return ""
    joiner = _(" and ") if match == "all" else _(" or ")
    return joiner.join(_comparison(item, metrics) for item in items)


def summarise_rule(rule: Rule, metrics: Mapping[str, Metric]) -> dict[str, str]:
    """``metrics``: the rule's event type's metrics by key (prefetched by the list)."""
    when = ""
    if rule.aggregate:
        what = rule.get_aggregate_display()
        if rule.aggregate != Rule.Aggregate.COUNT:
            what = f"{what} ({_metric(rule.aggregate_metric, metrics)})"
        if rule.kind == Rule.Kind.PERSONAL_BEST:
            target = _("beats the agent's best of the previous %(n)s windows") % {
                "n": rule.baseline_windows
            }
        elif rule.kind == Rule.Kind.MOST_IMPROVED:
            target = _(
                "beats the agent's baseline of the previous %(n)s windows by more than %(m)s %%"
            ) % {"n": rule.baseline_windows, "m": numbers.readable(rule.margin_percent)}
        elif rule.aggregate_value is not None:
            symbol = SYMBOLS.get(rule.aggregate_op, "?")
            target = f"{symbol} {numbers.readable(rule.aggregate_value)}"
        else:
            target = ""
        window = ngettext(
            "over %(days)s-day windows", "over %(days)s-day windows", rule.window_days or 1
        ) % {"days": rule.window_days}
        when = " ".join(part for part in (what, target, window) if part)
        if rule.min_count > 1:
            when += ngettext(
                ", with at least %(count)s event",
                ", with at least %(count)s events",
                rule.min_count,
            ) % {"count": rule.min_count}
    # A fixed threshold is the plain case: only the other kinds are named.
    kind = "" if rule.kind == Rule.Kind.THRESHOLD else str(rule.get_kind_display())
    if rule.kind == Rule.Kind.TEAM_GOAL:
        kind = (
            _("Team goal for %(team)s") % {"team": rule.team}
            if rule.team is not None
            else _("Team goal, each team on its own")
        )
    return {"kind": kind, "condition": condition_text(rule.condition, metrics), "when": when}
