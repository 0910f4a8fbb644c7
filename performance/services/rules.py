"""HR's writes on rules, with the rule language validated before anything is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import clean_names, record_audit_event
from people import selectors as people_selectors
from people.models import Team, User
from people.permissions import require_hr
from performance import rule_engine
from performance.models import (
    EventType,
    Metric,
    PerformanceEvent,
    Rule,
    RuleEffect,
    RuleGuardrail,
)


def declared_metrics(event_type: EventType | None) -> dict[str, Metric]:
    """The metrics ``event_type`` declares, by the name integrations send."""
    if event_type is None:
        return {}
    return {metric.key: metric for metric in Metric.objects.filter(event_type=event_type)}


@dataclass(frozen=True)
class GuardrailInput:
    """A guardrail as the editor and the API give it: a metric of an event type by name."""

    event_type: EventType
    metric: str
    tolerance_percent: float = 0


# Which comparisons reward a move in each direction: "≥" on a lower-is-better metric
# rewards it getting worse, which is what ``rule_warnings`` points out.
_REWARDING = {
    Metric.Direction.HIGHER: {">", ">="},
    Metric.Direction.LOWER: {"<", "<="},
}


def rule_field_errors(
    *,
    condition: Any,
    aggregate: str,
    aggregate_metric: str,
    aggregate_op: str,
    aggregate_value: float | None,
    window_days: int | None,
    event_type: EventType | None = None,
    kind: str = Rule.Kind.THRESHOLD,
    min_count: int = 1,
    baseline_windows: int = 4,
    margin_percent: float = 10,
    team: Team | None = None,
    guardrails: Sequence[GuardrailInput] = (),
) -> dict[str, list[str]]:
    """What is wrong with a rule's condition, window, kind and guardrails, by field (empty:
    nothing). ``save_rule`` refuses with these; the editor and the API show them."""
    errors: dict[str, list[str]] = {}
    try:
        rule_engine.validate_condition(condition)
    except rule_engine.InvalidCondition as exc:
        errors["condition"] = [str(exc)]
    declared = declared_metrics(event_type)
    type_name = event_type.name if event_type is not None else ""

    def unknown(name: str) -> str:
        return _(
            "“%(metric)s” is not a metric of “%(type)s”. Declare it on the event type first."
        ) % {"metric": name, "type": type_name}

    if event_type is not None and "condition" not in errors:
        missing = sorted({metric for metric, _op in _comparisons(condition)} - declared.keys())
        if missing:
            errors["condition"] = [unknown(name) for name in missing]
    if kind not in Rule.Kind.values:
        errors["kind"] = [_("Unknown kind of rule.")]
    if aggregate:
        if aggregate not in Rule.Aggregate.values:
            errors["aggregate"] = [_("Unknown aggregate.")]
        if not window_days or window_days < 1 or window_days > 366:
            errors["window_days"] = [_("A windowed rule needs a window of 1 to 366 days.")]
        if aggregate != Rule.Aggregate.COUNT and not aggregate_metric:
            errors["aggregate_metric"] = [_("Name the metric to aggregate.")]
        elif aggregate_metric and event_type is not None and aggregate_metric not in declared:
            errors["aggregate_metric"] = [unknown(aggregate_metric)]
        if aggregate_op not in rule_engine.OPERATORS:
            errors["aggregate_op"] = [_("Unknown comparison.")]
    compares_with_self = kind in (Rule.Kind.PERSONAL_BEST, Rule.Kind.MOST_IMPROVED)
    if kind != Rule.Kind.THRESHOLD and not aggregate:
        errors["aggregate"] = [_("This kind of rule compares windows: choose an aggregate.")]
    if aggregate and not compares_with_self and aggregate_value is None:
        errors["aggregate_value"] = [_("Give the threshold to compare with.")]
    if compares_with_self:
        if not 1 <= baseline_windows <= 52:
            errors["baseline_windows"] = [_("Compare with 1 to 52 previous windows.")]
        metric = declared.get(aggregate_metric)
        if metric is not None and metric.direction == Metric.Direction.NEUTRAL:
            errors["aggregate_metric"] = [
                _("“%(metric)s” is context only: no rule may reward moving it.")
                % {"metric": metric.name}
            ]
    if kind == Rule.Kind.MOST_IMPROVED:
        if aggregate and aggregate != Rule.Aggregate.MEAN:
            errors["aggregate"] = [_("Most improved compares averages: choose the average.")]
        if not 0 <= margin_percent <= 100:
            errors["margin_percent"] = [_("The margin is a percentage from 0 to 100.")]
        if min_count < 2:
            errors["min_count"] = [
                _("Most improved needs at least two events a window to tell noise apart.")
            ]
    if kind == Rule.Kind.TEAM_GOAL and team is not None and not team_has_agents(team=team):
        errors["team"] = [_("This team has no members yet.")]
    if kind != Rule.Kind.TEAM_GOAL and team is not None:
        errors["team"] = [_("Only a team goal is for a team.")]
    guardrail_errors = _guardrail_errors(guardrails=guardrails, windowed=bool(aggregate))
    if guardrail_errors:
        errors["guardrails"] = guardrail_errors
    return errors


def team_has_agents(*, team: Team) -> bool:
    return people_selectors.team_agents(team=team).exists()


def _guardrail_errors(*, guardrails: Sequence[GuardrailInput], windowed: bool) -> list[str]:
    if not guardrails:
        return []
    if not windowed:
        return [_("A guardrail compares windows: choose an aggregate and a window first.")]
    errors, seen = [], set()
    for guardrail in guardrails:
        metric = declared_metrics(guardrail.event_type).get(guardrail.metric)
        if metric is None:
            errors.append(
                _("“%(type)s” never carries “%(metric)s”.")
                % {"type": guardrail.event_type.name, "metric": guardrail.metric}
            )
        elif metric.direction == Metric.Direction.NEUTRAL:
            errors.append(
                _("“%(metric)s” is context only: it cannot get worse.") % {"metric": metric.name}
            )
        elif metric.pk in seen:
            errors.append(_("“%(metric)s” is guarded twice.") % {"metric": metric.name})
        else:
            seen.add(metric.pk)
        if not 0 <= guardrail.tolerance_percent <= 100:
            errors.append(_("A tolerance is a percentage from 0 to 100."))
    return errors


def rule_warnings(
    *,
    condition: Any,
    aggregate: str,
    aggregate_metric: str,
    aggregate_op: str,
    event_type: EventType | None,
    kind: str = Rule.Kind.THRESHOLD,
) -> list[str]:
    """Mistakes that may be intended, shown but not refused: a comparison that rewards a
    metric moving the wrong way ("≥" on handle time)."""
    declared = declared_metrics(event_type)
    comparisons: list[tuple[str, str]] = list(_comparisons(condition))
    if (
        aggregate
        and aggregate != Rule.Aggregate.COUNT
        and kind
        in (
            Rule.Kind.THRESHOLD,
            Rule.Kind.TEAM_GOAL,
        )
    ):
        comparisons.append((aggregate_metric, aggregate_op))
    warnings = []
    for name, op in comparisons:
        metric = declared.get(name)
        if metric is None or metric.direction not in _REWARDING:
            continue
        if op not in _REWARDING[Metric.Direction(metric.direction)] and op not in ("==", "!="):
            if metric.direction == Metric.Direction.LOWER:
                text = _("“%(metric)s” is better when lower: “%(op)s” rewards it getting worse.")
            else:
                text = _("“%(metric)s” is better when higher: “%(op)s” rewards it getting worse.")
            warnings.append(text % {"metric": metric.name, "op": op})
    return warnings


def _comparisons(condition: Any) -> Iterator[tuple[str, str]]:
    if not isinstance(condition, dict):
        return
    for group in ("all", "any"):
        items = condition.get(group)
        if isinstance(items, list):
            for item in items:
                yield from _comparisons(item)
    if isinstance(condition.get("metric"), str) and isinstance(condition.get("op"), str):
        yield condition["metric"], condition["op"]


@transaction.atomic
def save_rule(
    *,
    actor: User,
    rule: Rule | None,
    name_en: str,
    name_es: str,
    event_type: EventType,
    condition: dict[str, Any],
    aggregate: str = "",
    aggregate_metric: str = "",
    aggregate_op: str = ">=",
    aggregate_value: float | None = None,
    window_days: int | None = None,
    min_count: int = 1,
    cooldown_days: int = 0,
    active: bool = True,
    kind: str = Rule.Kind.THRESHOLD,
    baseline_windows: int = 4,
    margin_percent: float = 10,
    team: Team | None = None,
    guardrails: Sequence[GuardrailInput] = (),
    effects: Sequence[dict[str, Any]] = (),
) -> Rule:
    """Create or update a rule and replace its effects and guardrails (HR only)."""
    require_hr(actor)
    errors = rule_field_errors(
        condition=condition,
        aggregate=aggregate,
        aggregate_metric=aggregate_metric,
        aggregate_op=aggregate_op,
        aggregate_value=aggregate_value,
        window_days=window_days,
        event_type=event_type,
        kind=kind,
        min_count=min_count,
        baseline_windows=baseline_windows,
        margin_percent=margin_percent,
        team=team,
        guardrails=guardrails,
    )
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    if not effects:
        raise DomainError(_("Add at least one effect."), errors={"effects": [_("Required.")]})
    for effect in effects:
        kind_of_effect = effect.get("kind")
        incomplete = (
            (
                kind_of_effect in (RuleEffect.Kind.FEEDBACK, RuleEffect.Kind.BREAK)
                and not (effect.get("message_en") or effect.get("message_es"))
            )
            or (kind_of_effect == RuleEffect.Kind.POINTS and not effect.get("points"))
            or (kind_of_effect == RuleEffect.Kind.BADGE and not effect.get("badge_class"))
            or kind_of_effect not in RuleEffect.Kind.values
        )
        if incomplete:
            raise DomainError(
                _("Each effect needs its message, points or badge."),
                errors={"effects": [_("An effect is incomplete.")]},
            )
    rule = rule or Rule()
    rule.name_en, rule.name_es = name_en, name_es
    rule.event_type = event_type
    rule.condition = condition
    rule.kind = kind
    rule.aggregate = aggregate
    rule.aggregate_metric = aggregate_metric
    rule.aggregate_op = aggregate_op or ">="
    rule.aggregate_value = aggregate_value
    rule.window_days = window_days if aggregate else None
    rule.min_count = max(1, min_count)
    rule.cooldown_days = cooldown_days
    rule.baseline_windows = baseline_windows
    rule.margin_percent = margin_percent
    rule.team = team if kind == Rule.Kind.TEAM_GOAL else None
    rule.active = active
    rule.save()
    rule.effects.all().delete()
    RuleEffect.objects.bulk_create([RuleEffect(rule=rule, **effect) for effect in effects])
    rule.guardrails.all().delete()
    RuleGuardrail.objects.bulk_create(
        [
            RuleGuardrail(
                rule=rule,
                metric=declared_metrics(guardrail.event_type)[guardrail.metric],
                tolerance_percent=guardrail.tolerance_percent,
            )
            for guardrail in guardrails
        ]
    )
    record_audit_event(actor=actor, verb="rule.saved", target=rule)
    return rule


def preview_rule(*, rule: Rule, days: int = 30, limit: int = 200) -> list[dict[str, Any]]:
    """Which recent events would have fired ``rule`` (reads only; writes nothing)."""
    since = timezone.now() - dt.timedelta(days=days)
    events = (
        PerformanceEvent.objects.filter(event_type=rule.event_type, occurred_at__gte=since)
        .select_related("agent")
        .order_by("-occurred_at")[:limit]
    )
    hits, seen = [], set()
    for event in events:
        outcome = rule_engine.evaluate(rule=rule, event=event)
        if outcome is None or outcome[0] in seen:
            continue
        seen.add(outcome[0])
        hits.append({"event": event, "agent": event.agent, "context": outcome[1]})
    return hits
