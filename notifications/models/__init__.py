"""Notifications' tables, a module per entity."""

from notifications.models.inbox import Notification
from notifications.models.targets import (
    DeliveryTarget,
    OutboundWebhook,
    TeamsChannel,
    WebhookDelivery,
)

__all__ = [
    "DeliveryTarget",
    "Notification",
    "OutboundWebhook",
    "TeamsChannel",
    "WebhookDelivery",
]
