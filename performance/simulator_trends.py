"""How the simulator's agents change over time: some learn a new queue every quarter and
get quicker week after week (what the "most improved" rule is for)."""

from __future__ import annotations

import datetime as dt

# Handle time: most agents hold steady around the median; a share of them are learning a
# new queue every quarter (``LEARNING_CYCLE_WEEKS``): they start slow and get quicker by
# ``LEARNING_RATE`` a week for ``LEARNING_WEEKS`` weeks, then plateau (what "most improved"
# is for), with their quality unchanged.
HANDLE_MEDIAN = 330
LEARNER_SHARE = 0.25
LEARNING_RATE = 0.05
LEARNING_WEEKS = 8
LEARNING_CYCLE_WEEKS = 13
EPOCH = dt.date(2000, 1, 3)  # a Monday, as ``rule_engine.window_start``'s


def handle_time_median(*, learner: bool, offset: int, day: dt.date) -> float:
    """An agent's median handle time in the week of ``day``: steady, or for a learner
    ``LEARNING_RATE`` quicker each week of the learning part of its cycle (``offset``:
    where in the cycle the agent's week 0 falls)."""
    if not learner:
        return HANDLE_MEDIAN
    week = (day - EPOCH).days // 7
    phase = (week + offset) % LEARNING_CYCLE_WEEKS
    remaining = max(0, LEARNING_WEEKS - phase)
    return HANDLE_MEDIAN * (1 + LEARNING_RATE) ** remaining
