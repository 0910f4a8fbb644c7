"""The fair rule kinds fire once per (rule, agent or team, window) when workers race on
real PostgreSQL (issue 15): the firing key's unique index decides, and only the worker that
created the firing gives its effects."""

from __future__ import annotations

import random

import pytest
import time_machine

from people.models import Role
from performance.models import Feedback, Rule, RuleFiring
from recognition.services.ledger import mismatched_balances
from tests.factories import MembershipFactory, UserFactory
from tests.integration.conftest import run_concurrently
from tests.unit.performance.fair_rules import (
    POINTS,
    SUNDAY_NIGHT,
    feedback,
    firings,
    make_rule,
    metric,
    points,
    process,
    store,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

WORKERS = 4


@pytest.fixture(autouse=True)
def _sunday_night():  # type: ignore[no-untyped-def]
    with time_machine.travel(SUNDAY_NIGHT, tick=False):
        yield


def race(ids: list[int]) -> None:
    """``WORKERS`` workers process the same events at the same instant, as a re-delivered
    task and the sweeper would."""
    _results, errors = run_concurrently(WORKERS, lambda _i: process(ids))
    assert errors == []


def test_racing_workers_give_a_personal_best_a_most_improved_and_a_guarded_threshold_once(
    agent,
):
    # given four ordinary weeks of calls and QA, then a clearly quicker week with QA held
    metric("call_completed", "handle_time_s", "lower")
    metric("qa_review", "score", "higher")
    guard = [("qa_review", "score", "higher", 0.0)]
    rules = [
        make_rule(
            kind=Rule.Kind.THRESHOLD,
            type="call_completed",
            metric_key="handle_time_s",
            op="<=",
            value=300,
            min_count=20,
            guard=guard,
        ),
        make_rule(
            kind=Rule.Kind.PERSONAL_BEST,
            type="call_completed",
            metric_key="handle_time_s",
            min_count=20,
        ),
        make_rule(
            kind=Rule.Kind.MOST_IMPROVED,
            type="call_completed",
            metric_key="handle_time_s",
            min_count=40,
            guard=guard,
        ),
    ]
    rng = random.Random(7)  # noqa: S311 - seeded test data, not a secret
    ids: list[int] = []
    for week in range(-4, 0):
        ids += store(
            agent,
            "call_completed",
            [330 * rng.lognormvariate(0, 0.2) for _ in range(40)],
            week=week,
            key="handle_time_s",
        )
        ids += store(agent, "qa_review", [85], week=week, key="score")
    process(ids)
    this_week = store(
        agent,
        "call_completed",
        [240 * rng.lognormvariate(0, 0.2) for _ in range(40)],
        key="handle_time_s",
    )
    this_week += store(agent, "qa_review", [86], key="score")

    # when four workers process this week's events at the same instant
    race(this_week)

    # then each rule fired once for the week and gave its points and message once
    for rule in rules:
        assert len(firings(rule)) == 1, rule.kind
        assert points(agent, rule) == POINTS, rule.kind
        assert len(feedback(agent, rule)) == 1, rule.kind
    assert mismatched_balances() == []


def test_racing_workers_on_different_members_fire_a_team_goal_once(team):
    # given a team of five whose week of surveys meets the goal only all together
    metric("csat_response", "score", "higher")
    rule = make_rule(
        kind=Rule.Kind.TEAM_GOAL,
        type="csat_response",
        metric_key="score",
        op=">=",
        value=4.5,
        min_count=25,
    )
    members = [
        MembershipFactory(team=team, role=Role.AGENT, user=UserFactory()).user for _ in range(5)
    ]
    by_member = [store(member, "csat_response", [5, 4, 5, 5, 4], key="score") for member in members]

    # when each worker processes other members' events at the same instant (and one all)
    def work(index: int) -> int:
        chosen = [ids for n, ids in enumerate(by_member) if n % WORKERS == index]
        return process([i for ids in chosen for i in ids] or by_member[0])

    _results, errors = run_concurrently(WORKERS, work)
    assert errors == []
    race([i for ids in by_member for i in ids])  # and then everything again

    # then the team fired once and every member got the points and the message once
    assert len(firings(rule)) == 1
    assert RuleFiring.objects.get(rule=rule).team_id == team.pk
    for member in members:
        assert points(member, rule) == POINTS
        assert Feedback.objects.filter(agent=member, firing__rule=rule).count() == 1
    assert mismatched_balances() == []
