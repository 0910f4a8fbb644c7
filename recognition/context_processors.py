from typing import Any

from django.http import HttpRequest

from core.context_processors import lazy_count
from core.counters import PENDING_APPROVALS, cached_count
from people.selectors import get_roles
from recognition.selectors import pending_approvals_count


def pending_approvals(request: HttpRequest) -> dict[str, Any]:
    """Pending reward requests for the "Approvals" badge in base.html: leads and HR only,
    read (from the cache when it can) only when a template uses it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        roles = get_roles(user)
        if not (roles.is_lead or roles.is_hr):
            return 0
        # Whose requests a person decides follows their roles: a new team reads afresh.
        teams = "-".join(str(pk) for pk in sorted(roles.led_team_ids))
        scope = f"hr{int(roles.is_hr)}.teams{teams}"
        return cached_count(
            PENDING_APPROVALS,
            user_id=user.pk,
            scope=scope,
            count=lambda: pending_approvals_count(viewer=user),
        )

    return {"pending_approvals": lazy_count(count)}
