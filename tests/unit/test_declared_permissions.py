"""Every page and API view of ours declares who may reach it (issue 13, invariant 5).

Pages declare it with ``people.permissions.page_rule``; API views with a DRF permission
class built on the same rules (``IsSignedIn``, ``IsLead``, ``IsHR``, ``IsLeadOrHR``,
``Public``) or an integration's key (``performance.api.IsIntegration``). A view
that relies on the framework's default declares nothing and fails here: a new view cannot
forget its rule. The routes come from the URL resolver, like the URL walk's.
"""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.views import APIView

from people.permissions import Rule
from tests.unit.test_url_walk import all_routes

OUR_APPS = ("core", "people", "wellbeing", "recognition", "performance", "careers", "notifications")


def _view_of(callback: Any) -> Any:
    return getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback


def _is_ours(view: Any) -> bool:
    return view.__module__.split(".")[0] in OUR_APPS


def _our_routes() -> list[Any]:
    return [route for route in all_routes() if _is_ours(_view_of(route.callback))]


def _declared_api_permissions(view_class: type[APIView]) -> list[type] | None:
    """The permission classes a DRF view declares itself (or through a base of ours)."""
    for klass in view_class.__mro__:
        if "permission_classes" in vars(klass):
            if not _is_ours(klass) and klass.__name__ != "WrappedAPIView":
                return None
            declared = vars(klass)["permission_classes"]
            # ``@api_view`` copies the framework's default when nothing was declared.
            return None if declared is APIView.permission_classes else list(declared)
    return None


ROUTES = _our_routes()


def test_the_walk_finds_pages_and_api_views_of_every_app() -> None:
    apps = {_view_of(route.callback).__module__.split(".")[0] for route in ROUTES}
    assert {"wellbeing", "recognition", "performance", "careers", "people"} <= apps
    assert any(route.is_api for route in ROUTES)
    assert any(not route.is_api for route in ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=[route.name for route in ROUTES])
def test_every_view_declares_its_permission_rule(route: Any) -> None:
    view = _view_of(route.callback)
    if isinstance(view, type) and issubclass(view, APIView):
        declared = _declared_api_permissions(view)
        assert declared, f"{route.name}: {view.__qualname__} declares no permission_classes"
    else:
        rule = getattr(route.callback, "permission_rule", None)
        assert isinstance(rule, Rule), (
            f"{route.name}: {getattr(view, '__qualname__', view)} has no @page_rule(...)"
        )
