"""The channels notifications travel by, by name. E-mail, web push and Slack live here;
the inbox in Cuida is the ``Notification`` row itself, and Teams and outbound webhooks hear
public announcements (``services.webhooks.announce``), not personal notifications."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from notifications.channels.base import Channel, Outgoing, RetryLater, Undeliverable
from notifications.kinds import PERSONAL_CHANNELS

__all__ = ["Channel", "Outgoing", "RetryLater", "Undeliverable", "channel", "personal_channels"]


@cache
def _installed() -> dict[str, Channel]:
    # Imported on first use, not with this package: the channel modules import models.
    from notifications.channels.email import EmailChannel
    from notifications.channels.push import PushChannel
    from notifications.channels.slack import SlackChannel

    installed = {
        instance.name: instance for instance in (EmailChannel(), PushChannel(), SlackChannel())
    }
    return installed | _extra()


def _extra() -> dict[str, Channel]:
    """Channels named by dotted path in the ``NOTIFICATION_EXTRA_CHANNELS`` setting; one
    with the name of a channel above replaces it. No deployment sets it: the fan-out test
    (tests/integration/test_notification_fanout.py) stands a flaky channel in for web push,
    in its own process and in its workers, which a monkeypatch cannot reach."""
    paths = getattr(settings, "NOTIFICATION_EXTRA_CHANNELS", ())
    return {instance.name: instance for instance in (import_string(p)() for p in paths)}


def channel(name: str) -> Channel | None:
    """The channel of that name, or None when it is not installed."""
    return _installed().get(name)


def personal_channels() -> list[str]:
    """The channels a person can choose on this deployment, in the grid's order."""
    installed = _installed()
    return [
        name for name in PERSONAL_CHANNELS if name in installed and installed[name].configured()
    ]
