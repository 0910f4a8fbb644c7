"""Reads of the careers app. Permission-checked fetches raise 404 for what the viewer may
not see; list readers hold their query shape so pages stay at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from careers.models import (
    CareerPlan,
    CareerTrack,
    CoachingNote,
    Enrollment,
    Goal,
    Level,
    LevelHistory,
    Module,
    ModuleProgress,
    Promotion,
    Requirement,
    TrainingPath,
)
from careers.readiness import Readiness, readiness_for_agents
from people.models import Membership, Role, Team, User
from people.permissions import is_hr, leads_agent


def can_view_plan(*, viewer: Any, agent: User) -> bool:
    return viewer.is_authenticated and (
        viewer.pk == agent.pk or leads_agent(viewer, agent) or is_hr(viewer)
    )


def get_agent_for_plan(*, viewer: Any, pk: int) -> User:
    agent = get_object_or_404(User, pk=pk, is_active=True)
    if not can_view_plan(viewer=viewer, agent=agent):
        raise Http404
    return agent


def plan_of(*, agent: User) -> CareerPlan:
    """The agent's plan, or an unsaved empty one (reading never writes)."""
    plan = CareerPlan.objects.select_related("target_level__track").filter(agent=agent).first()
    return plan or CareerPlan(agent=agent)


def goals_of(*, plan: CareerPlan) -> QuerySet[Goal]:
    if plan.pk is None:
        return Goal.objects.none()
    return plan.goals.select_related("created_by")


def coaching_notes_of(*, plan: CareerPlan) -> QuerySet[CoachingNote]:
    if plan.pk is None:
        return CoachingNote.objects.none()
    return plan.coaching_notes.select_related("author")


def level_history(*, agent: User) -> QuerySet[LevelHistory]:
    return LevelHistory.objects.filter(user=agent).select_related("level__track", "set_by")


def current_level(*, agent: User) -> LevelHistory | None:
    return level_history(agent=agent).filter(ended_at__isnull=True).first()


def promotions_of(*, agent: User) -> QuerySet[Promotion]:
    return Promotion.objects.filter(agent=agent).select_related(
        "to_level__track", "from_level", "endorsed_by", "decided_by"
    )


def open_promotion(*, agent: User) -> Promotion | None:
    return promotions_of(agent=agent).filter(status=Promotion.Status.ENDORSED).first()


def tracks(*, include_inactive: bool = False) -> QuerySet[CareerTrack]:
    requirements = Requirement.objects.select_related(
        "badge_class", "training_path", "event_type"
    ).order_by("position")
    levels = Level.objects.order_by("position").prefetch_related(
        Prefetch("requirements", queryset=requirements)
    )
    queryset = CareerTrack.objects.prefetch_related(Prefetch("levels", queryset=levels))
    return queryset if include_inactive else queryset.filter(active=True)


def get_track(*, pk: int) -> CareerTrack:
    return get_object_or_404(tracks(include_inactive=True), pk=pk)


def get_level(*, pk: int) -> Level:
    return get_object_or_404(Level.objects.select_related("track"), pk=pk)


def get_requirement(*, pk: int) -> Requirement:
    return get_object_or_404(Requirement.objects.select_related("level__track"), pk=pk)


def levels_for_targets() -> QuerySet[Level]:
    return Level.objects.filter(track__active=True).select_related("track")


def training_catalog(
    *,
    track_id: int | None = None,
    max_minutes: int | None = None,
    include_archived: bool = False,
) -> QuerySet[TrainingPath]:
    queryset = TrainingPath.objects.select_related("track", "badge_class").annotate(
        total_minutes=Sum("modules__estimated_minutes"), module_count=Count("modules")
    )
    if not include_archived:
        queryset = queryset.filter(active=True, module_count__gt=0)
    if track_id:
        queryset = queryset.filter(track_id=track_id)
    if max_minutes:
        queryset = queryset.filter(total_minutes__lte=max_minutes)
    return queryset.order_by("name_en")


def get_path(*, pk: int) -> TrainingPath:
    return get_object_or_404(TrainingPath.objects.select_related("track", "badge_class"), pk=pk)


def path_modules(*, path: TrainingPath) -> QuerySet[Module]:
    return path.modules.order_by("position").prefetch_related("questions__choices")


def get_module(*, pk: int) -> Module:
    return get_object_or_404(Module.objects.select_related("path"), pk=pk)


def enrollments_of(*, user: User) -> QuerySet[Enrollment]:
    """The person's enrollments with ``module_count`` and ``done_count`` for progress bars."""
    return (
        Enrollment.objects.filter(user=user)
        .select_related("path", "assigned_by")
        .annotate(
            module_count=Count("path__modules", distinct=True),
            done_count=Count(
                "progress", filter=Q(progress__completed_at__isnull=False), distinct=True
            ),
        )
        .order_by("completed_at", "due_on", "-created_at")
    )


