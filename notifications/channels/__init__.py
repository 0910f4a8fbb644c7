"""The channels notifications travel by, by name. E-mail, web push and Slack live here;
the inbox in Cuida is the ``Notification`` row itself, and Teams and outbound webhooks hear
public announcements (``services.webhooks.announce``), not personal notifications."""

from __future__ import annotations

from functools import cache

from notifications.channels.base import Channel, Outgoing, RetryLater, Undeliverable
from notifications.kinds import PERSONAL_CHANNELS

__all__ = ["Channel", "Outgoing", "RetryLater", "Undeliverable", "channel", "personal_channels"]


@cache
def _installed() -> dict[str, Channel]:
    # Imported on first use, not with this package: the channel modules import models.
    from notifications.channels.email import EmailChannel
    from notifications.channels.push import PushChannel
    from notifications.channels.slack import SlackChannel

    return {instance.name: instance for instance in (EmailChannel(), PushChannel(), SlackChannel())}


def channel(name: str) -> Channel | None:
    """The channel of that name, or None when it is not installed."""
    return _installed().get(name)


def personal_channels() -> list[str]:
    """The channels a person can choose on this deployment, in the grid's order."""
    installed = _installed()
    return [
        name for name in PERSONAL_CHANNELS if name in installed and installed[name].configured()
    ]
