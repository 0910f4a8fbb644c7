from __future__ import annotations

from typing import Any

from django.utils import timezone

from core.counters import UNREAD_NOTIFICATIONS, counter_changed
from notifications.models import Notification


def notify(*, user: Any, kind: str, message: str, url: str = "") -> Notification:
    """Leave an in-app message; callers run it inside their own transaction."""
    counter_changed(UNREAD_NOTIFICATIONS, user_ids=[user.pk])
    return Notification.objects.create(user=user, kind=kind, message=message[:300], url=url)


def mark_all_read(*, user: Any) -> int:
    counter_changed(UNREAD_NOTIFICATIONS, user_ids=[user.pk])
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
