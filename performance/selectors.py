"""Reads for the performance pages. An agent's feedback belongs to the agent, their leads
and HR; integrations, rules and processing status are HR's. Nothing here reads wellbeing
data: check-ins never feed performance (CONTRIBUTING.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Literal

from django.db.models import (
    Avg,
    Count,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from core.models import localized_column
from people.models import Membership, Role, Team, User
from people.selectors import get_team_led_by_or_hr, team_agents
from performance.models import (
    AgentMapping,
    ApiKey,
    EventType,
    Feedback,
    IngestionBatch,
    Integration,
    PerformanceEvent,
    PerformanceProfile,
    Rule,
    RuleEffect,
    RuleGuardrail,
)
from recognition.models import BadgeClass

RECENT_MAPPINGS = 50
RECENT_FAILURES = 50


# --- Feedback ----------------------------------------------------------------------------


def feedback_for(*, viewer: User, kind: str | None = None) -> QuerySet[Feedback]:
    """The viewer's own feedback, newest first. Nothing shown needs a join."""
    feedback = Feedback.objects.filter(agent=viewer)
    if kind:
        feedback = feedback.filter(kind=kind)
    return feedback.order_by("-created_at", "-id")


def unread_feedback_count(*, user: User) -> int:
    return Feedback.objects.filter(agent=user, read_at__isnull=True).count()


def get_feedback_team_for_user(*, user: User, pk: int) -> Team:
    """The team whose feedback ``user`` may read: its leads and HR. 404 for everyone else,
    so the page never reveals which teams exist."""
    return get_team_led_by_or_hr(user=user, pk=pk)


def team_feedback(*, viewer: User, team: Team, kind: str | None = None) -> QuerySet[Feedback]:
    """Feedback of the team's agents, for a viewer already checked by
    ``get_feedback_team_for_user``. Only ``Feedback``: never check-ins or moods."""
    agents = Membership.objects.filter(team=team, role=Role.AGENT).values("user_id")
    feedback = (
        Feedback.objects.filter(agent__in=agents)
        .select_related("agent")
        .only(
            "id",
            "kind",
            "message",
            "texts",
            "created_at",
            "agent__id",
            "agent__display_name",
            "agent__email",
        )
    )
    if kind:
        feedback = feedback.filter(kind=kind)
    return feedback.order_by("-created_at", "-id")


# --- Integrations --------------------------------------------------------------------------


def integrations_overview() -> QuerySet[Integration]:
    """Every integration with all its keys and its most recent mappings, in four queries."""
    return Integration.objects.annotate(mapping_count=Count("agent_mappings")).prefetch_related(
        Prefetch("keys", queryset=ApiKey.objects.order_by("-created_at", "-id")),
        Prefetch(
            "agent_mappings",
            queryset=AgentMapping.objects.select_related("user").order_by("-id")[:RECENT_MAPPINGS],
            to_attr="recent_mappings",
        ),
    )


def get_integration(*, pk: int) -> Integration:
    return get_object_or_404(Integration, pk=pk)


def get_api_key(*, pk: int) -> ApiKey:
    return get_object_or_404(ApiKey.objects.select_related("integration"), pk=pk)


def active_person_by_email(*, email: str) -> User | None:
    return User.objects.filter(email__iexact=email.strip(), is_active=True).first()


# --- Processing status ---------------------------------------------------------------------


