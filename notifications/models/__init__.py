"""Notifications' tables, a module per entity."""

from notifications.models.inbox import Notification
from notifications.models.slack import (
    SlackOAuthState,
    SlackPost,
    SlackRequest,
    SlackUserLink,
    SlackWorkspace,
)
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
    "SlackOAuthState",
    "SlackPost",
    "SlackRequest",
    "SlackUserLink",
    "SlackWorkspace",
    "TeamsChannel",
    "WebhookDelivery",
]
