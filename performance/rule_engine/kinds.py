"""``evaluate``: whether one event makes one rule fire, for each kind of rule (threshold,
personal best, most improved, team goal) and its guardrails. Reads only: processing fires
on the outcome, ``preview_rule`` shows it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from core import numbers
from people import selectors as people_selectors
from performance import selectors
from performance.models import Metric, PerformanceEvent, Rule
from performance.rule_engine.language import matches
from performance.rule_engine.statistics import (
    aggregate,
    better,
    improvement,
    metric_values,
    worse_by_more_than,
)
from performance.rule_engine.windows import (
    local_day,
    previous_starts,
    window_start,
    windows_metrics,
)

Window = list[Mapping[str, Any]]


class Outcome(NamedTuple):
    """A firing to make: its unique key, the context its messages are filled with, its
    window (None for a per-event rule) and, for a team goal, the team (the firing is the
    team's; each member gets the effects)."""

    key: str
    context: dict[str, Any]
    window_start: dt.date | None
    team_id: int | None = None


def evaluate(*, rule: Rule, event: PerformanceEvent) -> Outcome | None:
    """The firing ``event`` makes ``rule`` do, else None. An excluded event never fires."""
    if event.excluded or not matches(rule.condition, event.metrics):
        return None
    if not rule.aggregate:
        return Outcome(f"rule:{rule.pk}:event:{event.pk}", {**event.metrics, "count": 1}, None)
    days = rule.window_days or 1
    start = window_start(local_day(event.occurred_at), days)
    if rule.kind == Rule.Kind.TEAM_GOAL:
        return _team_goal(rule=rule, event=event, start=start)
    back = rule.baseline_windows if rule.kind != Rule.Kind.THRESHOLD else 0
    windows = windows_metrics(
        agent_ids=[event.agent_id],
        event_type_id=rule.event_type_id,
        start=start,
        window_days=days,
        back=back,
        condition=rule.condition,
    )
    current = windows.get(start, [])
    if len(current) < rule.min_count:
        return None
    previous = [
        windows[s]
        for s in previous_starts(start, days, back)
        if len(windows.get(s, ())) >= rule.min_count
    ]
    context = _JUDGES[rule.kind](rule, current, previous)
    if context is None or not _guardrails_hold(rule=rule, start=start, agent_ids=[event.agent_id]):
        return None
    key = f"rule:{rule.pk}:agent:{event.agent_id}:window:{start.isoformat()}"
    return Outcome(key, {**context, "days": days}, start)


def higher_is_better(rule: Rule) -> bool:
    """Which way the rule's aggregate metric is better (its ``Metric.direction``; a count
    is better higher). Read once per rule object: processing keeps the rules of a chunk."""
    cached: bool | None = getattr(rule, "_higher_is_better", None)
    if cached is None:
        direction = (
            Metric.objects.filter(event_type_id=rule.event_type_id, key=rule.aggregate_metric)
            .values_list("direction", flat=True)
            .first()
        )
        cached = rule.aggregate == Rule.Aggregate.COUNT or direction != Metric.Direction.LOWER
        rule._higher_is_better = cached  # type: ignore[attr-defined]
    return cached


# --- The kinds: each judges the current window against its own yardstick -------------------


def _threshold(rule: Rule, current: Window, previous: Sequence[Window]) -> dict[str, Any] | None:
    value = aggregate(rule.aggregate, rule.aggregate_metric, current)
    if rule.aggregate_value is not None and not numbers.compare(
        value, rule.aggregate_op, rule.aggregate_value
    ):
        return None
    return {"count": len(current), "value": round(value, 2)}


def _personal_best(
    rule: Rule, current: Window, previous: Sequence[Window]
) -> dict[str, Any] | None:
    if not previous:
        return None  # nothing of their own to beat yet
    higher = higher_is_better(rule)
    values = [aggregate(rule.aggregate, rule.aggregate_metric, window) for window in previous]
    best = max(values) if higher else min(values)
    value = aggregate(rule.aggregate, rule.aggregate_metric, current)
    if not better(value, best, higher_is_better=higher):
        return None
    return {"count": len(current), "value": round(value, 2), "best": round(best, 2)}


def _most_improved(
    rule: Rule, current: Window, previous: Sequence[Window]
) -> dict[str, Any] | None:
    # The window is judged on its first ``min_count`` events, whatever comes after: every
    # look processing takes (one per event) then sees the same sample. Looking again after
    # each new event and firing on the first "yes" would let noise win several times more
    # often than the two standard errors promise (tests/unit/performance/test_noise.py).
    sample = metric_values(rule.aggregate_metric, current[: rule.min_count])
    baseline = [
        value for window in previous for value in metric_values(rule.aggregate_metric, window)
    ]
    found = improvement(
        sample,
        baseline,
        higher_is_better=higher_is_better(rule),
        margin_percent=rule.margin_percent,
    )
    if found is None:
        return None
    return {
        "count": found.count,
        "value": round(found.value, 2),
        "baseline": round(found.baseline, 2),
        "improvement_percent": None if found.percent is None else round(found.percent, 1),
    }


Judge = Callable[[Rule, Window, Sequence[Window]], "dict[str, Any] | None"]
_JUDGES: dict[str, Judge] = {
    Rule.Kind.THRESHOLD: _threshold,
    Rule.Kind.PERSONAL_BEST: _personal_best,
    Rule.Kind.MOST_IMPROVED: _most_improved,
}


def _team_goal(*, rule: Rule, event: PerformanceEvent, start: dt.date) -> Outcome | None:
    """The team's aggregate over the window: the events of its current agents who take part
    in team goals (an agent who opted out counts for nothing and gets nothing)."""
    team_id = rule.team_id
    if team_id is None:
        team_id = people_selectors.agent_team_ids(user_ids=[event.agent_id]).get(event.agent_id)
    if team_id is None:
        return None
    members = selectors.team_goal_members(team_id=team_id)
    if event.agent_id not in members:
        return None  # not the team's, or opted out: this event cannot move its goal
    days = rule.window_days or 1
    current = windows_metrics(
        agent_ids=members,
        event_type_id=rule.event_type_id,
        start=start,
        window_days=days,
        back=0,
        condition=rule.condition,
    ).get(start, [])
    if len(current) < rule.min_count:
        return None
    context = _threshold(rule, current, ())
    if context is None or not _guardrails_hold(rule=rule, start=start, agent_ids=members):
        return None
    key = f"rule:{rule.pk}:team:{team_id}:window:{start.isoformat()}"
    return Outcome(key, {**context, "days": days}, start, team_id)


def _guardrails_hold(*, rule: Rule, start: dt.date, agent_ids: Sequence[int]) -> bool:
    """Whether every guardrail held: the agents' mean of its metric in this window is not
    worse than their mean over the rule's previous ``baseline_windows`` windows by more than
    its tolerance. No data on it this window, or none before: it held (nothing to say it
    got worse; processing cannot wait for QA reviews that may never come)."""
    if rule.pk is None:
        return True  # an unsaved rule (the editor's preview) has no guardrails yet
    days = rule.window_days or 1
    for guardrail in rule.guardrails.all():
        metric = guardrail.metric
        if metric.direction == Metric.Direction.NEUTRAL:
            continue
        windows = windows_metrics(
            agent_ids=agent_ids,
            event_type_id=metric.event_type_id,
            start=start,
            window_days=days,
            back=rule.baseline_windows,
        )
        now = metric_values(metric.key, windows.get(start, []))
        before = [
            value
            for s in previous_starts(start, days, rule.baseline_windows)
            for value in metric_values(metric.key, windows.get(s, []))
        ]
        if not now or not before:
            continue
        if worse_by_more_than(
            numbers.mean(now),
            numbers.mean(before),
            higher_is_better=metric.direction == Metric.Direction.HIGHER,
            tolerance_percent=guardrail.tolerance_percent,
        ):
            return False
    return True
