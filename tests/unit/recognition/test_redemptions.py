"""Reward requests: points are held at once, the requester's lead (or HR) decides, and every
way out of "pending" except approval gives the points and the stock back."""

import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import translation

from core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from core.models import AuditEvent
from notifications.models import Notification
from people.selectors import forget_roles
from recognition.models import LedgerEntry, Redemption, RewardItem
from recognition.selectors import balance_of
from recognition.services.ledger import lock_balances, mismatched_balances, post_entry
from recognition.services.redemptions import (
    approve_redemption,
    cancel_redemption,
    fulfil_redemption,
    reject_redemption,
    request_redemption,
)

pytestmark = pytest.mark.django_db


def grant(user, amount):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        lock_balances(user_ids=[user.pk])
        post_entry(
            account_id=user.pk,
            amount=amount,
            kind=LedgerEntry.Kind.TRAINING,
            idempotency_key=f"grant:{uuid.uuid4()}",
        )


def stock_of(item):  # type: ignore[no-untyped-def]
    return RewardItem.objects.values_list("stock", flat=True).get(pk=item.pk)


@pytest.fixture
def item(db):  # type: ignore[no-untyped-def]
    return RewardItem.objects.create(
        name_en="Extra paid break", name_es="Extra paid break", cost=30, stock=5
    )


@pytest.fixture
def funded_agent(agent):  # type: ignore[no-untyped-def]
    grant(agent, 100)
    return agent


@pytest.fixture
def pending(funded_agent, item):  # type: ignore[no-untyped-def]
    return request_redemption(user=funded_agent, item_id=item.pk)


# --- Requesting ---------------------------------------------------------------------------


def test_a_request_holds_the_points_and_reserves_one_unit(funded_agent, item, team_lead):
    redemption = request_redemption(user=funded_agent, item_id=item.pk)

    assert redemption.status == Redemption.Status.PENDING
    assert redemption.cost == 30
    assert balance_of(user=funded_agent) == 70
    assert stock_of(item) == 4
    hold = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REDEMPTION_HOLD)
    assert (hold.account_id, hold.amount, hold.reference_id) == (
        funded_agent.pk,
        -30,
        str(redemption.pk),
    )
    assert AuditEvent.objects.filter(
        verb="redemption.requested", target_id=str(redemption.pk)
    ).exists()
    assert Notification.objects.filter(user=team_lead, kind="redemption_requested").exists()
    assert mismatched_balances() == []


def test_a_request_for_unlimited_stock_keeps_it_unlimited(funded_agent):
    unlimited = RewardItem.objects.create(
        name_en="Shout-out", name_es="Shout-out", cost=10, stock=None
    )

    request_redemption(user=funded_agent, item_id=unlimited.pk)

    assert stock_of(unlimited) is None
    assert balance_of(user=funded_agent) == 90


def test_a_request_beyond_the_balance_is_refused_and_writes_nothing(agent, item):
    # given 29 points for a 30-point reward
    grant(agent, 29)

    # when
    with pytest.raises(DomainError) as refused:
        request_redemption(user=agent, item_id=item.pk)

    # then
    assert "points" in refused.value.errors
    assert not Redemption.objects.exists()
    assert not LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REDEMPTION_HOLD).exists()
    assert balance_of(user=agent) == 29
    assert stock_of(item) == 5
    assert not AuditEvent.objects.filter(verb="redemption.requested").exists()
    assert not Notification.objects.filter(kind="redemption_requested").exists()


def test_an_inactive_reward_cannot_be_requested(funded_agent, item):
    RewardItem.objects.filter(pk=item.pk).update(active=False)

    with pytest.raises(DomainError) as refused:
        request_redemption(user=funded_agent, item_id=item.pk)

    assert "item" in refused.value.errors
    assert not Redemption.objects.exists()
    assert balance_of(user=funded_agent) == 100
    assert stock_of(item) == 5


