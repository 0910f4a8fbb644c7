"""Invariant 2: no balance is ever negative and every balance equals the sum of the ledger;
the ledger is append-only (corrections are reversing entries)."""

import io
import uuid

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from core.exceptions import ConflictError, DomainError
from recognition.models import AppendOnlyError, LedgerEntry, PointsBalance
from recognition.selectors import balance_of
from recognition.services.ledger import (
    InsufficientPointsError,
    lock_balances,
    mismatched_balances,
    post_entry,
    post_reversal,
)

pytestmark = pytest.mark.django_db


def post(user, amount, *, key=None, kind=LedgerEntry.Kind.CORRECTION):  # type: ignore[no-untyped-def]
    """Post one entry the way services do: inside a transaction, balance locked first."""
    with transaction.atomic():
        lock_balances(user_ids=[user.pk])
        return post_entry(
            account_id=user.pk,
            amount=amount,
            kind=kind,
            idempotency_key=key or f"test:{uuid.uuid4()}",
        )


def reverse_entry(entry, *, key):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        lock_balances(user_ids=[entry.account_id])
        return post_reversal(entry=entry, idempotency_key=key)


# --- Idempotency --------------------------------------------------------------------------


def test_posting_the_same_idempotency_key_twice_moves_the_balance_once(agent):
    first = post(agent, 40, key="bonus:1")
    second = post(agent, 40, key="bonus:1")

    assert second.pk == first.pk
    assert LedgerEntry.objects.filter(account=agent).count() == 1
    assert balance_of(user=agent) == 40


def test_reusing_an_idempotency_key_for_another_amount_is_a_conflict(agent):
    post(agent, 40, key="bonus:1")

    with pytest.raises(ConflictError):
        post(agent, 41, key="bonus:1")

    assert LedgerEntry.objects.filter(account=agent).count() == 1
    assert balance_of(user=agent) == 40


def test_reusing_an_idempotency_key_for_another_account_is_a_conflict(agent, teammate):
    post(agent, 40, key="bonus:1")

    with pytest.raises(ConflictError):
        post(teammate, 40, key="bonus:1")

    assert balance_of(user=teammate) == 0
    assert not LedgerEntry.objects.filter(account=teammate).exists()


# --- Never negative -----------------------------------------------------------------------


def test_a_debit_beyond_the_balance_is_refused_and_writes_nothing(agent):
    post(agent, 30)

    with pytest.raises(InsufficientPointsError) as refused:
        post(agent, -31, kind=LedgerEntry.Kind.REDEMPTION_HOLD)

    assert refused.value.status_code == 409
    assert "points" in refused.value.errors
    assert LedgerEntry.objects.filter(account=agent).count() == 1
    assert PointsBalance.objects.get(user=agent).balance == 30


def test_a_debit_of_exactly_the_balance_leaves_zero(agent):
    post(agent, 30)

    post(agent, -30, kind=LedgerEntry.Kind.REDEMPTION_HOLD)

    assert PointsBalance.objects.get(user=agent).balance == 0
    assert mismatched_balances() == []


def test_a_debit_from_an_account_that_never_had_points_is_refused(agent):
    with pytest.raises(InsufficientPointsError):
        post(agent, -1, kind=LedgerEntry.Kind.REDEMPTION_HOLD)

    assert not LedgerEntry.objects.exists()
    assert balance_of(user=agent) == 0


# --- Append-only --------------------------------------------------------------------------


def test_saving_an_existing_entry_is_refused(agent):
    entry = post(agent, 25)
    entry.amount = 2500

    with pytest.raises(AppendOnlyError):
        entry.save()

    assert LedgerEntry.objects.get(pk=entry.pk).amount == 25


def test_saving_a_new_instance_over_an_existing_row_is_refused(agent):
    # given an entry in the ledger
    entry = post(agent, 25)
    # when a fresh instance carrying the same primary key is saved (Django would try an
    # UPDATE first, because the pk is set and an AutoField has no default)
    impostor = LedgerEntry(
        pk=entry.pk,
        account=agent,
        amount=2500,
        kind=LedgerEntry.Kind.CORRECTION,
        idempotency_key=entry.idempotency_key,
        created_at=entry.created_at,
    )

    # then the ledger refuses (in the model, or as a duplicate key) and the row is intact
    with pytest.raises((AppendOnlyError, IntegrityError)), transaction.atomic():
        impostor.save()

    assert LedgerEntry.objects.get(pk=entry.pk).amount == 25


def test_deleting_an_entry_is_refused(agent):
    entry = post(agent, 25)

    with pytest.raises(AppendOnlyError):
        entry.delete()

    assert LedgerEntry.objects.filter(pk=entry.pk).exists()


