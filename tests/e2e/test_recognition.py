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
    # given a reward costing 10 points
    RewardItem.objects.create(
        name_en="Extra paid break", name_es="Extra paid break", cost=10, stock=2
    )

    # when the agent thanks a teammate with 20 points for empathy
    page = sign_in(agent)
    page.goto(f"{live_server.url}/recognition/give/")
    page.fill("#recipient-search", "Tom")
    expect(page.locator("#recipient-results")).to_contain_text("Tomás Teammate")
    page.locator("#recipient-results label", has_text="Tomás Teammate").click()
    expect(page.locator("#recipient-chips")).to_contain_text("Tomás Teammate")
    page.fill("#id_message", "You calmed that customer down beautifully.")
    page.get_by_text("Empathy", exact=True).click()
    page.locator("label.chip", has_text="20").click()
    page.get_by_role("button", name="Send kudos").click()

    # then the kudos is in the company feed
    expect(page.get_by_text("You calmed that customer down beautifully.")).to_be_visible()

    # and the teammate sees it, has 20 points and asks for the reward
    sign_out(page)
    page = sign_in(teammate)
    page.goto(f"{live_server.url}/recognition/")
    expect(page.get_by_text("You calmed that customer down beautifully.")).to_be_visible()
    page.goto(f"{live_server.url}/recognition/points/")
    expect(page.locator("dd").first).to_have_text("20")
    page.goto(f"{live_server.url}/recognition/rewards/")
    page.get_by_role("link", name="Request Extra paid break").click()
    page.get_by_role("button", name="Yes, spend 10 points").click()
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


def test_kudos_to_two_people_with_the_keyboard_only(sign_in, live_server, agent, teammate, team):
    # given a second colleague
    from people.models import Role
    from recognition.models import Kudos
    from tests.factories import MembershipFactory, UserFactory

    MembershipFactory(team=team, role=Role.AGENT, user=UserFactory(display_name="Rosa Ríos"))
    page = sign_in(agent)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/recognition/give/")

    # when the agent searches (the first field), ticks a first person with the keyboard…
    page.focus("#recipient-search")
    page.keyboard.type("Tom")
    expect(page.locator("#recipient-results")).to_contain_text("Tomás Teammate")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("#recipient-chips")).to_contain_text("Tomás Teammate")
    expect(page.locator("#recipient-search")).to_be_focused()

    # …then a second one
    page.keyboard.type("Rosa")
    expect(page.locator("#recipient-results")).to_contain_text("Rosa Ríos")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    expect(page.locator("#recipient-chips")).to_contain_text("Rosa Ríos")
    expect(page.locator("#recipient-announcer")).to_contain_text("Rosa Ríos")

    # and tabs on to the message, a value and the send button, never touching the mouse
    page.keyboard.press("Tab")
    expect(page.locator("#id_message")).to_be_focused()
    page.keyboard.type("Thank you both for covering the queue.")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the one company value
    page.keyboard.press("Tab")  # the points, a radio group: one stop
    page.keyboard.press("Tab")  # call, ticket or chat id
    page.keyboard.press("Tab")
    expect(page.locator("#send-kudos")).to_be_focused()
    page.keyboard.press("Enter")

    # then one kudos thanks both of them
    expect(page.get_by_text("Thank you both for covering the queue.")).to_be_visible()
    kudos = Kudos.objects.get()
    assert sorted(str(person) for person in kudos.recipients.all()) == [
        "Rosa Ríos",
        "Tomás Teammate",
    ]
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
