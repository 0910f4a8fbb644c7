from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from core.exceptions import NotFoundError
from notifications.models import (
    Digest,
    Notification,
    OutboundWebhook,
    TeamsChannel,
    WebhookDelivery,
)
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
