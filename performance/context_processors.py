from typing import Any

from django.http import HttpRequest

from core.context_processors import lazy_count
from core.counters import UNREAD_FEEDBACK, cached_count
from people.selectors import get_roles
from performance.selectors import unread_feedback_count


def unread_feedback(request: HttpRequest) -> dict[str, Any]:
    """Unread feedback for the "Feedback" badge in base.html, read (from the cache when it
    can) only when a template uses it (the navigation shows it to agents only)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not get_roles(user).is_agent:  # feedback is for agents; nobody else is counted
            return 0
        return cached_count(
            UNREAD_FEEDBACK, user_id=user.pk, count=lambda: unread_feedback_count(user=user)
        )

    return {"unread_feedback": lazy_count(count)}
