"""Invariant 2 under random sequences of kudos and reward requests and decisions.

Hypothesis draws a list of operations; each runs through the real services. After every
step the ledger must be consistent, and the outcome must match a tiny model: the operation
succeeds exactly when the rules allow it, and a refused operation changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from core.exceptions import DomainError
from core.models import AuditEvent
from people.models import Role
from recognition.models import (
    GivingAllowance,
    Kudos,
    LedgerEntry,
    PointsBalance,
    Redemption,
    RewardItem,
)
from recognition.services.kudos import give_kudos
from recognition.services.ledger import lock_balances, post_entry
from recognition.services.redemptions import (
    approve_redemption,
    cancel_redemption,
    fulfil_redemption,
    reject_redemption,
    request_redemption,
)
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

AGENTS = 4
STARTING_POINTS = 60  # each agent's, from a training bonus, so requests succeed early
ITEMS = [("Coffee voucher", 20, 3), ("Half day off", 50, 2)]
LIVE = (Redemption.Status.PENDING, Redemption.Status.APPROVED, Redemption.Status.FULFILLED)


@dataclass
class World:
    agents: list[Any]
    lead: Any
    hr: Any
    items: list[RewardItem]

    @property
    def actors(self) -> list[Any]:
        """Everyone who might try to decide: the agents' lead, HR, and the agents."""
        return [self.lead, self.hr, *self.agents]


@pytest.fixture
def world(team, team_lead, hr_admin, settings):  # type: ignore[no-untyped-def]
    settings.KUDOS_MONTHLY_ALLOWANCE = 100
    agents = [
        MembershipFactory(team=team, role=Role.AGENT, user=UserFactory()).user
        for _ in range(AGENTS)
    ]
    items = [RewardItem.objects.create(name_en=n, name_es=n, cost=c, stock=s) for n, c, s in ITEMS]
    with transaction.atomic():
        lock_balances(user_ids=[a.pk for a in agents])
        for a in agents:
            post_entry(
                account_id=a.pk,
                amount=STARTING_POINTS,
                kind=LedgerEntry.Kind.TRAINING,
                idempotency_key=f"training:{a.pk}",
            )
    return World(agents=agents, lead=team_lead, hr=hr_admin, items=items)


agent_index = st.integers(0, AGENTS - 1)
give = st.tuples(
    st.just("give"),
    agent_index,
    st.lists(agent_index, min_size=1, max_size=3),
    st.integers(0, 60),
)
request = st.tuples(st.just("request"), agent_index, st.integers(0, len(ITEMS) - 1))
# which redemption, modulo how many exist; -1 is the newest, most often still pending
which_redemption = st.one_of(st.just(-1), st.integers(0, 30))
# who acts: -1 the requester, 0 the lead, 1 HR, 2.. an agent (often not the requester)
who_acts = st.one_of(st.just(-1), st.sampled_from([0, 1]), st.integers(0, AGENTS + 1))
decide = st.tuples(
    st.sampled_from(["approve", "reject", "fulfil"]),
    which_redemption,
    who_acts,
    st.sampled_from(["", "Over this month's budget", "Already has one"]),
)
cancel = st.tuples(st.just("cancel"), which_redemption, who_acts, st.just(""))
operations = st.lists(st.one_of(give, request, decide, cancel), min_size=4, max_size=20)


@dataclass(frozen=True)
class Snapshot:
    balances: dict[int, int]
    entries: int
    kudos: int
    redemptions: dict[int, str]
    stock: dict[int, int | None]
    spent: dict[int, int]
    audit: int


def snapshot() -> Snapshot:
    return Snapshot(
        balances=dict(PointsBalance.objects.values_list("user_id", "balance")),
        entries=LedgerEntry.objects.count(),
        kudos=Kudos.objects.count(),
        redemptions=dict(Redemption.objects.values_list("pk", "status")),
        stock=dict(RewardItem.objects.values_list("pk", "stock")),
        spent=dict(GivingAllowance.objects.values_list("user_id", "spent")),
        audit=AuditEvent.objects.count(),
    )


def check_invariants(world: World) -> None:
    balances = dict(PointsBalance.objects.values_list("user_id", "balance"))
    sums = dict(
        LedgerEntry.objects.values("account_id")
        .annotate(total=Sum("amount"))
        .values_list("account_id", "total")
    )
    assert all(balance >= 0 for balance in balances.values()), balances
    for user_id in set(balances) | set(sums):
        assert balances.get(user_id, 0) == sums.get(user_id, 0), (user_id, balances, sums)
    for allowance in GivingAllowance.objects.all():
        assert allowance.spent <= allowance.limit, allowance
    for item, (_name, _cost, initial_stock) in zip(
        RewardItem.objects.order_by("pk"), ITEMS, strict=True
    ):
        live = Redemption.objects.filter(item=item, status__in=LIVE).count()
        assert item.stock is not None
        assert item.stock >= 0
        assert item.stock + live == initial_stock, (item, live)
    given = (
        Kudos.recipients.through.objects.aggregate(total=Sum("kudos__points_each"))["total"] or 0
    )
    held = Redemption.objects.filter(status__in=LIVE).aggregate(total=Sum("cost"))["total"] or 0
    ledger = LedgerEntry.objects.aggregate(total=Sum("amount"))["total"] or 0
    assert ledger == STARTING_POINTS * AGENTS + given - held, (ledger, given, held)


