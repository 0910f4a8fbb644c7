import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_agent_signs_in_and_switches_the_dashboard_to_spanish(sign_in, agent):
    page = sign_in(agent)
    expect(page.locator("h1")).to_have_text("Hello, Ana")
    expect(page.get_by_role("heading", name="Your day")).to_be_visible()

    page.select_option("#language-select", "es")

    expect(page.locator("h1")).to_have_text("Hola, Ana")
    expect(page.get_by_role("heading", name="Tu día")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    agent.refresh_from_db()
    assert agent.preferred_language == "es"


def test_lead_navigation_leads_to_their_team(sign_in, team_lead, agent, team):
    page = sign_in(team_lead)

    page.get_by_role("link", name="My teams").click()
    page.get_by_role("link", name=team.name).click()

    expect(page.get_by_role("heading", name=team.name)).to_be_visible()
    expect(page.get_by_text("Ana Agent")).to_be_visible()
