from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from core.counters import UNREAD_NOTIFICATIONS, counter_changed
from notifications.messages import MESSAGES, render_in
from notifications.models import Notification

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
    """Leave an in-app message; callers run it inside their own transaction.

    Give ``message_key`` (of ``notifications.messages.MESSAGES``) and ``params``: the page
    shows it in the reader's language whenever it is read. The stored ``message`` is its
    text in the recipient's language now, kept for search and as the fallback. A bare
    ``message`` (no key) is stored as written."""
    params = dict(params or {})
    if message_key:
        if message_key not in MESSAGES:
            raise ValueError(f"Unknown message key {message_key!r}.")
        message = render_in(user.preferred_language, message_key, params)
    elif not message:
        raise ValueError("A notification needs a message_key or a message.")
    counter_changed(UNREAD_NOTIFICATIONS, user_ids=[user.pk])
    return Notification.objects.create(
        user=user,
        kind=kind,
        message=message[:300],
        message_key=message_key,
        params=params,
        url=url,
    )


def mark_all_read(*, user: User) -> int:
    counter_changed(UNREAD_NOTIFICATIONS, user_ids=[user.pk])
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