def test_a_reward_that_does_not_exist_cannot_be_requested(funded_agent):
    with pytest.raises(DomainError) as refused:
        request_redemption(user=funded_agent, item_id=987654)

    assert "item" in refused.value.errors
    assert not Redemption.objects.exists()
    assert balance_of(user=funded_agent) == 100


def test_an_out_of_stock_reward_is_a_conflict(funded_agent):
    sold_out = RewardItem.objects.create(
        name_en="Concert tickets", name_es="Concert tickets", cost=10, stock=0
    )

    with pytest.raises(ConflictError) as refused:
        request_redemption(user=funded_agent, item_id=sold_out.pk)

    assert refused.value.status_code == 409
    assert not Redemption.objects.exists()
    assert balance_of(user=funded_agent) == 100
    assert stock_of(sold_out) == 0


def test_the_last_unit_can_be_requested_once(funded_agent, teammate):
    # given one unit left and two people who can afford it
    grant(teammate, 100)
    last = RewardItem.objects.create(
        name_en="Front-row parking", name_es="Front-row parking", cost=10, stock=1
    )
    request_redemption(user=funded_agent, item_id=last.pk)

    # when the second person asks
    with pytest.raises(ConflictError):
        request_redemption(user=teammate, item_id=last.pk)

    # then
    assert stock_of(last) == 0
    assert balance_of(user=teammate) == 100


def test_replaying_a_request_with_its_key_returns_the_same_redemption_and_holds_once(
    funded_agent, item
):
    first = request_redemption(user=funded_agent, item_id=item.pk, idempotency_key="r-1")

    again = request_redemption(user=funded_agent, item_id=item.pk, idempotency_key="r-1")

    assert again.pk == first.pk
    assert Redemption.objects.count() == 1
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REDEMPTION_HOLD).count() == 1
    assert balance_of(user=funded_agent) == 70
    assert stock_of(item) == 4


def test_reusing_a_key_for_another_reward_is_a_conflict(funded_agent, item):
    other = RewardItem.objects.create(
        name_en="Coffee voucher", name_es="Coffee voucher", cost=10, stock=None
    )
    request_redemption(user=funded_agent, item_id=item.pk, idempotency_key="r-1")

    with pytest.raises(ConflictError):
        request_redemption(user=funded_agent, item_id=other.pk, idempotency_key="r-1")

    assert Redemption.objects.count() == 1
    assert balance_of(user=funded_agent) == 70


def test_keys_belong_to_their_requester_so_a_colleague_may_pick_the_same_one(
    funded_agent, teammate, item
):
    # given a key the agent already used
    grant(teammate, 100)
    first = request_redemption(user=funded_agent, item_id=item.pk, idempotency_key="r-1")

    # when a colleague's client happens to send the same key
    second = request_redemption(user=teammate, item_id=item.pk, idempotency_key="r-1")

    # then it is their own, separate request
    assert second.pk != first.pk
    assert balance_of(user=teammate) == 100 - item.cost
    assert stock_of(item) == 3


# --- Deciding -----------------------------------------------------------------------------


def test_the_agents_lead_approves_and_the_points_stay_spent(pending, team_lead, item):
    approved = approve_redemption(actor=team_lead, redemption_id=pending.pk)

    assert approved.status == Redemption.Status.APPROVED
    assert approved.decided_by == team_lead
    assert approved.decided_at is not None
    assert balance_of(user=pending.user) == 70
    assert stock_of(item) == 4
    assert AuditEvent.objects.filter(
        verb="redemption.approved", actor=team_lead, target_id=str(pending.pk)
    ).exists()
    assert Notification.objects.filter(user=pending.user, kind="redemption_approved").exists()


def test_approving_twice_is_a_conflict(pending, team_lead):
    approve_redemption(actor=team_lead, redemption_id=pending.pk)

    with pytest.raises(ConflictError) as refused:
        approve_redemption(actor=team_lead, redemption_id=pending.pk)

    assert refused.value.status_code == 409
    assert AuditEvent.objects.filter(verb="redemption.approved").count() == 1


