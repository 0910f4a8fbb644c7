"""Microsoft Teams announcements: public kudos and badges posted to channels through Teams
Workflows webhooks as Adaptive Cards (README, "Microsoft Teams").

A channel is of one Cuida team or of the whole company. ``webhooks.announce`` asks here which
channels hear an event and writes their deliveries; sending, retries with backoff, the claim
that makes a replayed task send once and the sweeper are the outbound webhooks' own
(``services/webhooks.py``): a delivery's target is a webhook or a Teams channel.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from core.services import record_audit_event
from notifications import crypto
from notifications.messages import render_in
from notifications.models import TeamsChannel, WebhookDelivery
from notifications.services.targets import clean_target, switch_off
from people.models import Membership, Team
from people.permissions import require_hr

if TYPE_CHECKING:
    from people.models import User

__all__ = ["CHANNEL_KINDS", "create_channel", "deactivate_channel", "deliveries_for"]

CHANNEL_KINDS = frozenset(TeamsChannel.Kind.values)
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"


# --- HR: adding and switching off channels --------------------------------------------------


@transaction.atomic
def create_channel(
    *, actor: User, name: str, url: str, team: Team | None, event_kinds: Sequence[str]
) -> TeamsChannel:
    """Add a channel; its Workflows URL is stored encrypted and never shown again."""
    require_hr(actor)
    name, url, kinds = clean_target(
        name=name,
        url=url,
        event_kinds=event_kinds,
        allowed=CHANNEL_KINDS,
        failure=_("The Teams channel could not be saved."),
    )
    channel = TeamsChannel.objects.create(
        name=name,
        url_encrypted=crypto.encrypt(url),
        team=team,
        event_kinds=kinds,
        created_by=actor,
    )
    record_audit_event(
        actor=actor,
        verb="teams_channel.created",
        target=channel,
        data={"team": team.pk if team else None, "kinds": kinds},
    )
    return channel


@transaction.atomic
def deactivate_channel(*, actor: User, channel_id: int) -> TeamsChannel:
    """Switch a channel off; what it had queued is not sent (marked failed)."""
    require_hr(actor)
    channel = switch_off(
        TeamsChannel,
        pk=channel_id,
        not_found=_("Teams channel not found."),
        already_off=_("This Teams channel is already switched off."),
        reason="Teams channel switched off.",
    )
    record_audit_event(actor=actor, verb="teams_channel.deactivated", target=channel)
    return channel


# --- Announcing -----------------------------------------------------------------------------


def _recipient_ids(kind: str, data: Mapping[str, Any]) -> list[int]:
    if kind == "kudos.given":
        return [int(r["id"]) for r in data.get("recipients", [])]
    recipient = data.get("recipient") or {}
    return [int(recipient["id"])] if "id" in recipient else []


def deliveries_for(
    *, kind: str, data: Mapping[str, Any], event_id: uuid.UUID
) -> list[WebhookDelivery]:
    """The deliveries of one event to the active channels that hear it: company-wide ones,
    and those of a team of a recipient. Called by ``webhooks.announce`` (which has refused
    wellbeing data already) inside the transaction; the same ``event_id`` writes once."""
    if kind not in CHANNEL_KINDS:
        return []
    channels = [c for c in TeamsChannel.objects.filter(active=True) if kind in c.event_kinds]
    if not channels:
        return []
    team_ids = set(
        Membership.objects.filter(user_id__in=_recipient_ids(kind, data)).values_list(
            "team_id", flat=True
        )
    )
    card = message_card(kind=kind, data=data)
    return [
        WebhookDelivery.objects.get_or_create(
            teams_channel=channel,
            event_id=event_id,
            defaults={"event_kind": kind, "payload": card},
        )[0]
        for channel in channels
        if channel.team_id is None or channel.team_id in team_ids
    ]


def _lines(kind: str, data: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The card's (text, style) lines, in the organisation's language (settings.LANGUAGE_CODE):
    a channel is read by many people, none of whom is the reader."""
    if kind != "kudos.given":
        badge = {
            "name": str((data.get("recipient") or {}).get("name", "")),
            "badge": (data.get("badge") or {}).get("name", ""),
        }
        return [(render("teams.badge_awarded", badge), "title")]
    names = ", ".join(str(r.get("name", "")) for r in data.get("recipients", []))
    giver = str((data.get("giver") or {}).get("name", ""))
    lines = [(render("teams.kudos_given", {"giver": giver, "names": names}), "title")]
    if data.get("message"):
        lines.append((str(data["message"]), "plain"))
    if data.get("values"):
        values = ", ".join(f"#{v}" for v in data["values"])
        lines.append((render("teams.kudos_values", {"values": values}), "subtle"))
    return lines


def render(key: str, params: Mapping[str, Any]) -> str:
    return render_in(settings.LANGUAGE_CODE, key, params)


def _block(text: str, style: str) -> dict[str, Any]:
    block: dict[str, Any] = {"type": "TextBlock", "text": text, "wrap": True}
    if style == "title":
        block |= {"weight": "Bolder", "size": "Medium"}
    elif style == "subtle":
        block["isSubtle"] = True
    return block


def message_card(*, kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The Teams Workflows message: one Adaptive Card with public facts only."""
    body = [_block(text, style) for text, style in _lines(kind, data)]
    return {
        "type": "message",
        "attachments": [
            {
                "contentType": "application/vnd.microsoft.card.adaptive",
                "contentUrl": None,
                "content": {
                    "$schema": CARD_SCHEMA,
                    "type": "AdaptiveCard",
                    "version": "1.4",
                    "body": body,
                },
            }
        ],
    }
