from typing import Any

from django.http import HttpRequest

from core.context_processors import lazy_count
from core.counters import UNREAD_FEEDBACK, cached_count
from performance.selectors import unread_feedback_count


def unread_feedback(request: HttpRequest) -> dict[str, Any]:
    """Unread feedback for the "Feedback" badge in base.html, read (from the cache when it
    can) only when a template uses it (the navigation shows it to agents only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "unread_feedback": lazy_count(
            lambda: cached_count(
                UNREAD_FEEDBACK, user_id=user.pk, count=lambda: unread_feedback_count(user=user)
            )
        )
    }
