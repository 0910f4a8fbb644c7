"""Notifications' tables, a module per entity."""

from notifications.models.deliveries import Delivery
from notifications.models.digests import Digest
from notifications.models.inbox import Notification
from notifications.models.preferences import ChannelDefault, ChannelPreference, DeliveryHours
from notifications.models.targets import (
    DeliveryTarget,
    OutboundWebhook,
    TeamsChannel,
    WebhookDelivery,
)

__all__ = [
    "ChannelDefault",
    "ChannelPreference",
    "Delivery",
    "DeliveryHours",
    "DeliveryTarget",
    "Digest",
    "Notification",
    "OutboundWebhook",
    "TeamsChannel",
    "WebhookDelivery",
]
