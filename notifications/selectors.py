from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from core.exceptions import NotFoundError
from notifications import routing
from notifications.kinds import KINDS_BY_NAME, NotificationKind
from notifications.models import (
    ChannelPreference,
    Delivery,
    Digest,
    EmailSuppression,
    Notification,
    OutboundWebhook,
    TeamsChannel,
    WebhookDelivery,
)
from notifications.unsubscribe import read_token
from people.permissions import require_hr

if TYPE_CHECKING:
    from people.models import User


def notifications_for(*, user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


# --- Weekly digests (services/digests.py) ---------------------------------------------------


def digests_for(*, user: User) -> QuerySet[Digest]:
    """The person's sent digests, newest first, without their contents (the list shows
    only their weeks)."""
    return (
        Digest.objects.filter(user=user, sent=True).defer("sections").order_by("-week_start", "-id")
    )


def get_digest_for_user(*, user: User, pk: int) -> Digest:
    """A digest is its owner's alone: 404 for anyone else, their lead and HR included."""
    digest = Digest.objects.filter(pk=pk, user=user, sent=True).first()
    if digest is None:
        raise NotFoundError(_("Digest not found."))
    return digest


# --- Outbound webhooks (HR) -------------------------------------------------------------------


def _delivery_counts() -> dict[str, Count]:
    """``sent_count``, ``queued_count`` and ``failed_count`` of a target's deliveries."""
    return {
        f"{status}_count": Count("deliveries", filter=Q(deliveries__status=status))
        for status in WebhookDelivery.Status.values
    }


def webhooks_for(*, viewer: User) -> QuerySet[OutboundWebhook]:
    """Every webhook with its delivery counts; HR only."""
    require_hr(viewer)
    return OutboundWebhook.objects.annotate(**_delivery_counts())


def get_webhook_for_user(*, viewer: User, pk: int) -> OutboundWebhook:
    require_hr(viewer)
    webhook = OutboundWebhook.objects.filter(pk=pk).first()
    if webhook is None:
        raise NotFoundError(_("Webhook not found."))
    return webhook


def deliveries_of(*, webhook: OutboundWebhook) -> QuerySet[WebhookDelivery]:
    """Newest first."""
    return webhook.deliveries.order_by("-created_at", "-id")


# --- Microsoft Teams channels (HR) ------------------------------------------------------------


def teams_channels_for(*, viewer: User) -> QuerySet[TeamsChannel]:
    """Every Teams channel with its delivery counts; HR only."""
    require_hr(viewer)
    return TeamsChannel.objects.select_related("team").annotate(**_delivery_counts())


def get_teams_channel_for_user(*, viewer: User, pk: int) -> TeamsChannel:
    require_hr(viewer)
    channel = TeamsChannel.objects.select_related("team").filter(pk=pk).first()
    if channel is None:
        raise NotFoundError(_("Teams channel not found."))
    return channel


def deliveries_of_channel(*, channel: TeamsChannel) -> QuerySet[WebhookDelivery]:
    """Newest first."""
    return channel.deliveries.order_by("-created_at", "-id")


# --- Personal notification deliveries (HR) ----------------------------------------------------


@dataclass(frozen=True)
class ChannelHealth:
    channel: str
    label: str
    sent: int
    waiting: int
    failed: int


def delivery_health(*, viewer: User, since: dt.datetime) -> list[ChannelHealth]:
    """Per channel, deliveries created since ``since`` by outcome; HR only (one query)."""
    require_hr(viewer)
    counts = {
        (row["channel"], row["status"]): row["n"]
        for row in Delivery.objects.filter(created_at__gte=since)
        .values("channel", "status")
        .annotate(n=Count("id"))
    }
    return [
        ChannelHealth(
            channel=channel,
            label=str(label),
            sent=counts.get((channel, "sent"), 0) + counts.get((channel, "collapsed"), 0),
            waiting=counts.get((channel, "queued"), 0),
            failed=counts.get((channel, "failed"), 0),
        )
        for channel, label in Delivery.Channel.choices
    ]


def failed_deliveries(*, viewer: User) -> QuerySet[Delivery]:
    """Failed deliveries, newest first, with who they were for (never what they said)."""
    require_hr(viewer)
    return (
        Delivery.objects.filter(status=Delivery.Status.FAILED)
        .select_related("user")
        .order_by("-created_at", "-id")
    )


# --- E-mail: suppressed addresses, unsubscribe links -----------------------------------------


def is_suppressed(*, address: str) -> bool:
    """True when the provider reported this address bounced, refused or complained."""
    return EmailSuppression.objects.filter(address=address.strip().lower()).exists()


@dataclass(frozen=True)
class UnsubscribeTarget:
    """Whom an unsubscribe link is for, about what, and where they stand now."""

    user: User
    kind: NotificationKind
    channel: str
    enabled: bool
    locked: bool


def unsubscribe_target(*, token: str) -> UnsubscribeTarget | None:
    """None for a link that was altered (its signature no longer matches); 404 for one that
    is no link of ours at all, or whose person is gone, like any id that names nothing
    (three queries)."""
    if ":" not in token:  # a signed value always carries its signature after a colon
        raise NotFoundError(_("This link no longer leads anywhere."))
    parsed = read_token(token)
    if parsed is None:
        return None
    user = get_user_model().objects.filter(pk=parsed.user_id, is_active=True).first()
    if user is None:
        raise NotFoundError(_("This link no longer leads anywhere."))
    kind = KINDS_BY_NAME[parsed.kind]
    own = (
        ChannelPreference.objects.filter(user=user, kind=kind.name, channel=parsed.channel)
        .values_list("enabled", flat=True)
        .first()
    )
    choice = routing.choice(kind, parsed.channel, defaults=routing.company_defaults(), own=own)
    return UnsubscribeTarget(
        user=user,
        kind=kind,
        channel=parsed.channel,
        enabled=choice.enabled,
        locked=choice.locked,
    )
