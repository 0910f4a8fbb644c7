"""Races on PostgreSQL: the ledger never goes negative, stock never oversells, the monthly
allowance never overspends, idempotency keys act once, and the database itself refuses to
rewrite ledger rows (shared/design.md invariants 1 and 2)."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction

from core.exceptions import ConflictError, DomainError
from notifications.models import Notification
from people.models import Role
from recognition.models import (
    GivingAllowance,
    Kudos,
    LedgerEntry,
    PointsBalance,
    Redemption,
    RewardItem,
    ValueTag,
)
from recognition.selectors import balance_of
from recognition.services.kudos import give_kudos
from recognition.services.ledger import lock_balances, mismatched_balances, post_entry
from recognition.services.redemptions import (
    approve_redemption,
    cancel_redemption,
    reject_redemption,
    request_redemption,
)
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.integration.conftest import run_concurrently

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def grant(user: Any, amount: int) -> None:
    with transaction.atomic():
        lock_balances(user_ids=[user.pk])
        post_entry(
            account_id=user.pk,
            amount=amount,
            kind=LedgerEntry.Kind.TRAINING,
            idempotency_key=f"grant:{uuid.uuid4()}",
        )


def only_domain_errors(errors: list[BaseException], kind: type[DomainError]) -> None:
    unexpected = [e for e in errors if not isinstance(e, kind)]
    assert unexpected == [], unexpected


@pytest.fixture
def empathy() -> ValueTag:
    # Transactional tests start without the rows the data migration made.
    return ValueTag.objects.get_or_create(
        slug="empathy", defaults={"name_en": "Empathy", "name_es": "Empatía"}
    )[0]


def test_fifty_requests_against_a_balance_for_ten_let_exactly_ten_through():
    # given 100 points and an unlimited 10-point reward
    agent = MembershipFactory(role=Role.AGENT).user
    grant(agent, 100)
    item = RewardItem.objects.create(
        name_en="Coffee voucher", name_es="Coffee voucher", cost=10, stock=None
    )

    # when 50 requests arrive at once
    results, errors = run_concurrently(
        50, lambda i: request_redemption(user=agent, item_id=item.pk)
    )

    # then ten hold 10 points each and the other forty are refused for lack of points
    assert len(results) == 10
    assert len(errors) == 40
    only_domain_errors(errors, DomainError)
    assert all("points" in e.errors for e in errors)
    assert balance_of(user=agent) == 0
    assert Redemption.objects.filter(user=agent).count() == 10
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REDEMPTION_HOLD).count() == 10
    assert mismatched_balances() == []


def test_twenty_people_racing_for_three_units_get_exactly_three():
    # given 20 agents with enough points and 3 units in stock
    team = TeamFactory()
    agents = [MembershipFactory(team=team, role=Role.AGENT).user for _ in range(20)]
    for agent in agents:
        grant(agent, 50)
    item = RewardItem.objects.create(
        name_en="Front-row parking", name_es="Front-row parking", cost=20, stock=3
    )

    # when
    results, errors = run_concurrently(
        20, lambda i: request_redemption(user=agents[i], item_id=item.pk)
    )

    # then
    assert len(results) == 3
    assert len(errors) == 17
    only_domain_errors(errors, ConflictError)
    item.refresh_from_db()
    assert item.stock == 0
    assert Redemption.objects.count() == 3
    winners = {r.user_id for r in results}
    assert sorted(balance_of(user=a) for a in agents) == [30] * 3 + [50] * 17
    assert {a.pk for a in agents if balance_of(user=a) == 30} == winners
    assert mismatched_balances() == []


def test_ten_simultaneous_kudos_of_thirty_points_fit_three_into_the_allowance(settings, empathy):
    # given a giver with the usual 100-point allowance
    settings.KUDOS_MONTHLY_ALLOWANCE = 100
    team = TeamFactory()
    giver = MembershipFactory(team=team, role=Role.AGENT).user
    recipient = MembershipFactory(team=team, role=Role.AGENT).user

    # when ten kudos of 30 points are sent at once
    results, errors = run_concurrently(
        10,
        lambda i: give_kudos(
            giver=giver,
            recipient_ids=[recipient.pk],
            message=f"Thanks, number {i}!",
            value_slugs=["empathy"],
            points_each=30,
        ),
    )

    # then exactly three fit (90 of 100)
    assert len(results) == 3
    assert len(errors) == 7
    only_domain_errors(errors, DomainError)
    assert all("points_each" in e.errors for e in errors)
    assert GivingAllowance.objects.get(user=giver).spent == 90
    assert Kudos.objects.count() == 3
    assert balance_of(user=recipient) == 90
    assert mismatched_balances() == []


def test_one_idempotency_key_sent_by_eight_threads_gives_one_kudos(settings, empathy):
    # given
    settings.KUDOS_MONTHLY_ALLOWANCE = 100
    team = TeamFactory()
    giver = MembershipFactory(team=team, role=Role.AGENT).user
    recipient = MembershipFactory(team=team, role=Role.AGENT).user

    # when the same request is submitted eight times at once
    results, errors = run_concurrently(
        8,
        lambda i: give_kudos(
            giver=giver,
            recipient_ids=[recipient.pk],
            message="Thanks for staying late!",
            value_slugs=["empathy"],
            points_each=25,
            idempotency_key="double-click-1",
        ),
    )

    # then every caller gets the same kudos, and its effects happened once
    assert errors == []
    assert len({k.pk for k in results}) == 1
    assert Kudos.objects.count() == 1
    assert LedgerEntry.objects.filter(account=recipient).count() == 1
    assert balance_of(user=recipient) == 25
    assert GivingAllowance.objects.get(user=giver).spent == 25
    assert Notification.objects.filter(user=recipient, kind="kudos").count() == 1


def test_one_idempotency_key_sent_by_eight_threads_holds_points_once():
    # given
    agent = MembershipFactory(role=Role.AGENT).user
    grant(agent, 100)
    item = RewardItem.objects.create(
        name_en="Coffee voucher", name_es="Coffee voucher", cost=10, stock=5
    )

    # when the same reward request is submitted eight times at once
    results, errors = run_concurrently(
        8,
        lambda i: request_redemption(user=agent, item_id=item.pk, idempotency_key="tap-tap-1"),
    )

    # then every caller gets the same redemption (no database error leaks out), held once
    assert errors == []
    assert len({r.pk for r in results}) == 1
    assert Redemption.objects.count() == 1
    assert balance_of(user=agent) == 90
    item.refresh_from_db()
    assert item.stock == 4


def test_an_approval_racing_a_cancellation_lets_exactly_one_win():
    # given a pending request, its owner and their lead
    team = TeamFactory()
    agent = MembershipFactory(team=team, role=Role.AGENT).user
    lead = MembershipFactory(team=team, role=Role.LEAD).user
    grant(agent, 50)
    item = RewardItem.objects.create(
        name_en="Half day off", name_es="Half day off", cost=50, stock=1
    )
    redemption = request_redemption(user=agent, item_id=item.pk)

    # when the lead approves while the agent cancels, many times over
    actions = [
        lambda: approve_redemption(actor=lead, redemption_id=redemption.pk),
        lambda: cancel_redemption(user=agent, redemption_id=redemption.pk),
        lambda: reject_redemption(actor=lead, redemption_id=redemption.pk, reason="No"),
    ]
    results, errors = run_concurrently(12, lambda i: actions[i % 3]())

    # then one decision won, the others were told it was already decided
    assert len(results) == 1
    only_domain_errors(errors, ConflictError)
    redemption.refresh_from_db()
    item.refresh_from_db()
    if redemption.status == Redemption.Status.APPROVED:
        assert (balance_of(user=agent), item.stock) == (0, 0)
    else:
        assert (balance_of(user=agent), item.stock) == (50, 1)
        assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.REDEMPTION_RELEASE).count() == 1
    assert mismatched_balances() == []


def test_the_database_refuses_to_update_or_delete_ledger_rows():
    # given one entry
    assert connection.vendor == "postgresql"
    agent = UserFactory()
    grant(agent, 40)

    # when raw SQL tries to rewrite or erase history
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE recognition_ledgerentry SET amount = 1")
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM recognition_ledgerentry")

    # then the entry is untouched
    assert list(LedgerEntry.objects.values_list("account_id", "amount")) == [(agent.pk, 40)]
    assert PointsBalance.objects.get(user=agent).balance == 40


def test_the_database_refuses_to_truncate_the_ledger():
    # given one entry
    assert connection.vendor == "postgresql"
    agent = UserFactory()
    grant(agent, 40)

    # when raw SQL tries to empty the whole ledger at once (no row trigger fires on TRUNCATE)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE recognition_ledgerentry")

    # then the entry is still there, and still matches the balance
    assert list(LedgerEntry.objects.values_list("account_id", "amount")) == [(agent.pk, 40)]
    assert mismatched_balances() == []
