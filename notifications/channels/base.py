"""What a channel is: something that can tell a person about a notification. Channels
raise ``RetryLater`` for what may pass (SMTP down, a 5xx, a 429 with Retry-After) and
``Undeliverable`` for what will not (no address, the device is gone); the delivery service
records either and never lets one channel's fault stop another's."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

if TYPE_CHECKING:
    from notifications.kinds import NotificationKind
    from notifications.models import Delivery, Notification
    from people.models import User


class RetryLater(Exception):
    """The send may work later; ``retry_after`` seconds when the other side said so."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Undeliverable(Exception):
    """The send will never work as things are: recorded as failed with the reason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Outgoing:
    """One message for one person, already in their language. ``count`` > 1 when similar
    deliveries were collapsed into this one; ``text`` then says so."""

    delivery: Delivery
    notification: Notification
    user: User
    kind: NotificationKind
    title: str
    text: str
    url: str
    count: int


class Channel:
    """A way to reach a person. Subclasses set ``name`` (a ``Delivery.Channel`` value)."""

    name: ClassVar[str]

    def configured(self) -> bool:
        """Whether this deployment set the channel up (web push needs its VAPID keys); a
        channel that is not is left out of the grid and reaches nobody."""
        return True

    def reachable(self, user_ids: Collection[int]) -> set[int]:
        """The people among ``user_ids`` this channel can reach now (an address, a device,
        a linked account); the others get no delivery on it. One query at most."""
        return set(user_ids)

    def send(self, outgoing: Outgoing) -> None:
        raise NotImplementedError
