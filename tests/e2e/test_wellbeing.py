import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from people.models import Role
from tests.factories import MembershipFactory
from wellbeing.disclosure import week_start
from wellbeing.models import CheckIn, MoodTag
from wellbeing.services import record_check_in
from wellbeing.services.trends import publish_trends

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


def _agents_checked_in_two_weeks_ago(team, count, secret_note=""):  # type: ignore[no-untyped-def]
    """Check-ins on a Monday whose week is over everywhere, published as beat would."""
    monday = week_start(timezone.now().date()) - dt.timedelta(weeks=2)
    for n in range(count):
        user = MembershipFactory(team=team, role=Role.AGENT).user
        check_in = CheckIn.objects.create(
            user=user,
            team=team,
            local_date=monday,
            mood=n + 1,
            energy=4,
            stress=2,
            note=secret_note if n == 0 else "",
        )
        check_in.tags.set(MoodTag.objects.filter(slug="tired"))
    publish_trends()
    return monday


def _week_row(page, live_server, team, monday):  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/wellbeing/teams/{team.pk}/?period=week")
    return page.locator(f'#trend-table tbody tr[data-start="{monday.isoformat()}"]')


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


def test_lead_sees_a_past_weeks_team_trend_but_never_a_private_note(
    sign_in, team, team_lead, live_server
):
    # given
    monday = _agents_checked_in_two_weeks_ago(team, 5, secret_note=SECRET)
    assert CheckIn.objects.filter(note=SECRET).exists()
    page = sign_in(team_lead)

    # when
    week = _week_row(page, live_server, team, monday)

    # then
    expect(week).not_to_contain_text(NOT_ENOUGH)
    cells = week.locator("td")
    expect(cells.nth(1)).to_have_text("5")
    expect(cells.nth(3)).to_have_text("3.0")
    expect(cells.nth(4)).to_have_text("4.0")
    expect(cells.nth(5)).to_have_text("2.0")
    assert SECRET not in page.content()


def test_lead_sees_not_enough_responses_with_only_four_people(
    sign_in, team, team_lead, live_server
):
    # given
    monday = _agents_checked_in_two_weeks_ago(team, 4)
    page = sign_in(team_lead)

    # when
    week = _week_row(page, live_server, team, monday)

    # then
    expect(week).to_contain_text(NOT_ENOUGH)
    expect(week.locator("td")).to_have_count(2)


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
