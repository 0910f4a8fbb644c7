from typing import Any

from django.http import HttpRequest

from people.selectors import get_roles


def roles(request: HttpRequest) -> dict[str, Any]:
    """Expose the viewer's roles to templates (base.html builds the navigation from them)."""
    user = getattr(request, "user", None)
    return {"roles": get_roles(user) if user is not None else None}
