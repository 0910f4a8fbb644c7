"""The points ledger: append-only entries and a balance kept in the same transaction.

Invariant (shared/design.md #2): no balance is ever negative and every balance equals the
sum of its entries. The check constraint on ``PointsBalance`` is the last line of defence;
``post_entry`` refuses earlier with a friendly error.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError
from notifications.messages import MESSAGES, render_in
from people.models import User
from recognition.models import LedgerEntry, PointsBalance


class InsufficientPointsError(DomainError):
    status_code = 409


def lock_balances(*, user_ids: Iterable[int]) -> dict[int, PointsBalance]:
    """Create missing balances, then lock them in ascending id order (no deadlocks)."""
    ids = sorted(set(user_ids))
    PointsBalance.objects.bulk_create(
        [PointsBalance(user_id=i) for i in ids], ignore_conflicts=True
    )
    return {
        b.user_id: b
        for b in PointsBalance.objects.select_for_update().filter(user_id__in=ids).order_by("pk")
    }


def existing_entry(*, idempotency_key: str) -> LedgerEntry | None:
    return LedgerEntry.objects.filter(idempotency_key=idempotency_key).first()


def post_entry(
    *,
    account_id: int,
    amount: int,
    kind: str,
    idempotency_key: str,
    reference: Any | None = None,
    reverses: LedgerEntry | None = None,
    created_by: User | None = None,
    memo: str = "",
    memo_key: str = "",
    memo_params: Mapping[str, Any] | None = None,
) -> LedgerEntry:
    """Append one entry and move the balance. Must run inside ``transaction.atomic`` with
    the account's balance already locked (``lock_balances``).

    A memo that names something (a rule, a training path) is given as ``memo_key`` and
    ``memo_params`` (``notifications.messages``) so each reader sees it in their language;
    ``memo`` then defaults to its text in the site's default language.

    Posting the same ``idempotency_key`` again returns the first entry when it describes
    the same movement, and raises ``ConflictError`` when it does not.
    """
    previous = existing_entry(idempotency_key=idempotency_key)
    if previous is not None:
        if (previous.account_id, previous.amount, previous.kind) != (account_id, amount, kind):
            raise ConflictError(_("This idempotency key was already used for another request."))
        return previous
    if amount == 0:
        raise DomainError(_("A ledger entry must move points."), errors={"points": [_("Zero.")]})
    memo_params = dict(memo_params or {})
    if memo_key:
        if memo_key not in MESSAGES:
            raise ValueError(f"Unknown memo key {memo_key!r}.")
        memo = memo or render_in(settings.LANGUAGE_CODE, memo_key, memo_params)
    if reverses is not None and LedgerEntry.objects.filter(reverses=reverses).exists():
        raise ConflictError(_("This entry was already reversed."))
    balance = PointsBalance.objects.select_for_update().get(user_id=account_id)
    if balance.balance + amount < 0:
        raise InsufficientPointsError(
            _("Not enough points: you have %(balance)s, this needs %(needed)s.")
            % {"balance": balance.balance, "needed": -amount},
            errors={"points": [_("Not enough points.")]},
        )
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                account_id=account_id,
                amount=amount,
                kind=kind,
                idempotency_key=idempotency_key,
                reference_type=reference._meta.label_lower if reference is not None else "",
                reference_id=str(reference.pk) if reference is not None else "",
                reverses=reverses,
                created_by=created_by,
                memo=memo[:200],
                memo_key=memo_key,
                memo_params=memo_params,
            )
            PointsBalance.objects.filter(user_id=account_id).update(balance=F("balance") + amount)
    except IntegrityError as exc:
        # Either the same key raced us (return the winner, or refuse a different request)
        # or the balance check constraint fired.
        winner = existing_entry(idempotency_key=idempotency_key)
        if winner is not None:
            if (winner.account_id, winner.amount, winner.kind) != (account_id, amount, kind):
                raise ConflictError(
                    _("This idempotency key was already used for another request.")
                ) from exc
            return winner
        raise InsufficientPointsError(
            _("Not enough points."), errors={"points": [_("Not enough points.")]}
        ) from exc
    return entry


def post_reversal(
    *, entry: LedgerEntry, idempotency_key: str, created_by: User | None = None, memo: str = ""
) -> LedgerEntry:
    """Cancel ``entry`` with an entry of the opposite amount (the only kind of correction)."""
    kind = (
        LedgerEntry.Kind.REDEMPTION_RELEASE
        if entry.kind == LedgerEntry.Kind.REDEMPTION_HOLD
        else LedgerEntry.Kind.CORRECTION
    )
    return post_entry(
        account_id=entry.account_id,
        amount=-entry.amount,
        kind=kind,
        idempotency_key=idempotency_key,
        reverses=entry,
        created_by=created_by,
        memo=memo,
    )


def mismatched_balances() -> list[tuple[int, int, int]]:
    """(user id, stored balance, ledger sum) for every account where they differ."""
    sums = dict(
        LedgerEntry.objects.values("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
    stored = dict(PointsBalance.objects.values_list("user_id", "balance"))
    return [
        (user_id, stored.get(user_id, 0), sums.get(user_id, 0))
        for user_id in sorted(set(sums) | set(stored))
        if stored.get(user_id, 0) != sums.get(user_id, 0) or stored.get(user_id, 0) < 0
    ]