def verdict(world: World, op: tuple[Any, ...], before: Snapshot) -> tuple[bool, dict[int, int]]:
    """The model: whether ``op`` must succeed, and the balance changes it must cause."""
    kind = op[0]
    if kind == "give":
        _, giver_i, recipient_is, points = op
        recipients = [world.agents[i].pk for i in dict.fromkeys(recipient_is)]
        giver = world.agents[giver_i]
        left = django_settings.KUDOS_MONTHLY_ALLOWANCE - before.spent.get(giver.pk, 0)
        allowed = giver.pk not in recipients and points * len(recipients) <= left
        return allowed, dict.fromkeys(recipients, points)
    if kind == "request":
        _, user_i, item_i = op
        user, item = world.agents[user_i], world.items[item_i]
        stock = before.stock[item.pk]
        allowed = before.balances.get(user.pk, 0) >= item.cost and (stock is None or stock > 0)
        return allowed, {user.pk: -item.cost}
    _, which, actor_i, reason = op
    redemption = pick_redemption(before, which)
    actor = actor_for(world, actor_i, redemption)
    decider = actor in (world.lead, world.hr)
    status = redemption.status
    refund = {redemption.user_id: redemption.cost}
    return {
        "approve": (decider and status == Redemption.Status.PENDING, {}),
        "fulfil": (decider and status == Redemption.Status.APPROVED, {}),
        "reject": (bool(reason) and decider and status == Redemption.Status.PENDING, refund),
        "cancel": (actor.pk == redemption.user_id and status == Redemption.Status.PENDING, refund),
    }[kind]


def pick_redemption(before: Snapshot, which: int) -> Redemption:
    pks = sorted(before.redemptions)
    return Redemption.objects.get(pk=pks[which % len(pks)])


def actor_for(world: World, actor_i: int, redemption: Redemption) -> Any:
    if actor_i == -1:
        return next(a for a in world.agents if a.pk == redemption.user_id)
    return world.actors[actor_i]


def run(world: World, op: tuple[Any, ...], before: Snapshot) -> None:
    """Call the real service for ``op``."""
    kind = op[0]
    if kind == "give":
        _, giver_i, recipient_is, points = op
        give_kudos(
            giver=world.agents[giver_i],
            recipient_ids=[world.agents[i].pk for i in recipient_is],
            message="Thanks for the help!",
            value_slugs=["teamwork"],
            points_each=points,
        )
    elif kind == "request":
        _, user_i, item_i = op
        request_redemption(user=world.agents[user_i], item_id=world.items[item_i].pk)
    else:
        _, which, actor_i, reason = op
        redemption = pick_redemption(before, which)
        actor, pk = actor_for(world, actor_i, redemption), redemption.pk
        if kind == "approve":
            approve_redemption(actor=actor, redemption_id=pk)
        elif kind == "fulfil":
            fulfil_redemption(actor=actor, redemption_id=pk)
        elif kind == "reject":
            reject_redemption(actor=actor, redemption_id=pk, reason=reason)
        else:
            cancel_redemption(user=actor, redemption_id=pk)


@hypothesis_settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=operations)
def test_random_operations_keep_the_ledger_consistent(world, ops):  # type: ignore[no-untyped-def]
    # Each example runs in a transaction that is rolled back, so every example starts from
    # the same world (fixtures run once per test function, not once per example).
    with transaction.atomic():
        for op in ops:
            if op[0] not in ("give", "request") and not Redemption.objects.exists():
                continue
            before = snapshot()
            allowed, deltas = verdict(world, op, before)
            try:
                run(world, op, before)
            except DomainError:
                event(f"{op[0]} refused")
                # then a refused operation was against the rules, and wrote nothing
                assert not allowed, op
                assert snapshot() == before, op
            else:
                # then an accepted operation was allowed, and moved exactly these points
                event(f"{op[0]} accepted")
                assert allowed, op
                after = snapshot()
                for user_id in set(after.balances) | set(before.balances):
                    expected = before.balances.get(user_id, 0) + deltas.get(user_id, 0)
                    assert after.balances.get(user_id, 0) == expected, (op, before, after)
            check_invariants(world)
        transaction.set_rollback(True)
