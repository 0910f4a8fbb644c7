import pytest
from playwright.sync_api import expect

from people.models import Role
from tests.factories import MembershipFactory
from wellbeing.models import CheckIn, MoodTag
from wellbeing.services import record_check_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SECRET = "my secret note 12345"
NOT_ENOUGH = "Not enough responses"
FOCUSED = "() => [document.activeElement.tagName, document.activeElement.name || '']"


@pytest.fixture(autouse=True)
def _default_tags(db):  # type: ignore[no-untyped-def]
    """Transactional tests flush the tags the data migration created: put them back."""
    for position, (slug, name) in enumerate(
        [("tired", "Tired"), ("proud", "Proud"), ("tough-call", "Tough call")]
    ):
        MoodTag.objects.get_or_create(
            slug=slug, defaults={"name_en": name, "name_es": name, "position": position}
        )


def _tab_until(page, tag, name=""):  # type: ignore[no-untyped-def]
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED) == [tag, name]:
            return
    raise AssertionError(f"Tab never reached <{tag.lower()} name={name!r}>")


def _agents_checked_in_today(team, count, secret_note=""):  # type: ignore[no-untyped-def]
    for n in range(count):
        user = MembershipFactory(team=team, role=Role.AGENT).user
        record_check_in(
            user=user,
            mood=n + 1,
            energy=4,
            stress=2,
            tag_slugs=["tired"],
            note=secret_note if n == 0 else "",
        )


def _today_row(page, live_server, team):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/wellbeing/teams/{team.pk}/")
    return page.locator("#trend-table tbody tr").first


def test_agent_checks_in_with_the_keyboard_only(sign_in, agent, live_server):
    # given
    page = sign_in(agent)
    page.goto(f"{live_server.url}/wellbeing/")
    page.evaluate("window.__marker = 1")

    # when
    _tab_until(page, "INPUT", "mood")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    _tab_until(page, "INPUT", "tags")
    page.keyboard.press("Space")
    _tab_until(page, "TEXTAREA", "note")
    page.keyboard.type("Long queue, but a kind customer")
    _tab_until(page, "BUTTON")
    page.keyboard.press("Enter")

    # then
    expect(page.locator("#check-in-saved")).to_be_visible()
    assert page.url == f"{live_server.url}/wellbeing/"
    assert page.evaluate("window.__marker") == 1
    check_in = CheckIn.objects.get(user=agent)
    assert (check_in.mood, check_in.energy, check_in.stress) == (4, 2, 3)
    assert [t.slug for t in check_in.tags.all()] == ["tired"]
    assert check_in.note == "Long queue, but a kind customer"
    assert check_in.shared_with_lead is False
    page.goto(f"{live_server.url}/wellbeing/history/")
    expect(page.locator("#check-in-history")).to_contain_text("Long queue, but a kind customer")
    expect(page.locator("#check-in-history")).to_contain_text("Tired")


def test_lead_sees_todays_team_trend_but_never_a_private_note(
    sign_in, team, team_lead, live_server
):
    # given
    _agents_checked_in_today(team, 5, secret_note=SECRET)
    assert CheckIn.objects.filter(note=SECRET).exists()
    page = sign_in(team_lead)

    # when
    today = _today_row(page, live_server, team)

    # then
    expect(today).not_to_contain_text(NOT_ENOUGH)
    cells = today.locator("td")
    expect(cells.nth(1)).to_have_text("5")
    expect(cells.nth(3)).to_have_text("3.0")
    expect(cells.nth(4)).to_have_text("4.0")
    expect(cells.nth(5)).to_have_text("2.0")
    assert SECRET not in page.content()


def test_lead_sees_not_enough_responses_with_only_four_people(
    sign_in, team, team_lead, live_server
):
    # given
    _agents_checked_in_today(team, 4)
    page = sign_in(team_lead)

    # when
    today = _today_row(page, live_server, team)

    # then
    expect(today).to_contain_text(NOT_ENOUGH)
    expect(today.locator("td")).to_have_count(2)


def test_agent_shares_a_check_in_and_the_lead_sees_it_without_the_note(
    sign_in, agent, team, team_lead, live_server
):
    # given
    check_in, _created = record_check_in(
        user=agent, mood=2, energy=3, stress=4, tag_slugs=["tough-call"], note=SECRET
    )
    page = sign_in(agent)
    page.goto(f"{live_server.url}/wellbeing/history/")
    page.evaluate("window.__marker = 1")
    row = page.locator(f"#check-in-{check_in.pk}")

    # when
    row.get_by_role("button", name="Private — share").click()

    # then
    expect(row.get_by_role("button", name="Shared — stop sharing")).to_be_visible()
    assert page.evaluate("window.__marker") == 1
    check_in.refresh_from_db()
    assert check_in.shared_with_lead is True
    page.context.clear_cookies()
    sign_in(team_lead)
    page.goto(f"{live_server.url}/wellbeing/teams/{team.pk}/")
    shared = page.locator("#shared-check-ins tbody tr")
    expect(shared).to_have_count(1)
    expect(shared).to_contain_text("Ana Agent")
    expect(shared).to_contain_text("Tough call")
    assert SECRET not in page.content()
