"""HR's writes on rules, with the rule language validated before anything is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import clean_names, record_audit_event
from people.models import User
from people.permissions import require_hr
from performance import rule_engine
from performance.models import EventType, PerformanceEvent, Rule, RuleEffect


def rule_field_errors(
    *,
    condition: Any,
    aggregate: str,
    aggregate_metric: str,
    aggregate_op: str,
    aggregate_value: float | None,
    window_days: int | None,
) -> dict[str, list[str]]:
    """What is wrong with a rule's condition and window, by field (empty: nothing). The
    admin's rule form shows these; ``save_rule`` refuses with them."""
    errors: dict[str, list[str]] = {}
    try:
        rule_engine.validate_condition(condition)
    except rule_engine.InvalidCondition as exc:
        errors["condition"] = [str(exc)]
    if aggregate:
        if aggregate not in Rule.Aggregate.values:
            errors["aggregate"] = [_("Unknown aggregate.")]
        if not window_days or window_days < 1 or window_days > 366:
            errors["window_days"] = [_("A windowed rule needs a window of 1 to 366 days.")]
        if aggregate in ("sum", "mean") and not aggregate_metric:
            errors["aggregate_metric"] = [_("Name the metric to add up or average.")]
        if aggregate_op not in rule_engine.OPERATORS:
            errors["aggregate_op"] = [_("Unknown comparison.")]
        if aggregate_value is None:
            errors["aggregate_value"] = [_("Give the threshold to compare with.")]
    return errors


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
    effects: Sequence[dict[str, Any]] = (),
) -> Rule:
    """Create or update a rule and replace its effects (HR only)."""
    require_hr(actor)
    errors = rule_field_errors(
        condition=condition,
        aggregate=aggregate,
        aggregate_metric=aggregate_metric,
        aggregate_op=aggregate_op,
        aggregate_value=aggregate_value,
        window_days=window_days,
    )
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    if not effects:
        raise DomainError(_("Add at least one effect."), errors={"effects": [_("Required.")]})
    for effect in effects:
        kind = effect.get("kind")
        incomplete = (
            (
                kind in (RuleEffect.Kind.FEEDBACK, RuleEffect.Kind.BREAK)
                and not (effect.get("message_en") or effect.get("message_es"))
            )
            or (kind == RuleEffect.Kind.POINTS and not effect.get("points"))
            or (kind == RuleEffect.Kind.BADGE and not effect.get("badge_class"))
            or kind not in RuleEffect.Kind.values
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
    rule.aggregate = aggregate
    rule.aggregate_metric = aggregate_metric
    rule.aggregate_op = aggregate_op or ">="
    rule.aggregate_value = aggregate_value
    rule.window_days = window_days if aggregate else None
    rule.min_count = max(1, min_count)
    rule.cooldown_days = cooldown_days
    rule.active = active
    rule.save()
    rule.effects.all().delete()
    RuleEffect.objects.bulk_create([RuleEffect(rule=rule, **effect) for effect in effects])
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