def test_another_teams_lead_cannot_approve(pending, other_team_lead):
    with pytest.raises(NotFoundError):
        approve_redemption(actor=other_team_lead, redemption_id=pending.pk)

    pending.refresh_from_db()
    assert pending.status == Redemption.Status.PENDING


def test_another_teams_lead_cannot_reject(pending, other_team_lead, item):
    with pytest.raises(NotFoundError):
        reject_redemption(actor=other_team_lead, redemption_id=pending.pk, reason="No")

    pending.refresh_from_db()
    assert pending.status == Redemption.Status.PENDING
    assert balance_of(user=pending.user) == 70
    assert stock_of(item) == 4


def test_agents_cannot_decide_requests(pending, teammate):
    actor = teammate

    with pytest.raises(NotFoundError):
        approve_redemption(actor=actor, redemption_id=pending.pk)

    pending.refresh_from_db()
    assert pending.status == Redemption.Status.PENDING


def test_deciding_a_request_that_does_not_exist_is_not_found(team_lead):
    with pytest.raises(NotFoundError):
        approve_redemption(actor=team_lead, redemption_id=987654)


def test_hr_can_approve_anyones_request(other_team_agent, hr_admin, item):
    grant(other_team_agent, 30)
    redemption = request_redemption(user=other_team_agent, item_id=item.pk)

    approved = approve_redemption(actor=hr_admin, redemption_id=redemption.pk)

    assert approved.status == Redemption.Status.APPROVED
    assert approved.decided_by == hr_admin


@pytest.mark.parametrize("decision", ["approve", "reject", "fulfil"])
def test_nobody_decides_their_own_request(pending, team_lead, decision):
    # given the requester is in HR too, and for "fulfil" their lead approved it already
    requester = pending.user
    requester.groups.add(Group.objects.get_or_create(name="HR")[0])
    forget_roles(requester)
    if decision == "fulfil":
        approve_redemption(actor=team_lead, redemption_id=pending.pk)
    pending.refresh_from_db()
    before = (pending.status, LedgerEntry.objects.count(), AuditEvent.objects.count())
    decide = {
        "approve": approve_redemption,
        "reject": lambda **kw: reject_redemption(reason="Mine", **kw),
        "fulfil": fulfil_redemption,
    }[decision]

    # when / then
    with (
        translation.override("en"),
        pytest.raises(PermissionDeniedError, match="Nobody decides their own reward request"),
    ):
        decide(actor=requester, redemption_id=pending.pk)

    pending.refresh_from_db()
    assert (pending.status, LedgerEntry.objects.count(), AuditEvent.objects.count()) == before
    assert balance_of(user=requester) == 70


def test_rejecting_requires_a_reason(pending, team_lead):
    with pytest.raises(DomainError) as refused:
        reject_redemption(actor=team_lead, redemption_id=pending.pk, reason="  ")

    assert "reason" in refused.value.errors
    pending.refresh_from_db()
    assert pending.status == Redemption.Status.PENDING
    assert balance_of(user=pending.user) == 70


def test_rejecting_gives_back_points_and_stock_with_a_reversing_entry(pending, team_lead, item):
    rejected = reject_redemption(
        actor=team_lead, redemption_id=pending.pk, reason=" Budget is closed "
    )

    assert rejected.status == Redemption.Status.REJECTED
    assert rejected.reason == "Budget is closed"
    assert balance_of(user=pending.user) == 100
    assert stock_of(item) == 5
    hold = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REDEMPTION_HOLD)
    release = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REDEMPTION_RELEASE)
    assert release.reverses == hold
    assert (release.account_id, release.amount) == (pending.user.pk, 30)
    assert AuditEvent.objects.filter(verb="redemption.rejected").exists()
    assert mismatched_balances() == []


def test_rejecting_twice_gives_back_once(pending, team_lead, item):
    reject_redemption(actor=team_lead, redemption_id=pending.pk, reason="No budget")

    with pytest.raises(ConflictError):
        reject_redemption(actor=team_lead, redemption_id=pending.pk, reason="No budget")

    assert balance_of(user=pending.user) == 100
    assert stock_of(item) == 5
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REDEMPTION_RELEASE).count() == 1


