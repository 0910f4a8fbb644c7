"""An id too large for the database's integers is an id that does not exist: a 400 with its
field when it is in the body or the query string, a 404 when it is in the path. Never a 500,
never a write (shared/design.md invariant 6). Runs on SQLite and, with DATABASE_URL, on
PostgreSQL: their overflows differ (SQLite's driver raises, PostgreSQL compares as numeric
but refuses to store)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core.models import AuditEvent
from recognition.models import Kudos, Redemption

pytestmark = pytest.mark.django_db

HUGE = 5765647492334284906747133952  # the id the fuzzer found
JUST_TOO_BIG = 2**63  # one past the largest bigint


@pytest.fixture
def as_hr(api_client, hr_admin):  # type: ignore[no-untyped-def]
    api_client.force_login(hr_admin)
    return api_client


@pytest.mark.parametrize("huge", [HUGE, JUST_TOO_BIG, -HUGE])
def test_kudos_to_a_huge_recipient_id_is_a_field_error(api_client, agent, huge):
    api_client.force_login(agent)

    response = api_client.post(
        "/api/v1/recognition/kudos/",
        {"recipients": [huge], "message": "Gracias", "values": ["teamwork"]},
        format="json",
    )

    assert response.status_code == 400, response.content[:300]
    assert "recipients" in response.json()["errors"]
    assert Kudos.objects.count() == 0


@pytest.mark.parametrize("huge", [HUGE, JUST_TOO_BIG])
def test_redeeming_a_huge_item_id_is_a_field_error(api_client, agent, huge):
    api_client.force_login(agent)

    response = api_client.post("/api/v1/recognition/redemptions/", {"item": huge}, format="json")

    assert response.status_code == 400, response.content[:300]
    assert "item" in response.json()["errors"]
    assert Redemption.objects.count() == 0


# Every body field and query parameter that names a row, as the schema lists them.
ID_INPUTS: dict[str, tuple[str, str, dict[str, Any], str]] = {
    "badge recipient": (
        "post",
        "/api/v1/recognition/badge-awards/",
        {"badge": "first-call", "recipient": HUGE},
        "recipient",
    ),
    "kudos feed team": ("get", "/api/v1/recognition/kudos/?team={huge}", {}, "team"),
    "endorsed agent": ("post", "/api/v1/careers/promotions/", {"agent": HUGE}, "agent"),
    "assigned person": (
        "post",
        "/api/v1/careers/enrollments/",
        {"user": HUGE, "path": 1},
        "user",
    ),
    "assigned path": ("post", "/api/v1/careers/enrollments/", {"user": 1, "path": HUGE}, "path"),
    "my target level": (
        "patch",
        "/api/v1/careers/plans/me/",
        {"target_level": HUGE},
        "target_level",
    ),
    "catalog track": ("get", "/api/v1/careers/paths/?track={huge}", {}, "track"),
    "new path's track": (
        "post",
        "/api/v1/careers/paths/",
        {"name_en": "A", "name_es": "A", "track": HUGE},
        "track",
    ),
    "new path's badge": (
        "post",
        "/api/v1/careers/paths/",
        {"name_en": "A", "name_es": "A", "badge_class": HUGE},
        "badge_class",
    ),
    "readiness level": ("get", "/api/v1/careers/readiness/people/?level={huge}", {}, "level"),
}


@pytest.mark.parametrize(("method", "url", "body", "field"), ID_INPUTS.values(), ids=ID_INPUTS)
def test_a_huge_id_in_a_body_or_query_is_a_field_error(as_hr, team_lead, method, url, body, field):
    audit_rows = AuditEvent.objects.count()

    response = getattr(as_hr, method)(url.format(huge=HUGE), body, format="json")

    assert response.status_code == 400, response.content[:300]
    assert field in response.json()["errors"]
    assert AuditEvent.objects.count() == audit_rows


def _id_routes(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every route with an ``int`` path parameter, as a path template."""
    resolver = resolver or get_resolver()
    routes = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            routes += _id_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and "<int:" in route:
            routes.append(route.lstrip("^"))
    return routes


ID_ROUTES = _id_routes()


def test_the_route_walk_finds_the_api_and_the_pages():
    assert "api/v1/recognition/kudos/<int:pk>/" in ID_ROUTES
    assert "recognition/kudos/<int:pk>/" in ID_ROUTES
    assert len(ID_ROUTES) > 60


@pytest.mark.parametrize("route", ID_ROUTES)
@pytest.mark.parametrize("huge", [HUGE, JUST_TOO_BIG])
def test_a_huge_id_in_any_path_is_not_found(client, hr_admin, route, huge):
    # given HR, who may reach the most routes, and an id beyond the database's integers
    client.force_login(hr_admin)
    path = "/" + re.sub(r"<int:\w+>", str(huge), route)
    audit_rows = AuditEvent.objects.count()

    # when it is read and written (with an empty body: checking it may come first)
    answers = {
        method: getattr(client, method)(path, content_type="application/json").status_code
        for method in ("get", "post", "patch", "delete")
    }

    # then there is nothing to read, nothing failed and nothing was written
    assert answers["get"] in (404, 405), answers
    assert max(answers.values()) < 500, answers
    assert AuditEvent.objects.count() == audit_rows
