from typing import Any

from django.http import HttpRequest

from core.context_processors import lazy_count
from core.counters import UNREAD_NOTIFICATIONS, cached_count
from notifications.selectors import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """Unread count for the navigation badge, read (from the cache when it can) only when a
    template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": lazy_count(
            lambda: cached_count(
                UNREAD_NOTIFICATIONS, user_id=user.pk, count=lambda: unread_count(user=user)
            )
        )
    }
