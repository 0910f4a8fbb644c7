from typing import Any

from django.http import HttpRequest

from careers.selectors import pending_promotions_count
from core.context_processors import lazy_count
from core.counters import PENDING_PROMOTIONS, cached_count
from people.permissions import is_hr


def pending_promotions(request: HttpRequest) -> dict[str, Any]:
    """Endorsements waiting for HR, for the "Promotions" count in base.html; read (from the
    cache when it can) only when a template uses it (HR's navigation), zero for everyone
    else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        if not is_hr(user):
            return 0
        return cached_count(
            PENDING_PROMOTIONS,
            user_id=user.pk,
            scope="hr",
            count=lambda: pending_promotions_count(viewer=user),
        )

    return {"pending_promotions": lazy_count(count)}
