"""Notifications' tables, a module per entity."""

from notifications.models.deliveries import Delivery
from notifications.models.digests import Digest
from notifications.models.email import EmailSuppression
from notifications.models.inbox import Notification
from notifications.models.preferences import ChannelDefault, ChannelPreference, DeliveryHours
from notifications.models.push import PushReceipt, PushSubscription
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
    "EmailSuppression",
    "Notification",
    "OutboundWebhook",
    "PushReceipt",
    "PushSubscription",
    "TeamsChannel",
    "WebhookDelivery",
]
