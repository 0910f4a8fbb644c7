"""Reads of promotions: HR's queue, a lead's and a person's own, with the readiness
behind each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from careers.models import (
    Promotion,
)
from careers.readiness import Readiness, readiness_for_agents
from careers.selectors.plans import agent_teams, can_view_plan
from people.models import Membership, Role, Team, User
from people.permissions import Person, is_hr


def promotions_of(*, agent: User) -> QuerySet[Promotion]:
    return Promotion.objects.filter(agent=agent).select_related(
        "to_level__track", "from_level", "endorsed_by", "decided_by"
    )


def open_promotion(*, agent: User) -> Promotion | None:
    return promotions_of(agent=agent).filter(status=Promotion.Status.ENDORSED).first()


def promotion_queue() -> QuerySet[Promotion]:
    return (
        Promotion.objects.filter(status=Promotion.Status.ENDORSED)
        .select_related("agent", "to_level__track", "from_level", "endorsed_by")
        .order_by("created_at", "id")
    )


def pending_promotions_count(*, viewer: Person) -> int:
    return promotion_queue().count() if is_hr(viewer) else 0


def get_promotion_for_user(*, viewer: Person, pk: int) -> Promotion:
    promotion = get_object_or_404(
        Promotion.objects.select_related(
            "agent", "to_level__track", "from_level", "endorsed_by", "decided_by"
        ),
        pk=pk,
    )
    if not can_view_plan(viewer=viewer, agent=promotion.agent):
        raise Http404
    return promotion


@dataclass(frozen=True)
class PromotionRow:
    promotion: Promotion
    team: Team | None
    readiness_now: Readiness


def promotion_rows(
    *, promotions: Sequence[Promotion], now: dt.datetime | None = None
) -> list[PromotionRow]:
    """HR's queue rows: the endorsement with its snapshot, the agent's team and their
    readiness for the endorsed level today, at a fixed number of queries."""
    promotions = list(promotions)
    agents = [p.agent for p in promotions]
    readiness = readiness_for_agents(
        agents=agents, targets={p.agent_id: p.to_level for p in promotions}, now=now
    )
    teams = agent_teams(agent_ids=[a.pk for a in agents])
    return [
        PromotionRow(promotion=p, team=teams.get(p.agent_id), readiness_now=readiness[p.agent_id])
        for p in promotions
    ]


def promotions_for_viewer(*, viewer: User) -> QuerySet[Promotion]:
    """HR: the endorsements waiting for a decision. Anyone else: their own promotions and,
    for a lead, every promotion of the agents of the teams they lead."""
    if is_hr(viewer):
        return promotion_queue().select_related("decided_by")
    led_teams = Membership.objects.filter(user=viewer, role=Role.LEAD).values("team_id")
    led_agents = Membership.objects.filter(team_id__in=led_teams, role=Role.AGENT).values("user_id")
    return (
        Promotion.objects.filter(Q(agent_id__in=led_agents) | Q(agent_id=viewer.pk))
        .select_related("agent", "to_level__track", "from_level", "endorsed_by", "decided_by")
        .order_by("-created_at", "-id")
    )


def team_promotions_waiting(*, lead: User) -> QuerySet[Promotion]:
    """Endorsements of the agents of the teams ``lead`` leads that wait for HR: the lead's
    weekly digest (careers/digest.py)."""
    led_teams = Membership.objects.filter(user=lead, role=Role.LEAD).values("team_id")
    led_agents = Membership.objects.filter(team_id__in=led_teams, role=Role.AGENT).values("user_id")
    return (
        Promotion.objects.filter(status=Promotion.Status.ENDORSED, agent_id__in=led_agents)
        .exclude(agent=lead)
        .select_related("agent", "to_level")
        .order_by("created_at", "id")
    )