def test_an_approved_request_cannot_be_rejected(pending, team_lead):
    approve_redemption(actor=team_lead, redemption_id=pending.pk)

    with pytest.raises(ConflictError):
        reject_redemption(actor=team_lead, redemption_id=pending.pk, reason="Changed my mind")

    assert balance_of(user=pending.user) == 70


# --- Cancelling and fulfilling ------------------------------------------------------------


def test_the_owner_can_cancel_a_pending_request(pending, item):
    cancelled = cancel_redemption(user=pending.user, redemption_id=pending.pk)

    assert cancelled.status == Redemption.Status.CANCELLED
    assert balance_of(user=pending.user) == 100
    assert stock_of(item) == 5
    release = LedgerEntry.objects.get(kind=LedgerEntry.Kind.REDEMPTION_RELEASE)
    assert release.reverses.kind == LedgerEntry.Kind.REDEMPTION_HOLD
    assert AuditEvent.objects.filter(verb="redemption.cancelled", actor=pending.user).exists()


@pytest.mark.parametrize("persona", ["teammate", "team_lead", "hr_admin"])
def test_only_the_owner_can_cancel(request, pending, persona):  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError):
        cancel_redemption(user=request.getfixturevalue(persona), redemption_id=pending.pk)

    pending.refresh_from_db()
    assert pending.status == Redemption.Status.PENDING
    assert balance_of(user=pending.user) == 70


def test_cancelling_after_approval_is_a_conflict(pending, team_lead, item):
    approve_redemption(actor=team_lead, redemption_id=pending.pk)

    with pytest.raises(ConflictError):
        cancel_redemption(user=pending.user, redemption_id=pending.pk)

    assert balance_of(user=pending.user) == 70
    assert stock_of(item) == 4


def test_cancelling_twice_gives_back_once(pending):
    cancel_redemption(user=pending.user, redemption_id=pending.pk)

    with pytest.raises(ConflictError):
        cancel_redemption(user=pending.user, redemption_id=pending.pk)

    assert balance_of(user=pending.user) == 100


def test_a_pending_request_cannot_be_fulfilled(pending, team_lead):
    with pytest.raises(ConflictError):
        fulfil_redemption(actor=team_lead, redemption_id=pending.pk)

    pending.refresh_from_db()
    assert pending.status == Redemption.Status.PENDING


def test_an_approved_request_can_be_fulfilled_once(pending, team_lead, item):
    approve_redemption(actor=team_lead, redemption_id=pending.pk)

    fulfilled = fulfil_redemption(actor=team_lead, redemption_id=pending.pk)

    assert fulfilled.status == Redemption.Status.FULFILLED
    assert balance_of(user=pending.user) == 70
    assert stock_of(item) == 4
    with pytest.raises(ConflictError):
        fulfil_redemption(actor=team_lead, redemption_id=pending.pk)


def test_another_teams_lead_cannot_fulfil(pending, team_lead, other_team_lead):
    approve_redemption(actor=team_lead, redemption_id=pending.pk)

    with pytest.raises(NotFoundError):
        fulfil_redemption(actor=other_team_lead, redemption_id=pending.pk)


@pytest.mark.parametrize("decide", ["reject", "cancel"])
def test_a_released_request_cannot_be_approved_or_fulfilled(pending, team_lead, decide):  # type: ignore[no-untyped-def]
    if decide == "reject":
        reject_redemption(actor=team_lead, redemption_id=pending.pk, reason="No")
    else:
        cancel_redemption(user=pending.user, redemption_id=pending.pk)

    with pytest.raises(ConflictError):
        approve_redemption(actor=team_lead, redemption_id=pending.pk)
    with pytest.raises(ConflictError):
        fulfil_redemption(actor=team_lead, redemption_id=pending.pk)

    assert balance_of(user=pending.user) == 100
