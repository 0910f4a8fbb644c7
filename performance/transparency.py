"""Reads for "What Cuida uses about me" (``performance.transparency_views``): the event types
that arrive about a person, the active rules that can act on them, their recent events and
their choices about comparison. Each is a fixed number of queries, whatever the number of
rules, events or metrics.

Nothing here reads wellbeing data: check-ins never feed rules, points or rankings
(design.md, invariant 7), which is exactly what the page tells the agent.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from people.models import User
from people.permissions import Person, can_view_user
from people.roles import get_roles
from people.selectors import get_active_person
from performance.models import (
    EventType,
    Metric,
    PerformanceEvent,
    PerformanceProfile,
    Rule,
    RuleEffect,
    RuleFiring,
    RuleGuardrail,
)
from performance.rule_text import format_value
from recognition.models import RecognitionProfile

ARRIVING_DAYS = 90


def get_person_for_user(*, user: Person, pk: int) -> User:
    """The person whose page ``user`` may read: themselves, a lead of their team, or HR.
    404 for everyone else, so the page never reveals who works here."""
    person = get_active_person(pk=pk)
    if not can_view_user(user, person):
        raise Http404
    return person


# --- (a) What arrives about a person -------------------------------------------------------


@dataclass(frozen=True)
class ArrivingType:
    event_type: EventType
    count: int
    excluded: int
    with_text: int
    last_at: dt.datetime
    metrics: list[Metric] = field(default_factory=list)


def arriving_event_types(
    *, person: User, days: int = ARRIVING_DAYS, now: dt.datetime | None = None
) -> list[ArrivingType]:
    """Each event type with events about ``person`` in the last ``days`` days, most events
    first, with its declared metrics: three queries."""
    since = (now or timezone.now()) - dt.timedelta(days=days)
    rows = (
        PerformanceEvent.objects.filter(agent=person, occurred_at__gte=since)
        .values("event_type_id")
        .annotate(
            n=Count("id"),
            excluded_n=Count("id", filter=Q(excluded=True)),
            text_n=Count("id", filter=~Q(text="")),
            last_at=Max("occurred_at"),
        )
        .order_by()
    )
    counts = {row["event_type_id"]: row for row in rows}
    types = EventType.objects.filter(pk__in=counts).prefetch_related(
        Prefetch("metrics", queryset=Metric.objects.order_by("position", "key"))
    )
    arriving = [
        ArrivingType(
            event_type=event_type,
            count=counts[event_type.pk]["n"],
            excluded=counts[event_type.pk]["excluded_n"],
            with_text=counts[event_type.pk]["text_n"],
            last_at=counts[event_type.pk]["last_at"],
            metrics=list(event_type.metrics.all()),
        )
        for event_type in types
    ]
    return sorted(arriving, key=lambda a: (-a.count, a.event_type.position, a.event_type.slug))


# --- (b) The rules that can act on a person ------------------------------------------------


def rules_acting_on(*, person: User, arriving_type_ids: Sequence[int]) -> list[Rule]:
    """Active rules whose event type arrives about ``person`` or is active (an integration
    may send it any day), without the team goals of a team that is not theirs. Everything
    ``rule_text.describe_rule`` reads is prefetched: five queries, whatever the number."""
    team_id = get_roles(person).agent_team_id
    rules = Rule.objects.filter(active=True).filter(
        Q(event_type_id__in=list(arriving_type_ids)) | Q(event_type__active=True)
    )
    # A team goal acts on the agents of its team (or, with no team, of each team).
    not_theirs = Q(kind=Rule.Kind.TEAM_GOAL) & ~Q(team__isnull=True)
    if team_id is None:
        rules = rules.exclude(kind=Rule.Kind.TEAM_GOAL)
    else:
        rules = rules.exclude(not_theirs & ~Q(team_id=team_id))
    return list(
        rules.select_related("event_type", "team")
        .prefetch_related(
            Prefetch("event_type__metrics", queryset=Metric.objects.order_by("position")),
            Prefetch("guardrails", queryset=RuleGuardrail.objects.select_related("metric")),
            Prefetch("effects", queryset=RuleEffect.objects.select_related("badge_class")),
        )
        .order_by("event_type__position", "event_type__slug", "pk")
    )


# --- (c) Recent events ---------------------------------------------------------------------


def events_about(*, person: User) -> QuerySet[PerformanceEvent]:
    """``person``'s events, newest first, for a paginator (``event_rows`` reads a page)."""
    return (
        PerformanceEvent.objects.filter(agent=person)
        .select_related("event_type")
        .only(
            "id",
            "occurred_at",
            "metrics",
            "text",
            "excluded",
            "exclusion_reason",
            "status",
            "event_type__id",
            "event_type__slug",
            "event_type__name_en",
            "event_type__name_es",
        )
        .order_by("-occurred_at", "-id")
    )


@dataclass(frozen=True)
class MetricValue:
    name: str
    value: str


@dataclass(frozen=True)
class EventRow:
    event: PerformanceEvent
    metrics: list[MetricValue]
    rules: list[Rule]


def event_rows(*, person: User, events: Sequence[PerformanceEvent]) -> list[EventRow]:
    """One page of events with their metrics by name and unit (declared metrics first, in
    their order; any other as sent, by key) and the rules they led to: two queries."""
    type_ids = {event.event_type_id for event in events}
    declared: dict[int, list[Metric]] = defaultdict(list)
    for metric in Metric.objects.filter(event_type_id__in=type_ids).order_by("position", "key"):
        declared[metric.event_type_id].append(metric)
    fired: dict[int, list[Rule]] = defaultdict(list)
    firings = (
        RuleFiring.objects.filter(event_id__in=[event.pk for event in events])
        .filter(Q(agent=person) | Q(agent__isnull=True))
        .select_related("rule")
        .order_by("fired_at", "pk")
    )
    for firing in firings:
        if firing.event_id is not None and firing.rule not in fired[firing.event_id]:
            fired[firing.event_id].append(firing.rule)
    rows = []
    for event in events:
        values = dict(event.metrics or {})
        shown = [
            MetricValue(metric.name, format_value(values.pop(metric.key), metric.unit))
            for metric in declared[event.event_type_id]
            if metric.key in values
        ]
        shown += [MetricValue(key, format_value(value, None)) for key, value in values.items()]
        rows.append(EventRow(event=event, metrics=shown, rules=fired[event.pk]))
    return rows


# --- (e) Choices ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Choices:
    on_leaderboards: bool
    in_team_goals: bool


def choices_of(*, person: User) -> Choices:
    """Leaderboards are opt-in (no profile: not shown); team goals opt-out (no profile:
    included), as ``recognition`` and the rule engine read them."""
    on_leaderboards = RecognitionProfile.objects.filter(
        user=person, leaderboard_opt_in=True
    ).exists()
    opted_out = PerformanceProfile.objects.filter(user=person, team_comparison=False).exists()
    return Choices(on_leaderboards=on_leaderboards, in_team_goals=not opted_out)
