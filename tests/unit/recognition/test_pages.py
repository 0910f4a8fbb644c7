"""Recognition pages: the kudos feed, points, badges, rewards and the approval queue."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from recognition import openbadges
from recognition.models import (
    BadgeAward,
    BadgeClass,
    GivingAllowance,
    Kudos,
    LedgerEntry,
    Reaction,
    Redemption,
    RewardItem,
    ValueTag,
)
from recognition.selectors import balance_of
from recognition.services.badges import award_badge
from recognition.services.kudos import give_kudos
from recognition.services.profile import set_leaderboard_opt_in
from recognition.services.redemptions import approve_redemption, request_redemption
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


def thank(giver, *recipients, points=0, values=("teamwork",), message="Thank you!"):  # type: ignore[no-untyped-def]
    return give_kudos(
        giver=giver,
        recipient_ids=[r.pk for r in recipients],
        message=message,
        value_slugs=list(values),
        points_each=points,
    )


def stock_of(item):  # type: ignore[no-untyped-def]
    return RewardItem.objects.values_list("stock", flat=True).get(pk=item.pk)


@pytest.fixture
def reward(db):  # type: ignore[no-untyped-def]
    return RewardItem.objects.create(name_en="Gift card", name_es="Gift card", cost=30, stock=2)


@pytest.fixture
def funded_agent(agent, teammate):  # type: ignore[no-untyped-def]
    thank(teammate, agent, points=50)
    return agent


@pytest.fixture
def badge(db):  # type: ignore[no-untyped-def]
    return BadgeClass.objects.create(
        slug="calm-under-fire",
        name_en="Calm under fire",
        name_es="Calm under fire",
        description_en="d",
        description_es="d",
        criteria_en="c",
        criteria_es="c",
    )


# --- Access ------------------------------------------------------------------------------


def test_pages_need_signing_in(client):
    response = client.get(reverse("recognition:feed"))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize(
    "name",
    ["feed", "give", "my_points", "leaderboard", "my_badges", "catalog", "my_redemptions"],
)
def test_every_page_opens_with_an_empty_state(client, agent, name):
    client.force_login(agent)

    response = client.get(reverse(f"recognition:{name}"))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["approvals", "award_badge"])
def test_agent_gets_403_on_lead_pages(client, agent, name):
    client.force_login(agent)

    assert client.get(reverse(f"recognition:{name}")).status_code == 403


@pytest.mark.parametrize("persona", ["team_lead", "hr_admin"])
def test_leads_and_hr_open_the_lead_pages(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("recognition:approvals")).status_code == 200
    assert client.get(reverse("recognition:award_badge")).status_code == 200


# --- Giving kudos -----------------------------------------------------------------------


def test_give_page_lists_nobody_until_a_search_and_pre_chooses_the_thanked(client, agent, teammate):
    client.force_login(agent)

    page = client.get(reverse("recognition:give")).content.decode()
    pre_chosen = client.get(
        reverse("recognition:give"), {"to": [teammate.pk, agent.pk]}
    ).content.decode()

    assert f'value="{teammate.pk}"' not in page
    assert f'name="recipients" value="{teammate.pk}" checked' in pre_chosen
    assert f'name="recipients" value="{agent.pk}"' not in pre_chosen
    assert f"You have {settings.KUDOS_MONTHLY_ALLOWANCE} points left to give this month." in page


def test_giving_kudos_through_the_page_moves_points_and_notifies_the_recipient(
    client, agent, teammate
):
    client.force_login(agent)

    response = client.post(
        reverse("recognition:give"),
        {
            "recipients": [teammate.pk],
            "message": "You calmed that customer down beautifully.",
            "values": ["empathy", "teamwork"],
            "points_each": "10",
            "interaction_ref": "TICKET-42",
        },
    )

    assert response.status_code == 302
    assert response.url == reverse("recognition:feed")
    kudos = Kudos.objects.get()
    assert kudos.giver == agent
    assert list(kudos.recipients.all()) == [teammate]
    assert sorted(kudos.values.values_list("slug", flat=True)) == ["empathy", "teamwork"]
    assert kudos.interaction_ref == "TICKET-42"
    entry = LedgerEntry.objects.get()
    assert (entry.account, entry.amount, entry.kind) == (teammate, 10, LedgerEntry.Kind.KUDOS)
    assert balance_of(user=teammate) == 10
    notification = Notification.objects.get(user=teammate, kind="kudos")
    assert notification.url == reverse("recognition:kudos_detail", args=[kudos.pk])
    feed = client.get(response.url).content.decode()
    assert "Your kudos to Tomás Teammate is in the feed." in feed
    assert "You calmed that customer down beautifully." in feed


def test_a_repeated_post_gives_kudos_once(client, agent, teammate):
    client.force_login(agent)
    data = {
        "recipients": [teammate.pk],
        "message": "Thanks",
        "values": ["teamwork"],
        "points_each": "5",
        "idempotency_key": "form-render-1",
    }

    client.post(reverse("recognition:give"), data)
    client.post(reverse("recognition:give"), data)

    assert Kudos.objects.count() == 1
    assert balance_of(user=teammate) == 5


def test_self_kudos_shows_a_field_error_and_writes_nothing(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("recognition:give"),
        {"recipients": [agent.pk], "message": "Me!", "values": ["teamwork"], "points_each": "5"},
    )

    assert response.status_code == 400
    assert response.context["form"].errors["recipients"] == [
        "Kudos are for colleagues: you cannot thank yourself."
    ]
    assert 'role="alert"' in response.content.decode()
    assert not Kudos.objects.exists()
    assert not LedgerEntry.objects.exists()


@pytest.mark.parametrize("huge", [2**63, 5765647492334284906747133952])
def test_a_recipient_id_beyond_the_database_is_a_field_error(client, agent, teammate, huge):
    client.force_login(agent)

    response = client.post(
        reverse("recognition:give"),
        {"recipients": [teammate.pk, huge], "message": "Hi", "values": ["teamwork"]},
    )

    assert response.status_code == 400
    assert "recipients" in response.context["form"].errors
    assert not Kudos.objects.exists()


def test_kudos_over_the_allowance_shows_a_field_error_and_writes_nothing(client, agent, teammate):
    client.force_login(agent)

    response = client.post(
        reverse("recognition:give"),
        {
            "recipients": [teammate.pk],
            "message": "Thanks",
            "values": ["teamwork"],
            "points_each": str(settings.KUDOS_MONTHLY_ALLOWANCE + 1),
        },
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["points_each"] == ["More than your remaining allowance."]
    assert (
        f"You have {settings.KUDOS_MONTHLY_ALLOWANCE} points left to give this month."
        in form.non_field_errors()
    )
    assert not Kudos.objects.exists()
    assert not LedgerEntry.objects.exists()
    assert not GivingAllowance.objects.filter(spent__gt=0).exists()


def test_missing_fields_show_field_errors(client, agent):
    client.force_login(agent)

    response = client.post(reverse("recognition:give"), {"points_each": "-1"})

    errors = response.context["form"].errors
    assert response.status_code == 400
    assert set(errors) == {"recipients", "message", "values", "points_each"}
    assert not Kudos.objects.exists()


# --- Feed and reactions -----------------------------------------------------------------


def test_feed_shows_who_thanked_whom_for_what(client, agent, teammate):
    thank(agent, teammate, points=7, values=("empathy",), message="Great save on that call")
    client.force_login(teammate)

    page = client.get(reverse("recognition:feed")).content.decode()

    assert "Ana Agent" in page
    assert "Tomás Teammate" in page
    assert "Great save on that call" in page
    assert ValueTag.objects.get(slug="empathy").name in page
    assert "+7 points" in page


def test_feed_htmx_request_returns_the_next_cards_only(client, agent, teammate):
    for n in range(25):
        thank(agent, teammate, message=f"kudos number {n}")
    client.force_login(teammate)

    full = client.get(reverse("recognition:feed"))
    more = client.get(reverse("recognition:feed"), {"page": 2}, **HTMX)

    assert "<html" in full.content.decode()
    assert "Load more" in full.content.decode()
    assert len(full.context["cards"]) == 20
    assert more.templates[0].name == "recognition/partials/feed_page.html"
    body = more.content.decode()
    assert "<html" not in body
    assert body.count('class="card kudos"') == 5
    assert "kudos number 0" in body
    assert "Load more" not in body


def test_my_team_tab_shows_only_kudos_involving_my_team(
    client, agent, teammate, other_team_agent, other_team_lead
):
    thank(agent, teammate, message="inside my team")
    thank(other_team_lead, other_team_agent, message="in the other team")
    client.force_login(agent)

    mine = client.get(reverse("recognition:feed"), {"team": "mine"}).content.decode()
    company = client.get(reverse("recognition:feed")).content.decode()

    assert "inside my team" in mine
    assert "in the other team" not in mine
    assert "in the other team" in company


def test_reaction_toggles_on_and_off(client, agent, teammate):
    kudos = thank(agent, teammate)
    client.force_login(teammate)
    url = reverse("recognition:react", args=[kudos.pk])

    on = client.post(url, {"emoji": "clap"}, **HTMX)

    assert on.status_code == 200
    assert Reaction.objects.filter(kudos=kudos, user=teammate, emoji="clap").count() == 1
    assert on.templates[0].name == "recognition/partials/reactions.html"
    assert 'aria-pressed="true"' in on.content.decode()

    off = client.post(url, {"emoji": "clap"}, **HTMX)

    assert not Reaction.objects.exists()
    assert 'aria-pressed="true"' not in off.content.decode()


def test_reaction_without_htmx_returns_to_the_page(client, agent, teammate):
    kudos = thank(agent, teammate)
    client.force_login(teammate)

    response = client.post(
        reverse("recognition:react", args=[kudos.pk]),
        {"emoji": "heart", "next": reverse("recognition:feed")},
    )

    assert response.status_code == 302
    assert response.url == reverse("recognition:feed")
    assert Reaction.objects.filter(emoji="heart").count() == 1


def test_unknown_reaction_is_refused(client, agent, teammate):
    kudos = thank(agent, teammate)
    client.force_login(teammate)

    response = client.post(reverse("recognition:react", args=[kudos.pk]), {"emoji": "x"}, **HTMX)

    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_kudos_detail_shows_the_kudos_and_404s_for_unknown_ids(client, agent, teammate):
    kudos = thank(agent, teammate, message="A detailed thank-you")
    client.force_login(teammate)

    assert (
        "A detailed thank-you"
        in client.get(reverse("recognition:kudos_detail", args=[kudos.pk])).content.decode()
    )
    assert client.get(reverse("recognition:kudos_detail", args=[kudos.pk + 1])).status_code == 404


# --- Points and leaderboard -------------------------------------------------------------


def test_my_points_shows_balance_allowance_and_history(client, agent, teammate):
    thank(teammate, agent, points=12)
    thank(agent, teammate, points=30)
    client.force_login(agent)

    response = client.get(reverse("recognition:my_points"))

    assert response.context["balance"] == 12
    assert response.context["remaining"] == settings.KUDOS_MONTHLY_ALLOWANCE - 30
    page = response.content.decode()
    assert "Kudos received" in page
    assert "+12" in page


def test_leaderboard_lists_only_people_who_opted_in(client, agent, teammate, team_lead):
    thank(team_lead, agent)
    thank(team_lead, teammate)
    client.force_login(agent)

    response = client.post(reverse("recognition:leaderboard_opt_in"), {"opt_in": "1"})

    assert response.status_code == 302
    rows = client.get(reverse("recognition:leaderboard")).context["rows"]
    assert [row["user"] for row in rows] == [agent]

    client.post(reverse("recognition:leaderboard_opt_in"), {"opt_in": "0"})

    board = client.get(reverse("recognition:leaderboard"), {"period": "year"})
    assert board.context["rows"] == []
    assert "Nobody to show for this period yet." in board.content.decode()


def test_leaderboard_filters_by_value(client, agent, teammate, team_lead):
    for person in (agent, teammate):
        set_leaderboard_opt_in(user=person, opt_in=True)
    thank(team_lead, agent, values=("empathy",))
    thank(team_lead, teammate, values=("teamwork",))
    client.force_login(agent)

    rows = client.get(reverse("recognition:leaderboard"), {"value": "teamwork"}).context["rows"]

    assert [row["user"] for row in rows] == [teammate]
    assert client.get(reverse("recognition:leaderboard"), {"value": "nope"}).status_code == 400


# --- Badges -----------------------------------------------------------------------------


def test_lead_awards_a_badge_to_an_agent_of_their_team(client, team_lead, agent, badge):
    client.force_login(team_lead)

    response = client.post(
        reverse("recognition:award_badge"),
        {"badge_class": badge.pk, "recipient": agent.pk, "evidence_text": "Stayed calm"},
    )

    assert response.status_code == 302
    assert response.url == reverse("recognition:person_badges", args=[agent.pk])
    award = BadgeAward.objects.get()
    assert (award.recipient, award.awarded_by, award.evidence_text) == (
        agent,
        team_lead,
        "Stayed calm",
    )
    assert Notification.objects.filter(user=agent, kind="badge").exists()


def test_lead_cannot_award_someone_outside_their_teams(client, team_lead, other_team_agent, badge):
    client.force_login(team_lead)

    response = client.post(
        reverse("recognition:award_badge"),
        {"badge_class": badge.pk, "recipient": other_team_agent.pk},
    )

    assert response.status_code == 200
    assert "recipient" in response.context["form"].errors
    assert not BadgeAward.objects.exists()


def test_hr_cannot_award_themselves_a_badge_through_the_page(client, hr_admin, badge):
    client.force_login(hr_admin)
    url = reverse("recognition:award_badge")

    offered = client.get(url).context["form"]["recipient"]
    response = client.post(url, {"badge_class": badge.pk, "recipient": hr_admin.pk})

    assert str(hr_admin.pk) not in [str(choice.data["value"]) for choice in offered]
    assert response.status_code == 403
    assert "Nobody awards themselves a badge" in response.content.decode()
    assert not BadgeAward.objects.exists()


def test_awarding_a_held_badge_again_shows_a_form_error(client, hr_admin, agent, badge):
    award_badge(badge_class=badge, recipient=agent, awarded_by=hr_admin)
    client.force_login(hr_admin)

    response = client.post(
        reverse("recognition:award_badge"), {"badge_class": badge.pk, "recipient": agent.pk}
    )

    assert response.status_code == 409
    assert response.context["form"].errors["recipient"] == ["Already holds this badge."]
    assert BadgeAward.objects.count() == 1


def test_my_badges_and_public_badge_page(client, team_lead, agent, teammate, badge):
    award = award_badge(
        badge_class=badge, recipient=agent, awarded_by=team_lead, evidence_text="Great week"
    )
    client.force_login(agent)

    mine = client.get(reverse("recognition:my_badges")).content.decode()

    assert "Calm under fire" in mine
    assert "Great week" in mine
    assert reverse("openbadges:badge_image", args=[badge.slug]) in mine
    assert reverse("openbadges:assertion", args=[award.uid]) in mine
    assert reverse("recognition:baked_badge", args=[award.pk]) in mine

    client.force_login(teammate)
    public = client.get(reverse("recognition:person_badges", args=[agent.pk])).content.decode()

    assert "Calm under fire" in public
    assert reverse("recognition:baked_badge", args=[award.pk]) not in public


def test_person_badges_404s_for_unknown_people(client, agent):
    client.force_login(agent)

    response = client.get(reverse("recognition:person_badges", args=[agent.pk + 999]))

    assert response.status_code == 404


def test_baked_badge_carries_its_assertion(client, team_lead, agent, badge, settings):
    settings.CUIDA_BASE_URL = ""  # development: ids follow the address the request came to
    award = award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    client.force_login(agent)

    response = client.get(reverse("recognition:baked_badge", args=[award.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'attachment; filename="calm-under-fire-badge.png"'
    png = response.content
    assert png.startswith(openbadges.PNG_SIGNATURE)
    assertion = openbadges.unbake(png)
    assert assertion is not None
    assert assertion["id"] == f"http://testserver/openbadges/assertions/{award.uid}"
    assert assertion["recipient"]["identity"] == openbadges.hashed_identity(
        agent.email, award.recipient_salt
    )


@pytest.mark.parametrize("persona", ["teammate", "team_lead", "hr_admin"])
def test_only_the_recipient_downloads_the_baked_badge(
    client, team_lead, agent, badge, persona, request
):
    award = award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("recognition:baked_badge", args=[award.pk]))

    assert response.status_code == 404


# --- Rewards ----------------------------------------------------------------------------


def test_catalog_shows_cost_stock_and_balance(client, funded_agent):
    RewardItem.objects.create(name_en="Half day off", name_es="Half day off", cost=40, stock=None)
    RewardItem.objects.create(name_en="Headset", name_es="Headset", cost=20, stock=0)
    client.force_login(funded_agent)

    page = client.get(reverse("recognition:catalog")).content.decode()

    assert "Half day off" in page
    assert "unlimited" in page
    assert "out of stock" in page
    assert "You have <strong>50</strong> points to spend." in page


def test_requesting_a_reward_holds_points_and_stock(client, funded_agent, reward):
    client.force_login(funded_agent)

    response = client.post(
        reverse("recognition:request_redemption", args=[reward.pk]), {"confirm": "yes"}
    )

    assert response.status_code == 302
    assert response.url == reverse("recognition:my_redemptions")
    redemption = Redemption.objects.get()
    assert redemption.status == Redemption.Status.PENDING
    assert balance_of(user=funded_agent) == 20
    assert stock_of(reward) == 1
    page = client.get(response.url).content.decode()
    assert "Gift card" in page
    assert "Waiting for your lead" in page


def test_requesting_without_enough_points_shows_a_message(client, agent, reward):
    client.force_login(agent)

    response = client.post(
        reverse("recognition:request_redemption", args=[reward.pk]),
        {"confirm": "yes"},
        follow=True,
    )

    assert "Not enough points" in response.content.decode()
    assert not Redemption.objects.exists()
    assert stock_of(reward) == 2


def test_approve_then_deliver_through_the_queue(client, funded_agent, team_lead, reward):
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    client.force_login(team_lead)

    queue = client.get(reverse("recognition:approvals"))
    assert list(queue.context["pending"]) == [redemption]
    response = client.post(reverse("recognition:approve_redemption", args=[redemption.pk]))

    assert response.status_code == 302
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.APPROVED
    assert redemption.decided_by == team_lead
    assert balance_of(user=funded_agent) == 20
    assert list(client.get(reverse("recognition:approvals")).context["approved"]) == [redemption]

    client.post(reverse("recognition:fulfil_redemption", args=[redemption.pk]))

    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.FULFILLED
    assert balance_of(user=funded_agent) == 20


def test_rejecting_restores_balance_and_stock(client, funded_agent, team_lead, reward):
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    client.force_login(team_lead)

    client.post(
        reverse("recognition:reject_redemption", args=[redemption.pk]),
        {"reason": "Out of budget this month"},
    )

    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.REJECTED
    assert balance_of(user=funded_agent) == 50
    assert stock_of(reward) == 2
    client.force_login(funded_agent)
    page = client.get(reverse("recognition:my_redemptions")).content.decode()
    assert "Out of budget this month" in page


def test_rejecting_needs_a_reason(client, funded_agent, team_lead, reward):
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    client.force_login(team_lead)

    response = client.post(
        reverse("recognition:reject_redemption", args=[redemption.pk]), {"reason": " "}, follow=True
    )

    assert "a reason is required" in response.content.decode()
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.PENDING
    assert balance_of(user=funded_agent) == 20


def test_cancelling_a_pending_request_gives_points_back(client, funded_agent, reward):
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    client.force_login(funded_agent)

    response = client.post(reverse("recognition:cancel_redemption", args=[redemption.pk]))

    assert response.status_code == 302
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.CANCELLED
    assert balance_of(user=funded_agent) == 50
    assert stock_of(reward) == 2


def test_nobody_else_cancels_my_request(client, funded_agent, teammate, reward):
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    client.force_login(teammate)

    response = client.post(reverse("recognition:cancel_redemption", args=[redemption.pk]))

    assert response.status_code == 404
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.PENDING


def test_lead_of_another_team_gets_404_approving(client, funded_agent, other_team_lead, reward):
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    client.force_login(other_team_lead)

    response = client.post(reverse("recognition:approve_redemption", args=[redemption.pk]))

    assert response.status_code == 404
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.PENDING
    assert redemption not in client.get(reverse("recognition:approvals")).context["pending"]


def test_agent_cannot_decide_requests(client, funded_agent, teammate, reward):
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    client.force_login(teammate)

    response = client.post(reverse("recognition:approve_redemption", args=[redemption.pk]))

    assert response.status_code == 403
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.PENDING


def test_hr_do_not_see_or_decide_their_own_request(client, funded_agent, team_lead, reward):
    # given the requester is in HR too
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    funded_agent.groups.add(Group.objects.get_or_create(name="HR")[0])
    client.force_login(funded_agent)

    # when
    queue = client.get(reverse("recognition:approvals"))
    response = client.post(reverse("recognition:approve_redemption", args=[redemption.pk]))

    # then
    assert redemption not in queue.context["pending"]
    assert response.status_code == 403
    assert "Nobody decides their own reward request" in response.content.decode()
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.PENDING


def test_hr_see_no_revoke_button_on_their_own_badges(client, hr_admin, badge):
    other_hr = UserFactory(display_name="Helga HR")
    other_hr.groups.add(Group.objects.get(name="HR"))
    award = award_badge(badge_class=badge, recipient=hr_admin, awarded_by=other_hr)
    client.force_login(hr_admin)

    page = client.get(reverse("recognition:person_badges", args=[hr_admin.pk])).content.decode()
    response = client.post(reverse("recognition:revoke_badge", args=[award.pk]), {"reason": "x"})

    assert "Revoke badge" not in page
    assert response.status_code == 403
    assert "Nobody revokes their own badge" in response.content.decode()
    award.refresh_from_db()
    assert award.revoked_at is None


def test_deciding_twice_explains_it_was_already_decided(client, funded_agent, hr_admin, reward):
    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    approve_redemption(actor=hr_admin, redemption_id=redemption.pk)
    client.force_login(hr_admin)

    response = client.post(
        reverse("recognition:reject_redemption", args=[redemption.pk]),
        {"reason": "changed my mind"},
        follow=True,
    )

    assert response.status_code == 200
    assert "This request is already" in response.content.decode()
    redemption.refresh_from_db()
    assert redemption.status == Redemption.Status.APPROVED


def test_navigation_shows_pending_approvals_to_leads_only(client, funded_agent, team_lead, reward):
    request_redemption(user=funded_agent, item_id=reward.pk)

    client.force_login(team_lead)
    lead_page = client.get(reverse("home")).content.decode()
    client.force_login(funded_agent)
    agent_page = client.get(reverse("home")).content.decode()

    assert 'aria-label="1 waiting">1</span>' in lead_page
    assert reverse("recognition:approvals") in lead_page
    assert reverse("recognition:approvals") not in agent_page
    assert reverse("recognition:catalog") in agent_page
    assert reverse("recognition:feed") in agent_page


# --- Query counts -----------------------------------------------------------------------


def _bulk_kudos(count, *, givers, recipients):  # type: ignore[no-untyped-def]
    values = list(ValueTag.objects.all())
    rows = Kudos.objects.bulk_create(
        [
            Kudos(giver=givers[n % len(givers)], message=f"bulk {n}", points_each=n % 3)
            for n in range(count)
        ]
    )
    Kudos.recipients.through.objects.bulk_create(
        [
            Kudos.recipients.through(kudos_id=k.pk, user_id=recipients[k.pk % len(recipients)].pk)
            for k in rows
        ]
    )
    Kudos.values.through.objects.bulk_create(
        [
            Kudos.values.through(kudos_id=k.pk, valuetag_id=values[k.pk % len(values)].pk)
            for k in rows
        ]
    )
    Reaction.objects.bulk_create(
        [Reaction(kudos=k, user=recipients[0], emoji="clap") for k in rows[::2]]
    )


@pytest.mark.parametrize("query", [{}, {"team": "mine"}])
def test_feed_query_count_does_not_grow_with_kudos(
    client, agent, teammate, team_lead, django_assert_max_num_queries, query
):
    people = [agent, teammate, team_lead, *UserFactory.create_batch(3)]
    client.force_login(team_lead)
    _bulk_kudos(10, givers=people, recipients=people[::-1])
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("recognition:feed"), query)

    _bulk_kudos(990, givers=people, recipients=people[::-1])
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("recognition:feed"), query)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("recognition:feed"), {**query, "page": 3}, **HTMX)

    assert response.status_code == 200
    assert len(response.context["cards"]) == 20


def test_approval_queue_query_count_does_not_grow_with_requests(
    client, agent, teammate, team_lead, reward, django_assert_max_num_queries
):
    client.force_login(team_lead)

    def add(count):  # type: ignore[no-untyped-def]
        Redemption.objects.bulk_create(
            [
                Redemption(
                    user=(agent, teammate)[n % 2],
                    item=reward,
                    cost=reward.cost,
                    status=("pending", "approved")[n % 2],
                )
                for n in range(count)
            ]
        )

    add(10)
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("recognition:approvals"))

    add(990)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("recognition:approvals"))

    assert response.status_code == 200
    assert len(response.context["pending"]) == 25
    assert len(response.context["approved"]) == 25


def test_the_lead_revokes_a_badge_with_a_reason_and_its_assertion_is_gone(client, agent, team_lead):
    # given a badge the lead awarded
    from recognition.models import BadgeClass
    from recognition.services.badges import award_badge

    badge = BadgeClass.objects.create(
        slug="calm",
        name_en="Calm",
        name_es="Calm",
        description_en="d",
        description_es="d",
        criteria_en="c",
        criteria_es="c",
    )
    award = award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    client.force_login(team_lead)
    page = client.get(reverse("recognition:person_badges", args=[agent.pk])).content.decode()
    assert "Revoke badge" in page

    # when the lead revokes it
    refused = client.post(
        reverse("recognition:revoke_badge", args=[award.pk]), {"reason": "", "confirm": "yes"}
    )
    award.refresh_from_db()
    assert award.revoked_at is None
    client.post(
        reverse("recognition:revoke_badge", args=[award.pk]),
        {"reason": "Given by mistake", "confirm": "yes"},
    )

    # then it is revoked and its public assertion answers 410
    award.refresh_from_db()
    assert refused.status_code == 302
    assert award.revocation_reason == "Given by mistake"
    assert client.get(f"/openbadges/assertions/{award.uid}").status_code == 410


@pytest.mark.parametrize("persona", ["teammate", "other_team_lead"])
def test_others_cannot_revoke_a_badge(client, request, persona, agent, team_lead):
    from recognition.models import BadgeClass
    from recognition.services.badges import award_badge

    badge = BadgeClass.objects.create(
        slug="calm",
        name_en="Calm",
        name_es="Calm",
        description_en="d",
        description_es="d",
        criteria_en="c",
        criteria_es="c",
    )
    award = award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    client.force_login(request.getfixturevalue(persona))

    page = client.get(reverse("recognition:person_badges", args=[agent.pk])).content.decode()
    response = client.post(reverse("recognition:revoke_badge", args=[award.pk]), {"reason": "x"})

    assert "Revoke badge" not in page
    assert response.status_code == 404
    award.refresh_from_db()
    assert award.revoked_at is None


def test_feed_pages_never_count_the_whole_table(client, agent, teammate, team_lead):
    """A feed has "Load more", not page numbers: counting every kudos in the company on each
    page would grow with the company for a number nobody sees."""
    people = [agent, teammate, team_lead]
    _bulk_kudos(45, givers=people, recipients=people[::-1])
    client.force_login(teammate)

    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("recognition:feed"))
    third = client.get(reverse("recognition:feed"), {"page": 3}, **HTMX)

    assert not [q for q in queries.captured_queries if "COUNT(" in q["sql"].upper()]
    assert "Load more" in first.content.decode()
    assert third.content.decode().count('class="card kudos"') == 5
    assert "Load more" not in third.content.decode()


@pytest.mark.parametrize("page", ["99", "0", "-1", "abc", "9" * 30])
def test_feed_page_past_the_end_or_garbage_reads_as_the_first(client, agent, teammate, page):
    for n in range(3):
        thank(agent, teammate, message=f"kudos number {n}")
    client.force_login(teammate)

    response = client.get(reverse("recognition:feed"), {"page": page})

    assert response.status_code == 200
    assert len(response.context["cards"]) == 3


def test_each_kudos_has_one_reaction_form_with_a_button_per_emoji(client, agent, teammate):
    """One form per kudos keeps a 20-card feed light on a phone; the pressed button says
    which emoji."""
    kudos = thank(agent, teammate, message="Thanks for the calm")
    client.force_login(teammate)

    page = client.get(reverse("recognition:feed")).content.decode()
    react_url = reverse("recognition:react", args=[kudos.pk])

    assert page.count(f'action="{react_url}"') == 1
    assert page.count('name="emoji"') == len(Reaction.Emoji.choices)
    response = client.post(react_url, {"emoji": "heart"}, **HTMX)
    assert response.status_code == 200
    assert 'value="heart" class="reaction" aria-pressed="true"' in response.content.decode()


def test_lead_approvals_badge_follows_requests_and_decisions(
    client, funded_agent, team_lead, reward
):
    """The count is cached per lead, and forgotten whenever any request is made or decided."""
    client.force_login(team_lead)
    assert client.get("/").context["pending_approvals"]() == 0

    redemption = request_redemption(user=funded_agent, item_id=reward.pk)
    assert client.get("/").context["pending_approvals"]() == 1

    approve_redemption(actor=team_lead, redemption_id=redemption.pk)
    assert client.get("/").context["pending_approvals"]() == 0
