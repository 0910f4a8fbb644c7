"""HR connects a tool, the tool pushes events through the real API, the agent hears about it."""

import json
import urllib.request

import pytest
from playwright.sync_api import expect

from performance.defaults import install_default_rules

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def post_events(url, key, events):  # type: ignore[no-untyped-def]
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        url,
        data=json.dumps(events).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Api-Key {key}"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return json.loads(response.read())


def test_hr_creates_a_key_the_tool_posts_a_compliment_and_the_agent_shares_it(
    sign_in, live_server, hr_admin, agent
):
    # given the default rules (and event types a flushed test database lacks)
    install_default_rules()

    # when HR adds an integration and creates its key, which is shown once
    page = sign_in(hr_admin)
    page.goto(f"{live_server.url}/performance/hr/integrations/")
    page.fill("#id_name", "Genesys Cloud")
    page.get_by_role("button", name="Add integration").click()
    page.get_by_role("button", name="Create API key for Genesys Cloud").click()
    key = page.locator("#new-api-key").input_value()
    assert key.startswith("cuida_")

    # and the tool pushes a customer's compliment with it
    answer = post_events(
        f"{live_server.url}/api/v1/events/",
        key,
        [
            {
                "external_id": "survey-991",
                "email": agent.email,
                "type": "customer_compliment",
                "occurred_at": "2026-11-20T10:15:00-06:00",
                "text": "Ana was so patient with my grandmother.",
            }
        ],
    )
    assert answer["accepted"] == 1

    # then the agent finds it in their feedback and shares it to the kudos feed
    page.context.clear_cookies()
    page = sign_in(agent)
    expect(page.locator('nav a[href="/performance/feedback/"] .count')).to_have_text("1")
    page.goto(f"{live_server.url}/performance/feedback/")
    expect(page.get_by_text("Ana was so patient with my grandmother.")).to_be_visible()
    page.get_by_role("button", name="Share to the kudos feed").click()
    page.goto(f"{live_server.url}/recognition/")
    expect(page.get_by_text("Ana was so patient with my grandmother.")).to_be_visible()