@pytest.mark.parametrize(
    "rewrite",
    [
        pytest.param(lambda: LedgerEntry.objects.update(amount=1), id="manager-update"),
        pytest.param(lambda: LedgerEntry.objects.all().update(amount=1), id="queryset-update"),
        pytest.param(lambda: LedgerEntry.objects.delete(), id="manager-delete"),
        pytest.param(lambda: LedgerEntry.objects.all().delete(), id="queryset-delete"),
        pytest.param(
            lambda: LedgerEntry.objects.filter(amount__gt=0).delete(), id="filtered-delete"
        ),
    ],
)
def test_bulk_rewrites_of_the_ledger_are_refused(agent, rewrite):  # type: ignore[no-untyped-def]
    entry = post(agent, 25)

    with pytest.raises(AppendOnlyError):
        rewrite()

    assert list(LedgerEntry.objects.values_list("pk", "amount")) == [(entry.pk, 25)]


def test_bulk_update_of_entries_is_refused(agent):
    entry = post(agent, 25)
    entry.amount = 1

    with pytest.raises(AppendOnlyError), transaction.atomic():
        LedgerEntry.objects.bulk_update([entry], ["amount"])

    assert LedgerEntry.objects.get(pk=entry.pk).amount == 25


# --- Reversals ----------------------------------------------------------------------------


def test_a_reversal_restores_the_balance(agent):
    entry = post(agent, 70)

    reversal = reverse_entry(entry, key="undo:1")

    assert reversal.amount == -70
    assert reversal.reverses == entry
    assert reversal.kind == LedgerEntry.Kind.CORRECTION
    assert balance_of(user=agent) == 0
    assert mismatched_balances() == []


def test_a_reversal_of_a_hold_is_a_release(agent):
    post(agent, 70)
    hold = post(agent, -50, kind=LedgerEntry.Kind.REDEMPTION_HOLD)

    release = reverse_entry(hold, key="release:1")

    assert release.kind == LedgerEntry.Kind.REDEMPTION_RELEASE
    assert release.amount == 50
    assert release.reverses == hold
    assert balance_of(user=agent) == 70


def test_replaying_a_reversal_with_its_key_reverses_once(agent):
    entry = post(agent, 70)

    first = reverse_entry(entry, key="undo:1")
    again = reverse_entry(entry, key="undo:1")

    assert again.pk == first.pk
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1
    assert balance_of(user=agent) == 0


def test_an_entry_cannot_be_reversed_twice_under_different_keys(agent):
    # given a credit of 70 on top of 100, reversed once
    post(agent, 100)
    entry = post(agent, 70)
    reverse_entry(entry, key="undo:1")

    # when someone reverses it again with a new key
    with pytest.raises(DomainError):
        reverse_entry(entry, key="undo:2")

    # then the balance moved back only once
    assert balance_of(user=agent) == 100
    assert LedgerEntry.objects.filter(reverses=entry).count() == 1


def test_reversing_a_credit_that_was_already_spent_is_refused(agent):
    credit = post(agent, 50)
    post(agent, -40, kind=LedgerEntry.Kind.REDEMPTION_HOLD)

    with pytest.raises(InsufficientPointsError):
        reverse_entry(credit, key="undo:1")

    assert balance_of(user=agent) == 10
    assert mismatched_balances() == []


# --- verify_ledger ------------------------------------------------------------------------


def test_verify_ledger_passes_when_every_balance_matches_the_ledger(agent, teammate):
    post(agent, 30)
    post(agent, -10, kind=LedgerEntry.Kind.REDEMPTION_HOLD)
    post(teammate, 5)
    out = io.StringIO()

    call_command("verify_ledger", stdout=out, stderr=io.StringIO())

    assert "2 balances, 3 entries, all consistent" in out.getvalue()


def test_verify_ledger_fails_after_a_balance_is_corrupted(agent, teammate):
    # given a consistent ledger
    post(agent, 30)
    post(teammate, 5)
    # when one stored balance is changed behind the ledger's back
    PointsBalance.objects.filter(user=agent).update(balance=31)
    err = io.StringIO()

    # then the command fails (manage.py exits 1) and names the account by id and e-mail
    with pytest.raises(CommandError, match="1 balances do not match") as failure:
        call_command("verify_ledger", stdout=io.StringIO(), stderr=err)

    assert failure.value.returncode == 1
    assert err.getvalue() == (
        f"user {agent.pk} ({agent.email}): balance 31 but ledger sums to 30\n"
    )
    assert mismatched_balances() == [(agent.pk, 31, 30)]


def test_verify_ledger_fails_when_an_entry_skipped_the_balance(agent):
    # given an entry appended directly, without moving the balance
    post(agent, 30)
    LedgerEntry.objects.create(
        account=agent, amount=12, kind=LedgerEntry.Kind.CORRECTION, idempotency_key="raw:1"
    )

    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("verify_ledger", stdout=io.StringIO(), stderr=err)

    assert failure.value.returncode == 1
    assert f"({agent.email}): balance 30 but ledger sums to 42" in err.getvalue()
    assert mismatched_balances() == [(agent.pk, 30, 42)]
