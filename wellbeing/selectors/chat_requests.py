"""Reads of "ask my lead for a chat" requests: the lead learns who asked, never why."""

from __future__ import annotations

from django.db.models import F, QuerySet

from people.models import Role, Team, User
from people.permissions import is_lead_of
from people.roles import get_roles
from wellbeing.models import ChatRequest


def open_chat_request(*, user: User) -> ChatRequest | None:
    return ChatRequest.objects.filter(user=user, resolved_at__isnull=True).first()


def open_chat_requests_for_team(*, lead: User, team: Team) -> QuerySet[ChatRequest]:
    if not is_lead_of(lead, team):
        return ChatRequest.objects.none()
    return ChatRequest.objects.filter(
        resolved_at__isnull=True,
        user__memberships__team=team,
        user__memberships__role=Role.AGENT,
    ).select_related("user")


HOME_CHAT_REQUESTS = 20


def open_chat_requests_for_lead(*, lead: User) -> list[ChatRequest]:
    """Open "ask my lead for a chat" requests from the agents of every team ``lead`` leads:
    the lead learns who asked, never why (design.md, care nudges)."""
    led = get_roles(lead).led_team_ids
    if not led:
        return []
    return list(
        ChatRequest.objects.filter(
            resolved_at__isnull=True,
            user__memberships__team__in=led,
            user__memberships__role=Role.AGENT,
        )
        .select_related("user")
        .annotate(team_id=F("user__memberships__team_id"))
        .order_by("created_at", "id")[:HOME_CHAT_REQUESTS]
    )
