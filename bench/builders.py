"""Bulk data the benchmarks share: people, and kudos with their ledger.

Straight ``bulk_create``: the benchmarks need volume fast, and time the services elsewhere.
Import after ``support`` (which sets Django up).
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Sum

from people.models import User
from recognition.models import Kudos, LedgerEntry, PointsBalance

BENCH_EMAIL = "@bench.example"
BATCH = 5000
LEDGER_BATCH = 10_000


def create_users(users: list[User], *, batch_size: int = BATCH) -> list[User]:
    """``users`` stored with unusable passwords; returns every bench user (e-mail ending
    in ``BENCH_EMAIL``) in id order, that is in the order given."""
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=batch_size)
    return list(User.objects.filter(email__endswith=BENCH_EMAIL).order_by("id"))


def link_kudos(kudos: Sequence[Kudos], recipients: Sequence[int], *, value_id: int | None) -> None:
    """Each kudos' one recipient (``recipients``, in the same order) and value, as the
    service links them."""
    through = Kudos.recipients.through
    through.objects.bulk_create(
        [through(kudos_id=k.pk, user_id=r) for k, r in zip(kudos, recipients, strict=True)],
        batch_size=BATCH,
    )
    if value_id is not None:
        values = Kudos.values.through
        values.objects.bulk_create(
            [values(kudos_id=k.pk, valuetag_id=value_id) for k in kudos], batch_size=BATCH
        )


def post_kudos_entries(kudos: Sequence[Kudos], recipients: Sequence[int], *, points: int) -> None:
    """The ledger entry of each kudos' points, with the key and reference the service uses."""
    LedgerEntry.objects.bulk_create(
        [
            LedgerEntry(
                account_id=r,
                amount=points,
                kind=LedgerEntry.Kind.KUDOS,
                idempotency_key=f"kudos:{k.pk}:{r}",
                reference_type=Kudos._meta.label_lower,
                reference_id=str(k.pk),
                created_by_id=k.giver_id,
            )
            for k, r in zip(kudos, recipients, strict=True)
        ],
        batch_size=BATCH,
    )


def top_up_ledger(account_ids: Sequence[int], target: int, rng: random.Random) -> int:
    """Bulk-insert positive entries (rules, training) on random accounts until the ledger
    holds ``target`` rows, then set each account's balance to its sum. Returns the rows
    added."""
    missing = max(0, target - LedgerEntry.objects.count())
    kinds = [LedgerEntry.Kind.RULE, LedgerEntry.Kind.TRAINING]
    done = 0
    while done < missing:
        size = min(LEDGER_BATCH, missing - done)
        with transaction.atomic():
            LedgerEntry.objects.bulk_create(
                [
                    LedgerEntry(
                        account_id=rng.choice(account_ids),
                        amount=rng.randint(1, 5),
                        kind=rng.choice(kinds),
                        idempotency_key=f"bench:topup:{done + n}",
                        memo="bench",
                    )
                    for n in range(size)
                ],
                batch_size=LEDGER_BATCH,
            )
        done += size
    with transaction.atomic():
        sums = dict(
            LedgerEntry.objects.values("account_id")
            .annotate(total=Sum("amount"))
            .values_list("account_id", "total")
        )
        PointsBalance.objects.bulk_create(
            [PointsBalance(user_id=user_id) for user_id in sums], ignore_conflicts=True
        )
        balances = list(PointsBalance.objects.filter(user_id__in=list(sums)))
        for balance in balances:
            balance.balance = sums[balance.user_id]
        PointsBalance.objects.bulk_update(balances, ["balance"], batch_size=1000)
    return missing
