from __future__ import annotations

from typing import Any

from django.utils import timezone

from notifications.models import Notification


def notify(*, user: Any, kind: str, message: str, url: str = "") -> Notification:
    """Leave an in-app message; callers run it inside their own transaction."""
    return Notification.objects.create(user=user, kind=kind, message=message[:300], url=url)


def mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
