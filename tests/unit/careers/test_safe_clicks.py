"""Safe clicks: spending points, revoking a badge and reordering a live track's levels take
a confirmation step. The first POST changes nothing and says what would happen; only the
POST that carries ``confirm=yes`` does it."""

from __future__ import annotations

import uuid

import pytest
from django.db import transaction
from django.urls import reverse

from careers.services import promotions
from recognition.models import BadgeClass, LedgerEntry, Redemption, RewardItem
from recognition.selectors import balance_of
from recognition.services.badges import award_badge
from recognition.services.ledger import lock_balances, post_entry

pytestmark = pytest.mark.django_db


def _grant(user, amount):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        lock_balances(user_ids=[user.pk])
        post_entry(
            account_id=user.pk,
            amount=amount,
            kind=LedgerEntry.Kind.TRAINING,
            idempotency_key=f"grant:{uuid.uuid4()}",
        )


@pytest.fixture
def reward(db):  # type: ignore[no-untyped-def]
    return RewardItem.objects.create(
        name_en="Half day off", name_es="Medio día libre", cost=30, stock=3
    )


# --- Spending points ------------------------------------------------------------------------


def test_catalog_links_to_the_confirmation_step_instead_of_spending(client, agent, reward):
    _grant(agent, 100)
    client.force_login(agent)

    page = client.get(reverse("recognition:catalog")).content.decode()

    url = reverse("recognition:request_redemption", args=[reward.pk])
    assert f'href="{url}"' in page
    assert balance_of(user=agent) == 100


@pytest.mark.parametrize("method", ["get", "post"])
def test_first_step_shows_item_cost_and_balance_after_and_spends_nothing(
    client, agent, reward, method
):
    # given
    _grant(agent, 100)
    client.force_login(agent)
    url = reverse("recognition:request_redemption", args=[reward.pk])

    # when
    response = getattr(client, method)(url)

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Half day off" in page
    assert "30 points" in page
    assert "<dd>100</dd>" in page  # balance now
    assert "<dd>70</dd>" in page  # balance after
    assert 'name="confirm" value="yes"' in page
    assert not Redemption.objects.exists()
    assert balance_of(user=agent) == 100


def test_confirmed_request_spends_once(client, agent, reward):
    _grant(agent, 100)
    client.force_login(agent)
    url = reverse("recognition:request_redemption", args=[reward.pk])
    key = uuid.uuid4().hex

    first = client.post(url, {"confirm": "yes", "idempotency_key": key})
    again = client.post(url, {"confirm": "yes", "idempotency_key": key})  # a double tap

    assert first.status_code == again.status_code == 302
    assert Redemption.objects.count() == 1
    assert balance_of(user=agent) == 70


def test_confirmation_step_says_when_points_are_short_and_offers_no_button(client, agent, reward):
    _grant(agent, 10)
    client.force_login(agent)

    page = client.get(reverse("recognition:request_redemption", args=[reward.pk])).content
    page = page.decode()

    assert "You need 20 more points." in page
    assert 'name="confirm"' not in page


def test_confirmation_step_of_an_unknown_or_withdrawn_reward_is_404(client, agent, reward):
    reward.active = False
    reward.save(update_fields=["active"])
    client.force_login(agent)

    assert (
        client.get(reverse("recognition:request_redemption", args=[reward.pk])).status_code == 404
    )
    assert client.get(reverse("recognition:request_redemption", args=[999999])).status_code == 404


# --- Revoking a badge -----------------------------------------------------------------------


@pytest.fixture
def award(agent, team_lead):  # type: ignore[no-untyped-def]
    badge = BadgeClass.objects.create(
        slug="calm", name_en="Calm", name_es="Calma", description_es="d", criteria_es="c"
    )
    return award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)


def test_revoking_a_badge_asks_first(client, team_lead, agent, award):
    client.force_login(team_lead)
    url = reverse("recognition:revoke_badge", args=[award.pk])

    response = client.post(url, {"reason": "Given by mistake"})

    award.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 200
    assert award.revoked_at is None
    assert "Calm" in page
    assert str(agent) in page
    assert 'name="reason" value="Given by mistake"' in page
    assert 'name="confirm" value="yes"' in page


def test_confirmed_revocation_revokes(client, team_lead, award):
    client.force_login(team_lead)

    response = client.post(
        reverse("recognition:revoke_badge", args=[award.pk]),
        {"reason": "Given by mistake", "confirm": "yes"},
    )

    award.refresh_from_db()
    assert response.status_code == 302
    assert award.revoked_at is not None
    assert award.revocation_reason == "Given by mistake"


@pytest.mark.parametrize("persona", ["teammate", "other_team_lead"])
def test_others_get_no_confirmation_step_for_a_badge(client, request, persona, award):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("recognition:revoke_badge", args=[award.pk]), {"reason": "x"})

    assert response.status_code == 404


# --- Reordering a live track ----------------------------------------------------------------


def _reorder(client, track, ids, **extra):  # type: ignore[no-untyped-def]
    return client.post(reverse("careers:hr_levels_reorder", args=[track.pk]), {"ids": ids, **extra})


def _order(track):  # type: ignore[no-untyped-def]
    return list(track.levels.order_by("position").values_list("pk", flat=True))


def test_reordering_a_live_track_asks_first(client, hr_admin, agent, track, level_one, level_two):
    # given somebody holds a level of the track
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    client.force_login(hr_admin)
    before = _order(track)

    # when HR presses ↓ on the first level
    response = _reorder(client, track, [level_two.pk, level_one.pk])

    # then nothing moved, and the step shows both orders and who is concerned
    page = response.content.decode()
    assert response.status_code == 200
    assert _order(track) == before
    assert "1 person holds or aims for a level of this track" in page
    assert 'name="confirm" value="yes"' in page

    # when HR confirms, then it moves
    assert _reorder(client, track, [level_two.pk, level_one.pk], confirm="yes").status_code == 302
    assert _order(track) == [level_two.pk, level_one.pk]


def test_reordering_a_track_nobody_is_on_needs_no_confirmation(
    client, hr_admin, track, level_one, level_two
):
    client.force_login(hr_admin)

    response = _reorder(client, track, [level_two.pk, level_one.pk])

    assert response.status_code == 302
    assert _order(track) == [level_two.pk, level_one.pk]


def test_a_forged_order_on_a_live_track_is_refused_not_confirmed(
    client, hr_admin, agent, track, level_one, level_two
):
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    client.force_login(hr_admin)
    before = _order(track)

    response = _reorder(client, track, [level_two.pk, 999999])

    assert response.status_code == 302
    assert _order(track) == before


# --- Other irreversible buttons ask in the browser (static/js/app.js, data-confirm) ---------


def test_delete_and_revoke_buttons_carry_a_question(client, hr_admin, track, level_one):
    client.force_login(hr_admin)

    track_page = client.get(reverse("careers:hr_track", args=[track.pk])).content.decode()

    delete_form = reverse("careers:hr_level_delete", args=[level_one.pk])
    assert f'action="{delete_form}" class="danger-zone-form" data-confirm="' in track_page
    assert "onclick" not in track_page  # the question is asked by app.js, never inline