def event_status_counts(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Events per status and events received in the last 24 hours, in one query."""
    since = (now or timezone.now()) - dt.timedelta(hours=24)
    status = PerformanceEvent.Status
    counts = PerformanceEvent.objects.aggregate(
        pending=Count("id", filter=Q(status=status.PENDING)),
        processed=Count("id", filter=Q(status=status.PROCESSED)),
        failed=Count("id", filter=Q(status=status.FAILED)),
        last_24h=Count("id", filter=Q(received_at__gte=since)),
    )
    return {key: value or 0 for key, value in counts.items()}


def recent_failures(*, limit: int = RECENT_FAILURES) -> QuerySet[PerformanceEvent]:
    return (
        PerformanceEvent.objects.filter(status=PerformanceEvent.Status.FAILED)
        .select_related("integration", "event_type", "agent")
        .order_by("-received_at", "-id")[:limit]
    )


# --- Rules ---------------------------------------------------------------------------------


def rules_overview() -> QuerySet[Rule]:
    return Rule.objects.select_related("event_type").prefetch_related(
        Prefetch(
            "effects", queryset=RuleEffect.objects.select_related("badge_class").order_by("id")
        )
    )


def rules_with_guardrails() -> QuerySet[Rule]:
    """The rules as the API shows them: effects (with their badges), guardrails (with their
    metrics' event types) and the team, in a fixed number of queries whatever the count."""
    return (
        rules_overview()
        .select_related("team")
        .prefetch_related(
            Prefetch(
                "guardrails",
                queryset=RuleGuardrail.objects.select_related("metric__event_type").order_by("id"),
            )
        )
        .order_by("pk")
    )


def get_rule(*, pk: int) -> Rule:
    rule = rules_overview().filter(pk=pk).first()
    if rule is None:
        raise Http404
    return rule


def event_types_for_rules(*, current: EventType | None = None) -> QuerySet[EventType]:
    """Active event types, plus the rule's own type if HR has since switched it off."""
    keep = Q(active=True)
    if current is not None:
        keep |= Q(pk=current.pk)
    return EventType.objects.filter(keep).order_by("position", "slug")


def badges_for_rules() -> QuerySet[BadgeClass]:
    return BadgeClass.objects.filter(active=True).order_by(localized_column("name"))


# --- Home page (performance/home.py) -------------------------------------------------------

HOME_RECENT_DAYS = 7


def recent_feedback_count(*, user: User, days: int = HOME_RECENT_DAYS) -> int:
    since = timezone.now() - dt.timedelta(days=days)
    return Feedback.objects.filter(agent=user, created_at__gte=since).count()


def events_needing_attention() -> dict[str, int]:
    """Pending and failed events, counted through the (status, received_at) index only."""
    status = PerformanceEvent.Status
    counts = dict(
        PerformanceEvent.objects.filter(status__in=[status.PENDING, status.FAILED])
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
        .order_by()
    )
    return {"pending": counts.get(status.PENDING, 0), "failed": counts.get(status.FAILED, 0)}


def integrations_last_contact() -> QuerySet[Integration]:
    """Each integration with the time its last batch of events arrived (API or CSV; None:
    never), in one query. Read from the batches, one row per request, not from the events:
    the events table is the largest of all and has no index by integration and time."""
    last_batch = (
        IngestionBatch.objects.filter(integration=OuterRef("pk"))
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    return Integration.objects.annotate(last_event_at=Subquery(last_batch)).order_by("name")


# --- What careers reads: its metric requirements (careers never imports performance.models) -


def metric_values(
    *,
    agent_ids: Sequence[int],
    event_type_id: int | None,
    metric: str,
    aggregate: Literal["mean", "sum", "count"],
    since: dt.datetime,
    until: dt.datetime,
) -> dict[int, tuple[int, float | None]]:
    """(events counted, their ``aggregate``) per agent of ``event_type_id`` events in
    (``since``, ``until``], in one query (careers.readiness asks once per requirement).
    ``count`` counts events; ``mean`` and ``sum`` read the number ``metrics[metric]``."""
    events = PerformanceEvent.objects.filter(
        agent_id__in=agent_ids,
        event_type_id=event_type_id,
        occurred_at__gt=since,
        occurred_at__lte=until,
    )
    if aggregate == "count":
        counts = events.values("agent_id").annotate(n=Count("pk"))
        return {r["agent_id"]: (r["n"], float(r["n"])) for r in counts}
    value = Cast(KT(f"metrics__{metric}"), FloatField())
    total = Sum(value) if aggregate == "sum" else Avg(value)
    rows = events.values("agent_id").annotate(n=Count(value), value=total)
    return {r["agent_id"]: (r["n"], r["value"]) for r in rows}


def recent_metric_names(*, event_type_id: int, limit: int = 200) -> set[str]:
    """The metric names the integrations sent in the last ``limit`` events of a type."""
    recent = PerformanceEvent.objects.filter(event_type_id=event_type_id).order_by("-id")
    names: set[str] = set()
    for metrics in recent.values_list("metrics", flat=True)[:limit]:
        names.update(metrics or {})
    return names


def active_event_types() -> QuerySet[EventType]:
    return EventType.objects.filter(active=True).order_by("position", "slug")


# --- The weekly digest (performance/digest.py) ----------------------------------------------


def feedback_between(
    *, user: User, start: dt.datetime, end: dt.datetime, limit: int
) -> tuple[int, list[Feedback]]:
    """The praise and customer compliments ``user`` got in [start, end), oldest first, at
    most ``limit``, and how many in all (break suggestions are not news of the week)."""
    feedback = Feedback.objects.filter(
        agent=user,
        kind__in=[Feedback.Kind.PRAISE, Feedback.Kind.COMPLIMENT],
        created_at__gte=start,
        created_at__lt=end,
    )
    first = list(feedback.order_by("created_at", "id")[: limit + 1])
    count = len(first) if len(first) <= limit else feedback.count()
    return count, first[:limit]


# --- What the rule engine reads about people -------------------------------------------------


def opted_out_of_team_goals(*, user_ids: Sequence[int]) -> set[int]:
    """Of ``user_ids``, those who switched team comparison off (PerformanceProfile)."""
    return set(
        PerformanceProfile.objects.filter(
            user_id__in=list(user_ids), team_comparison=False
        ).values_list("user_id", flat=True)
    )


def team_goal_members(*, team_id: int) -> list[int]:
    """The ids of the team's current (active) agents who take part in team goals: their
    events count toward the team's goals and they receive its effects."""
    return list(
        team_agents(team=team_id)
        .exclude(performance_profile__team_comparison=False)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
