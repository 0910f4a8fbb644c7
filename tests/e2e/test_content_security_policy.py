"""In a real browser, the Content-Security-Policy blocks nothing the pages need: the main
pages of an agent, a lead and HR load without a single violation, and HTMX still works."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from recognition.models import ValueTag
from tests.site_map import build_world
from wellbeing.models import CheckIn

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"

# Runs before any script of each page (a CDP script, so the policy does not apply to it).
LISTEN_FOR_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `(${event.sourceFile || ""}:${event.lineNumber})`
  );
});
"""


@pytest.fixture
def world(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    # Transactional tests flush what data migrations created: put back the value it uses.
    ValueTag.objects.get_or_create(
        slug="teamwork", defaults={"name_en": "Teamwork", "name_es": "Trabajo en equipo"}
    )
    return build_world(django_capture_on_commit_callbacks, second_factor=False)


@pytest.fixture
def watched(sign_in):  # type: ignore[no-untyped-def]
    """``watched(user)`` -> a signed-in page and the list its CSP complaints go to."""

    def _watched(user: Any) -> tuple[Any, list[str]]:
        complaints: list[str] = []
        page = sign_in(user)
        page.add_init_script(LISTEN_FOR_VIOLATIONS)
        page.on(
            "console",
            lambda message: (
                complaints.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return page, complaints

    return _watched


def _visit(page: Any, complaints: list[str], base: str, paths: list[str]) -> list[str]:
    found = []
    for path in paths:
        response = page.goto(f"{base}{path}")
        page.wait_for_load_state("networkidle")
        assert response is not None
        assert response.status == 200, path
        assert "content-security-policy" in response.headers, path
        found += [f"{path}: {v}" for v in page.evaluate("window.__cspViolations")]
        found += [f"{path}: {c}" for c in complaints]
        complaints.clear()
    return found


def test_an_agents_pages_load_without_violations(watched, world, live_server):
    page, complaints = watched(world.agent)

    violations = _visit(
        page,
        complaints,
        live_server.url,
        [
            "/",
            "/wellbeing/",
            "/wellbeing/history/",
            "/wellbeing/my-data/",
            "/recognition/",
            f"/recognition/kudos/{world.kudos.pk}/",
            "/recognition/give/",
            "/recognition/points/",
            "/recognition/badges/",
            "/recognition/rewards/",
            "/careers/",
            "/careers/learning/",
            f"/careers/learning/{world.enrollment.pk}/",
            "/careers/catalog/",
            "/performance/feedback/",
            "/notifications/",
            "/me/settings/",
            "/accounts/email/",
            "/accounts/2fa/",
        ],
    )

    assert violations == []


def test_a_leads_pages_load_without_violations(watched, world, live_server):
    page, complaints = watched(world.lead)
    team = world.team.pk

    violations = _visit(
        page,
        complaints,
        live_server.url,
        [
            "/",
            "/lead/",
            f"/teams/{team}/",
            f"/wellbeing/teams/{team}/",
            "/recognition/approvals/",
            "/recognition/badges/award/",
            f"/careers/teams/{team}/",
            f"/careers/people/{world.agent.pk}/",
            f"/performance/teams/{team}/feedback/",
        ],
    )

    assert violations == []


def test_hr_pages_and_the_api_docs_load_without_violations(watched, world, live_server):
    page, complaints = watched(world.hr)

    violations = _visit(
        page,
        complaints,
        live_server.url,
        [
            "/hr/",
            "/hr/people/",
            "/wellbeing/company/",
            "/careers/hr/tracks/",
            f"/careers/hr/tracks/{world.track.pk}/",
            "/careers/hr/training/",
            f"/careers/hr/training/{world.path.pk}/",
            f"/careers/hr/modules/{world.module.pk}/",
            "/careers/hr/promotions/",
            "/careers/hr/readiness/",
            "/performance/hr/integrations/",
            "/performance/hr/status/",
            "/performance/hr/rules/",
            "/performance/hr/rules/new/",
            "/performance/hr/import/",
        ],
    )
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Cuida API", timeout=30_000)
    page.wait_for_load_state("networkidle")
    violations += [f"Swagger UI: {v}" for v in page.evaluate("window.__cspViolations")]
    violations += [f"Swagger UI: {c}" for c in complaints]
    complaints.clear()
    page.goto(f"{live_server.url}/api/redoc/")
    # Redoc parses the whole schema before it draws anything: slow on a small machine.
    expect(page.locator("#redoc-container h1").first).to_contain_text("Cuida API", timeout=30_000)
    page.wait_for_load_state("networkidle")
    redoc = page.evaluate("window.__cspViolations") + complaints

    assert violations == []
    # Redoc's bundle always asks a CDN for its "API docs by Redocly" logo (and hides the
    # image when that fails): the one request the policy is there to stop.
    assert redoc, "Redoc's logo request was expected to be refused"
    assert all(REDOC_LOGO in v for v in redoc), redoc


def test_htmx_still_works_under_the_policy(watched, world, live_server):
    # given the agent on the check-in page, with a marker a full reload would erase
    page, complaints = watched(world.agent)
    page.goto(f"{live_server.url}/wellbeing/")
    page.evaluate("window.__marker = 1")

    # when they change today's mood and save
    page.locator("label[for='id_mood_0']").click()
    page.locator("#check-in-card button[type='submit']").click()

    # then HTMX swapped the card in place, and the policy blocked nothing
    expect(page.locator("#check-in-saved")).to_be_visible()
    assert page.evaluate("window.__marker") == 1
    assert CheckIn.objects.get(user=world.agent).mood == 1
    assert page.evaluate("window.__cspViolations") == []
    assert complaints == []


def test_the_admin_loads_without_violations(watched, world, staff_user, live_server):
    page, complaints = watched(staff_user)

    violations = _visit(
        page,
        complaints,
        live_server.url,
        [
            "/admin/",
            "/admin/people/user/",
            f"/admin/people/user/{world.agent.pk}/change/",
            "/admin/recognition/rewarditem/add/",
            "/admin/performance/rule/add/",
            "/admin/django_celery_beat/periodictask/add/",
        ],
    )

    assert violations == []