def get_enrollment_for_user(*, user: Any, pk: int) -> Enrollment:
    return get_object_or_404(enrollments_of(user=user), pk=pk)


def enrollment_progress(*, enrollment: Enrollment) -> dict[int, ModuleProgress]:
    return {p.module_id: p for p in enrollment.progress.all()}


@dataclass(frozen=True)
class PlanRow:
    agent: User
    readiness: Readiness
    open_promotion: Promotion | None
    active_enrollments: int
    overdue_enrollments: int


def _plan_rows(*, agents: list[User], now: dt.datetime | None = None) -> list[PlanRow]:
    now = now or timezone.now()
    readiness = readiness_for_agents(agents=agents, now=now)
    ids = [a.pk for a in agents]
    promotions = {
        p.agent_id: p
        for p in Promotion.objects.filter(
            agent_id__in=ids, status=Promotion.Status.ENDORSED
        ).select_related("to_level")
    }
    today = timezone.localdate(now)
    enrollment_counts = {
        row["user_id"]: row
        for row in Enrollment.objects.filter(user_id__in=ids, completed_at__isnull=True)
        .values("user_id")
        .annotate(active=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    }
    return [
        PlanRow(
            agent=agent,
            readiness=readiness[agent.pk],
            open_promotion=promotions.get(agent.pk),
            active_enrollments=enrollment_counts.get(agent.pk, {}).get("active", 0),
            overdue_enrollments=enrollment_counts.get(agent.pk, {}).get("overdue", 0),
        )
        for agent in agents
    ]


def team_plan_rows(*, team: Team, now: dt.datetime | None = None) -> list[PlanRow]:
    """One row per agent of ``team``: level, target, readiness, endorsement, training."""
    agents = list(
        User.objects.filter(
            memberships__team=team, memberships__role=Role.AGENT, is_active=True
        ).order_by("display_name", "email")
    )
    return _plan_rows(agents=agents, now=now)


@dataclass(frozen=True)
class LevelReadiness:
    level: Level
    agents: int
    ready: int
    halfway: int
    starting: int


def company_readiness(
    *, now: dt.datetime | None = None, level_id: int | None = None
) -> tuple[list[LevelReadiness], list[PlanRow]]:
    """Readiness by target level for the whole company, and the people aiming at
    ``level_id`` (or at any level) for HR's view."""
    plans = CareerPlan.objects.filter(
        target_level__isnull=False, agent__is_active=True
    ).select_related("agent", "target_level__track")
    agents = [p.agent for p in plans]
    targets = {p.agent_id: p.target_level for p in plans}
    readiness = readiness_for_agents(agents=agents, targets=targets, now=now)
    buckets: dict[int, Counter[str]] = {}
    levels: dict[int, Level] = {}
    for agent in agents:
        level = targets[agent.pk]
        if level is None:
            continue
        levels[level.pk] = level
        percent = readiness[agent.pk].percent
        bucket = "ready" if percent == 100 else "halfway" if percent >= 50 else "starting"
        buckets.setdefault(level.pk, Counter())[bucket] += 1
    summary = [
        LevelReadiness(
            level=levels[pk],
            agents=sum(counts.values()),
            ready=counts["ready"],
            halfway=counts["halfway"],
            starting=counts["starting"],
        )
        for pk, counts in buckets.items()
    ]
    summary.sort(key=lambda s: (s.level.track.position, s.level.track.name_en, s.level.position))
    chosen = [a for a in agents if level_id is None or targets[a.pk].pk == level_id]  # type: ignore[union-attr]
    chosen.sort(key=lambda a: (-readiness[a.pk].percent, str(a)))
    promotions = {
        p.agent_id: p
        for p in Promotion.objects.filter(
            agent_id__in=[a.pk for a in chosen], status=Promotion.Status.ENDORSED
        ).select_related("to_level")
    }
    rows = [
        PlanRow(
            agent=a,
            readiness=readiness[a.pk],
            open_promotion=promotions.get(a.pk),
            active_enrollments=0,
            overdue_enrollments=0,
        )
        for a in chosen
    ]
    return summary, rows


def promotion_queue() -> QuerySet[Promotion]:
    return (
        Promotion.objects.filter(status=Promotion.Status.ENDORSED)
        .select_related("agent", "to_level__track", "from_level", "endorsed_by")
        .order_by("created_at", "id")
    )


def pending_promotions_count(*, viewer: Any) -> int:
    return promotion_queue().count() if is_hr(viewer) else 0


def get_promotion_for_user(*, viewer: Any, pk: int) -> Promotion:
    promotion = get_object_or_404(
        Promotion.objects.select_related(
            "agent", "to_level__track", "from_level", "endorsed_by", "decided_by"
        ),
        pk=pk,
    )
    if not can_view_plan(viewer=viewer, agent=promotion.agent):
        raise Http404
    return promotion


def team_agents(*, team: Team) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.filter(team=team, role=Role.AGENT).values("user_id"),
        is_active=True,
    )
