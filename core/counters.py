"""The navigation's per-person counters (unread notifications and feedback, pending
approvals and promotions), kept in the shared cache.

Every page shows them, so every page paid one ``COUNT`` each for numbers that change a few
times a day. A count is cached per person under a generation number; the service that
changes what a counter counts calls :func:`counter_changed` inside its transaction, and
the affected people's counts (or everybody's, by moving the generation on) are forgotten
at once and again after the commit, then read afresh on the next page: the second time
drops a number another page counted while the transaction was still open.

A page that counts between the commit and the second forgetting can still store the old
number; ``TTL`` bounds how long it can stay (a badge one behind for under a minute, never
a wrong balance: balances and queues themselves are never read from here). While Redis is
down ``core.cache`` serves each process from its memory, where only that process's own
writes forget counts: other processes' badges may lag by up to ``TTL`` until it is back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction

TTL_SECONDS = 60

UNREAD_NOTIFICATIONS = "unread_notifications"
UNREAD_FEEDBACK = "unread_feedback"
PENDING_APPROVALS = "pending_approvals"
PENDING_PROMOTIONS = "pending_promotions"


def _generation_key(name: str) -> str:
    return f"counter:{name}:generation"


def _key(name: str, generation: int, user_id: int, scope: str) -> str:
    return f"counter:{name}:{generation}:{user_id}:{scope}"


def cached_count(name: str, *, user_id: int, count: Callable[[], int], scope: str = "") -> int:
    """``count()`` for this person, from the cache when it is there. ``scope`` names what
    else the count depends on (a lead's teams), so a change of role reads afresh."""
    generation = cache.get(_generation_key(name), 0)
    key = _key(name, generation, user_id, scope)
    value = cache.get(key)
    if value is None:
        value = count()
        cache.set(key, value, TTL_SECONDS)
    return int(value)


def counter_changed(name: str, *, user_ids: Iterable[int] | None = None) -> None:
    """Forget ``name`` for ``user_ids``, or for everybody when the change concerns a queue
    many people count (approvals, promotions): now, and once more when the current
    transaction commits."""
    ids = None if user_ids is None else list(user_ids)

    def forget() -> None:
        if ids is None:
            try:
                cache.incr(_generation_key(name))
            except ValueError:  # no generation yet: start one above the implicit 0
                cache.set(_generation_key(name), 1, None)
            return
        generation = cache.get(_generation_key(name), 0)
        # Scoped keys ("<teams>") are per role; the person-wide counters use scope "".
        cache.delete_many([_key(name, generation, user_id, "") for user_id in ids])

    forget()
    transaction.on_commit(forget)
