from typing import Any

from django.http import HttpRequest

from careers.selectors import pending_promotions_count
from core.context_processors import lazy_count


def pending_promotions(request: HttpRequest) -> dict[str, Any]:
    """Endorsements waiting for HR, for the "Promotions" count in base.html; queried only
    when a template uses it (HR's navigation), zero for everyone else."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"pending_promotions": lazy_count(lambda: pending_promotions_count(viewer=user))}
