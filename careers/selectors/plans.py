"""Reads of career plans: who may see one (404 for the others), its goals and notes, and
the rows of a team's plans at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from careers.models import (
    CareerPlan,
    CoachingNote,
    Enrollment,
    Goal,
    Promotion,
    Requirement,
)
from careers.readiness import Readiness, readiness_for_agents
from people.models import Membership, Role, Team, User
from people.permissions import Person, is_hr, leads_agent
from people.selectors import get_active_person


def can_view_plan(*, viewer: Person, agent: User) -> bool:
    return viewer.is_authenticated and (
        viewer.pk == agent.pk or leads_agent(viewer, agent) or is_hr(viewer)
    )


def get_agent_for_plan(*, viewer: Person, pk: int) -> User:
    agent = get_active_person(pk=pk)
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


@dataclass(frozen=True)
class PlanRow:
    agent: User
    readiness: Readiness
    open_promotion: Promotion | None
    active_enrollments: int
    overdue_enrollments: int


def plan_rows_of(*, agents: list[User], now: dt.datetime | None = None) -> list[PlanRow]:
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
    return plan_rows_of(agents=agents, now=now)


def team_agents(*, team: Team) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.filter(team=team, role=Role.AGENT).values("user_id"),
        is_active=True,
    )


def plan_for_viewer(*, viewer: Person, agent: User) -> CareerPlan:
    """The plan as ``viewer`` may read it. For anyone but the agent the private notes are
    never loaded and read as empty, so no template can show them by mistake. The instance
    is for reading only: services fetch and lock their own copy before writing."""
    if viewer.pk == agent.pk:
        return plan_of(agent=agent)
    plan = (
        CareerPlan.objects.select_related("target_level__track")
        .defer("private_notes")
        .filter(agent=agent)
        .first()
    ) or CareerPlan(agent=agent)
    plan.private_notes = ""
    return plan


def ready_for_endorsement(*, readiness: Readiness) -> bool:
    """Every requirement but the lead's endorsement is met: the endorsement itself is what
    the lead is about to give, so it cannot count against endorsing."""
    return readiness.level is not None and all(
        s.met for s in readiness.statuses if s.requirement.kind != Requirement.Kind.ENDORSEMENT
    )


def career_summary(*, agent: User, now: dt.datetime | None = None) -> PlanRow:
    """Current level, readiness for the target and training counts for the home page card."""
    return plan_rows_of(agents=[agent], now=now)[0]


def agent_teams(*, agent_ids: Iterable[int]) -> dict[int, Team]:
    """Each agent's team (agents belong to one), in one query."""
    memberships = Membership.objects.filter(
        user_id__in=list(agent_ids), role=Role.AGENT
    ).select_related("team")
    return {m.user_id: m.team for m in memberships}
