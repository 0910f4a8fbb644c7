"""Writes of "ask my lead for a chat" requests: the lead is told who asked, never why."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError, NotFoundError
from core.services import record_audit_event
from notifications.services import notify
from people.models import User
from people.permissions import leads_agent
from people.roles import get_roles
from people.selectors import team_leads
from wellbeing.models import ChatRequest


def request_lead_chat(*, user: User) -> ChatRequest:
    """Tell the agent's lead(s) that the agent would like a chat — and nothing more."""
    roles = get_roles(user)
    if roles.agent_team_id is None:
        raise DomainError(_("You are not in a team yet, so there is no lead to ask."))
    leads = list(team_leads(team=roles.agent_team_id))
    if not leads:
        raise DomainError(_("Your team has no lead yet. HR can help in the meantime."))
    with transaction.atomic():
        existing = ChatRequest.objects.filter(user=user, resolved_at__isnull=True).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                chat_request = ChatRequest.objects.create(user=user)
        except IntegrityError:
            return ChatRequest.objects.get(user=user, resolved_at__isnull=True)
        url = reverse("wellbeing:team_trends", args=[roles.agent_team_id])
        for lead in leads:
            notify(
                user=lead,
                kind="chat_request",
                message_key="wellbeing.chat_requested",
                params={"name": str(user)},
                url=url,
            )
        record_audit_event(actor=user, verb="chat_request.created", target=chat_request)
    return chat_request


@transaction.atomic
def resolve_chat_request(*, lead: User, chat_request_id: int) -> ChatRequest:
    chat_request = (
        ChatRequest.objects.select_for_update().select_related("user").filter(pk=chat_request_id)
    ).first()
    if chat_request is None or not leads_agent(lead, chat_request.user):
        raise NotFoundError(_("Chat request not found."))
    if chat_request.resolved_at is None:
        chat_request.resolved_at = timezone.now()
        chat_request.save(update_fields=["resolved_at"])
        record_audit_event(actor=lead, verb="chat_request.resolved", target=chat_request)
    return chat_request
