import pytest
from playwright.sync_api import expect

from recognition.models import RewardItem, ValueTag

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _company_values(db):  # type: ignore[no-untyped-def]
    """Transactional tests flush the values the data migration created: put one back."""
    ValueTag.objects.get_or_create(
        slug="empathy", defaults={"name_en": "Empathy", "name_es": "Empatía"}
    )


def sign_out(page):  # type: ignore[no-untyped-def]
    page.context.clear_cookies()


def test_kudos_with_points_then_a_reward_approved_by_the_lead(
    sign_in, live_server, agent, teammate, team_lead
):
    # given a reward costing 20 points
    RewardItem.objects.create(
        name_en="Extra paid break", name_es="Extra paid break", cost=20, stock=2
    )

    # when the agent thanks a teammate with 30 points for empathy
    page = sign_in(agent)
    page.goto(f"{live_server.url}/recognition/give/")
    page.select_option("#id_recipients", label="Tomás Teammate")
    page.fill("#id_message", "You calmed that customer down beautifully.")
    page.get_by_text("Empathy", exact=True).click()
    page.fill("#id_points_each", "30")
    page.get_by_role("button", name="Send kudos").click()

    # then the kudos is in the company feed
    expect(page.get_by_text("You calmed that customer down beautifully.")).to_be_visible()

    # and the teammate sees it, has 30 points and asks for the reward
    sign_out(page)
    page = sign_in(teammate)
    page.goto(f"{live_server.url}/recognition/")
    expect(page.get_by_text("You calmed that customer down beautifully.")).to_be_visible()
    page.goto(f"{live_server.url}/recognition/points/")
    expect(page.locator("dd").first).to_have_text("30")
    page.goto(f"{live_server.url}/recognition/rewards/")
    page.get_by_role("button", name="Request Extra paid break").click()
    page.goto(f"{live_server.url}/recognition/rewards/requests/")
    expect(page.locator(".status-pending")).to_be_visible()

    # when the lead approves it from the queue, where the navigation counts it
    sign_out(page)
    page = sign_in(team_lead)
    expect(page.locator('nav a[href="/recognition/approvals/"] .count')).to_have_text("1")
    page.goto(f"{live_server.url}/recognition/approvals/")
    page.get_by_role("button", name="Approve Extra paid break for Tomás Teammate").click()

    # then the teammate's request is approved and their balance is 10
    sign_out(page)
    page = sign_in(teammate)
    page.goto(f"{live_server.url}/recognition/rewards/requests/")
    expect(page.locator(".status-approved")).to_be_visible()
    page.goto(f"{live_server.url}/recognition/points/")
    expect(page.locator("dd").first).to_have_text("10")
