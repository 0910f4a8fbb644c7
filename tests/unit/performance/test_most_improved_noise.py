"""Noise must not win "most improved" (issue 15): 200 agents whose weekly handle times are
identically distributed, over 12 weeks, processed as processing looks at them (after each
event, once the week has ``min_count`` events), make it fire for at most 1 % of
agent-windows; a real 15 % improvement over 40 calls fires. Through the pure function
(``rule_engine.improvement``), so it stays fast; one smaller check runs end to end."""

from __future__ import annotations

import random
from collections.abc import Callable

import pytest
import time_machine

from performance.models import Rule
from performance.rule_engine import improvement
from tests.unit.performance.fair_rules import (
    SUNDAY_NIGHT,
    firings,
    make_rule,
    metric,
    process,
    store,
)

MIN_COUNT = 40
BASELINE_WINDOWS = 4
MARGIN = 10
# Handle times: lognormal around 300 s; the simulator's calls have a spread of about 0.3.
SIGMA = 0.25

Draw = Callable[[random.Random, float], float]


def lognormal(spread: float) -> Draw:
    return lambda rng, mean: mean * rng.lognormvariate(0, spread)


def normal(spread: float) -> Draw:
    # Truncated at 5 % of the mean: a handle time is never negative.
    return lambda rng, mean: mean * max(0.05, rng.gauss(1, spread))


def week(rng: random.Random, mean: float = 300, draw: Draw | None = None) -> list[float]:
    draw = draw or lognormal(SIGMA)
    return [draw(rng, mean) for _ in range(40 + rng.randint(-5, 5))]


def fires_in_week(values: list[float], baseline: list[float]) -> bool:
    """As processing judges the week: after each of its events from the ``MIN_COUNT``-th on,
    each look on the week's first ``MIN_COUNT`` events (rule_engine.kinds._most_improved),
    so every look gives the same verdict: one call stands for them all."""
    if len(values) < MIN_COUNT:
        return False
    return (
        improvement(values[:MIN_COUNT], baseline, higher_is_better=False, margin_percent=MARGIN)
        is not None
    )


def simulate(
    agents: int,
    weeks: int,
    *,
    seed: int,
    last_week_gain: float = 0.0,
    draw: Draw | None = None,
) -> tuple[int, int]:
    """(windows that fired, windows judged) over every agent's weeks with a baseline."""
    rng = random.Random(seed)  # noqa: S311 - seeded test data, not a secret
    fired = judged = 0
    for _ in range(agents):
        history: list[list[float]] = []
        for n in range(weeks):
            gain = last_week_gain if n == weeks - 1 else 0.0
            values = week(rng, 300 * (1 - gain), draw)
            if gain:
                values = values[:MIN_COUNT] + week(rng, draw=draw)[: MIN_COUNT - len(values)]
            previous = [w for w in history[-BASELINE_WINDOWS:] if len(w) >= MIN_COUNT]
            history.append(values)
            if not previous or (last_week_gain and n != weeks - 1):
                continue
            judged += 1
            fired += fires_in_week(values, [v for w in previous for v in w])
    return fired, judged


@pytest.mark.parametrize(
    "draw",
    [lognormal(0.25), lognormal(0.3), lognormal(0.5), normal(0.2), normal(0.3), normal(0.5)],
    ids=[
        "lognormal-0.25",
        "lognormal-0.3",
        "lognormal-0.5",
        "normal-0.2",
        "normal-0.3",
        "normal-0.5",
    ],
)
def test_noise_wins_most_improved_for_at_most_one_percent_of_agent_weeks(draw):
    # 200 agents x 12 weeks, every week drawn from the same distribution: whatever the
    # spread or shape, no more than 1 % of the weeks judged may look like progress.
    fired, judged = simulate(200, 12, seed=20260316, draw=draw)

    assert judged > 1500
    assert fired / judged <= 0.01, f"{fired} of {judged}"


def test_a_real_fifteen_percent_improvement_usually_fires():
    # The price of keeping noise under 1 %: at this spread about 7 in 10 real 15 % gains
    # over 40 calls are told apart from chance (95 in 100 at 20 %; docs/decisions.md).
    fired, judged = simulate(200, 5, seed=15, last_week_gain=0.15)

    assert fired / judged >= 0.65, f"{fired} of {judged}"


def test_a_real_fifteen_percent_improvement_over_forty_calls_fires():
    # given four ordinary weeks of 40 calls around 300 s, then 40 calls 15 % quicker
    rng = random.Random(40)  # noqa: S311 - seeded test data, not a secret
    baseline = [300 * rng.lognormvariate(0, SIGMA) for _ in range(4 * 40)]
    better_week = [255 * rng.lognormvariate(0, SIGMA) for _ in range(40)]

    # when the week is judged
    found = improvement(better_week, baseline, higher_is_better=False, margin_percent=MARGIN)

    # then it is an improvement of about 15 %
    assert found is not None
    assert 10 < (found.percent or 0) < 20


@pytest.mark.django_db
def test_noise_through_processing_fires_rarely(team):
    # given 20 agents with four weeks of identically distributed calls, then a fifth
    from people.models import Role
    from tests.factories import MembershipFactory, UserFactory

    metric("call_completed", "handle_time_s", "lower")
    rule = make_rule(
        kind=Rule.Kind.MOST_IMPROVED,
        type="call_completed",
        metric_key="handle_time_s",
        min_count=MIN_COUNT,
        margin_percent=MARGIN,
    )
    rng = random.Random(5)  # noqa: S311 - seeded test data, not a secret
    ids = []
    for _ in range(20):
        agent = MembershipFactory(team=team, role=Role.AGENT, user=UserFactory()).user
        for n in range(-4, 1):
            ids += store(agent, "call_completed", week(rng), week=n, key="handle_time_s")

    # when every event is processed
    with time_machine.travel(SUNDAY_NIGHT, tick=False):
        process(ids)

    # then noise won at most one agent-week of the 80 judged
    assert len(firings(rule)) <= 1
