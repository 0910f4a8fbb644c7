"""An id that names nothing, in any route's path, for every persona: a 404 (or the role's
403, or 405 for a method the route does not take), never a 500, never a write. The URL walk
(tests/unit/test_url_walk.py) opens every route with real ids and other people's; this one
fills every path parameter with a value that names no row, whatever its kind: an integer
inside the database's range, a slug, a UUID, a key."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from core.models import AuditEvent
from tests.unit.test_url_walk import BODY, Route, all_routes

pytestmark = pytest.mark.django_db

PERSONAS = ("anonymous", "agent", "team_lead", "hr_admin", "staff_user")
MISSING_INT = 2_000_000_000  # fits every integer column, names no row
NOT_FOUND_FOR_OURS = {403, 404, 405}


def _missing(converter: str) -> str:
    return {
        "int": str(MISSING_INT),
        "slug": "no-such-thing",
        "uuid": str(uuid.UUID(int=7)),
        "path": "no/such/thing.png",
    }.get(converter, "no-such-thing")


def unknown_url(route: Route) -> str:
    """The route's path with every parameter naming nothing."""
    url = "/" + route.pattern
    url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: _missing(m.group(1) or "str"), url)
    url = re.sub(r"\(\?P<\w+>[^)]*\)", _missing("path"), url)
    return url.replace("^", "").replace("$", "").replace("\\", "")


ROUTES = [route for route in all_routes() if route.kwargs]


def test_routes_with_ids_are_found():
    patterns = {route.pattern for route in ROUTES}
    assert "recognition/kudos/<int:pk>/" in patterns
    assert "openbadges/assertions/<uuid:uid>" in patterns
    assert "^media/(?P<path>.*)$" in patterns
    assert unknown_url(next(r for r in ROUTES if r.name == "openbadges:badge_class")) == (
        "/openbadges/badges/no-such-thing"
    )
    assert len(ROUTES) > 80


@pytest.fixture
def browsers(request) -> dict[str, Client]:  # type: ignore[no-untyped-def]
    clients = {}
    for persona in PERSONAS:
        client = Client(raise_request_exception=False, headers={"accept-language": "es"})
        if persona != "anonymous":
            client.force_login(request.getfixturevalue(persona))
        clients[persona] = client
    return clients


def _ask(client: Client, route: Route, method: str, url: str) -> Any:
    """One request, with the walk's minimal valid body where it has one (so the answer is
    about the id, not an empty form), rolled back."""
    cache.clear()  # rate limits count in the cache
    data = BODY[route.name](None) if route.name in BODY else {}
    with transaction.atomic():
        if route.is_api and method != "get":
            response = client.generic(
                method.upper(), url, json.dumps(data), content_type="application/json"
            )
        elif method == "post":
            response = client.post(url, data)
        else:
            response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def test_an_unknown_id_in_any_route_is_not_found_for_everybody(browsers):
    audit_rows = AuditEvent.objects.count()
    problems = []
    asked = 0
    for route in ROUTES:
        url = unknown_url(route)
        methods = route.methods if route.is_ours else ("get",)
        for persona, client in browsers.items():
            for method in methods:
                response = _ask(client, route, method, url)
                asked += 1
                status = response.status_code
                answer = f"{persona}: {method.upper()} {url} -> {status}"
                if status >= 500:
                    problems.append(f"{answer} — server error")
                elif (
                    route.is_ours
                    and persona != "anonymous"
                    and status not in NOT_FOUND_FOR_OURS
                    and not (route.is_api and status == 400)  # its body is checked first
                ):
                    problems.append(f"{answer} — expected 403, 404 or 405")

    assert problems == [], f"{len(problems)} problems in {asked} requests:\n" + "\n".join(problems)
    assert AuditEvent.objects.count() == audit_rows
    assert asked > 1000
