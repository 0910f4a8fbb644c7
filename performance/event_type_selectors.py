"""Reads about event types and their declared metrics, for HR's event-type pages and API and
for the rules editor (which metrics a rule may use). Kept apart from ``selectors`` so the
rules editor's reads sit together."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from performance.models import EventType, Metric, Rule, RuleEffect, RuleGuardrail


def metrics_of(*, event_type: EventType | None) -> list[Metric]:
    """The metrics ``event_type`` declares, in their order (none without a type)."""
    if event_type is None:
        return []
    return list(Metric.objects.filter(event_type=event_type).order_by("position", "key"))


def guardable_metrics() -> dict[int, Metric]:
    """Every metric a guardrail may watch (any event type; context-only ones cannot get
    worse), by primary key."""
    metrics = (
        Metric.objects.exclude(direction=Metric.Direction.NEUTRAL)
        .select_related("event_type")
        .order_by("event_type__position", "event_type__slug", "position", "key")
    )
    return {metric.pk: metric for metric in metrics}


def rules_with_metrics() -> QuerySet[Rule]:
    """HR's list of rules with what their summaries name: metrics, team, effects."""
    return Rule.objects.select_related("event_type", "team").prefetch_related(
        Prefetch("event_type__metrics", queryset=Metric.objects.order_by("position", "key")),
        Prefetch(
            "guardrails",
            queryset=RuleGuardrail.objects.select_related("metric__event_type").order_by("id"),
        ),
        Prefetch(
            "effects", queryset=RuleEffect.objects.select_related("badge_class").order_by("id")
        ),
    )


def get_rule_for_editor(*, pk: int) -> Rule:
    rule = (
        Rule.objects.select_related("event_type", "team")
        .prefetch_related(
            Prefetch("effects", queryset=RuleEffect.objects.order_by("id")),
            Prefetch("guardrails", queryset=RuleGuardrail.objects.order_by("id")),
        )
        .filter(pk=pk)
        .first()
    )
    if rule is None:
        raise Http404
    return rule


# --- Event types -----------------------------------------------------------------------------


def event_types_overview() -> QuerySet[EventType]:
    """Every event type, switched off ones too, with its metrics and how many events it has."""
    return (
        EventType.objects.annotate(event_count=Count("events", distinct=True))
        .prefetch_related(Prefetch("metrics", queryset=Metric.objects.order_by("position", "key")))
        .order_by("position", "slug")
    )


def get_event_type(*, pk: int) -> EventType:
    event_type = event_types_overview().filter(pk=pk).first()
    if event_type is None:
        raise Http404
    return event_type


def get_metric(*, pk: int, event_type: EventType | None = None) -> Metric:
    metrics = Metric.objects.select_related("event_type")
    if event_type is not None:
        metrics = metrics.filter(event_type=event_type)
    metric = metrics.filter(pk=pk).first()
    if metric is None:
        raise Http404
    return metric


def event_type_has_events(*, event_type: EventType) -> bool:
    return event_type.events.exists()


def rules_using_metric(*, metric: Metric) -> list[Rule]:
    """Active rules whose condition, aggregate or a guardrail uses ``metric``."""
    candidates = Rule.objects.filter(active=True).filter(
        Q(event_type_id=metric.event_type_id) | Q(guardrails__metric=metric)
    )
    using = []
    for rule in candidates.distinct().prefetch_related("guardrails").order_by("pk"):
        in_guardrail = any(g.metric_id == metric.pk for g in rule.guardrails.all())
        in_rule = rule.event_type_id == metric.event_type_id and (
            rule.aggregate_metric == metric.key or _names(rule.condition, metric.key)
        )
        if in_guardrail or in_rule:
            using.append(rule)
    return using


def _names(condition: object, key: str) -> bool:
    if not isinstance(condition, dict):
        return False
    if condition.get("metric") == key:
        return True
    return any(
        _names(item, key)
        for group in ("all", "any")
        for item in (condition.get(group) or [])
        if isinstance(condition.get(group), list)
    )
