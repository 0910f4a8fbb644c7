from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from core.counters import UNREAD_NOTIFICATIONS, counter_changed
from notifications.kinds import kind_of
from notifications.messages import MESSAGES, render_in
from notifications.models import Notification
from notifications.services.deliveries import queue_deliveries

if TYPE_CHECKING:
    from people.models import User


def notify(
    *,
    user: User,
    kind: str,
    message_key: str = "",
    params: Mapping[str, Any] | None = None,
    message: str = "",
    url: str = "",
) -> Notification:
    """Tell a person: a message in their inbox, and on each channel they chose for this
    ``kind`` (e-mail, push, Slack) once their quiet or shift hours allow. Callers run it
    inside their own transaction; sending starts after commit. ``kind`` must belong to a
    ``notifications.kinds.NotificationKind``.

    Give ``message_key`` (of ``notifications.messages.MESSAGES``) and ``params``: the page
    shows it in the reader's language whenever it is read. The stored ``message`` is its
    text in the recipient's language now, kept for search and as the fallback. A bare
    ``message`` (no key) is stored as written."""
    params = dict(params or {})
    category = kind_of(kind)
    if message_key:
        if message_key not in MESSAGES:
            raise ValueError(f"Unknown message key {message_key!r}.")
        message = render_in(user.preferred_language, message_key, params)
    elif not message:
        raise ValueError("A notification needs a message_key or a message.")
    counter_changed(UNREAD_NOTIFICATIONS, user_ids=[user.pk])
    notification = Notification.objects.create(
        user=user,
        kind=kind,
        message=message[:300],
        message_key=message_key,
        params=params,
        url=url,
    )
    queue_deliveries(notifications=[notification], kind=category)
    return notification


def mark_all_read(*, user: User) -> int:
    counter_changed(UNREAD_NOTIFICATIONS, user_ids=[user.pk])
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
