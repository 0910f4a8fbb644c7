"""The declarative rule language (performance/rule_engine.py): conditions, windows, templates."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from django.utils import translation

from performance.rule_engine import (
    InvalidCondition,
    aggregate,
    matches,
    render,
    validate_condition,
    window_start,
)

SCORE_90 = {"metric": "score", "op": ">=", "value": 90}


def nested(levels: int, leaf: dict[str, Any]) -> dict[str, Any]:
    """``leaf`` wrapped in ``levels`` alternating all/any groups."""
    condition = leaf
    for level in range(levels):
        condition = {("all", "any")[level % 2]: [condition]}
    return condition


# --- validate_condition -------------------------------------------------------------------


@pytest.mark.parametrize(
    "condition",
    [
        {},
        SCORE_90,
        {"metric": "handle_time_s", "op": "<", "value": 300.5},
        {"all": [SCORE_90, {"metric": "hold_s", "op": "==", "value": 0}]},
        {
            "any": [
                {"all": [SCORE_90, {"metric": "calls", "op": ">", "value": 10}]},
                {"metric": "rate", "op": "!=", "value": 0.5},
            ]
        },
        nested(4, SCORE_90),
    ],
    ids=["empty", "comparison", "float-value", "all", "nested-any-all", "four-levels"],
)
def test_accepts_well_formed_conditions(condition):
    validate_condition(condition)


@pytest.mark.parametrize(
    ("condition", "reason"),
    [
        ({"metric": "score", "op": "=~", "value": 90}, "Unknown comparison"),
        ({"metric": "score", "op": ">=", "value": "90"}, "must be a number"),
        ({"metric": "score", "op": ">=", "value": True}, "must be a number"),
        ({"metric": "score", "op": ">=", "value": None}, "must be a number"),
        ({"metric": "score", "op": ">=", "value": 90, "weight": 2}, "exactly"),
        ({"metric": "score", "op": ">="}, "exactly"),
        ({"metric": "", "op": ">=", "value": 1}, "metric must be a name"),
        ({"metric": 7, "op": ">=", "value": 1}, "metric must be a name"),
        ({"all": [SCORE_90], "any": [SCORE_90]}, "exactly one key"),
        ({"all": [SCORE_90], "metric": "x"}, "exactly one key"),
        ({"all": []}, "non-empty list"),
        ({"any": SCORE_90}, "non-empty list"),
        ({"all": [SCORE_90, "score >= 90"]}, "must be an object"),
        ([SCORE_90], "must be an object"),
        ("score >= 90", "must be an object"),
        (nested(5, SCORE_90), "four levels"),
    ],
    ids=[
        "unknown-op",
        "string-value",
        "bool-value",
        "null-value",
        "extra-key",
        "missing-value",
        "empty-metric",
        "metric-not-a-string",
        "two-groups",
        "group-and-comparison",
        "empty-group",
        "group-not-a-list",
        "item-not-an-object",
        "list-at-top",
        "string-at-top",
        "five-levels",
    ],
)
def test_refuses_malformed_conditions_with_a_reason(condition, reason):
    with translation.override("en"), pytest.raises(InvalidCondition, match=reason):
        validate_condition(condition)


# --- matches ------------------------------------------------------------------------------


def test_an_empty_condition_matches_every_event():
    assert matches({}, {}) is True
    assert matches({}, {"score": 10}) is True


@pytest.mark.parametrize(
    ("metrics", "expected"),
    [({"score": 90}, True), ({"score": 95.5}, True), ({"score": 89.9}, False)],
)
def test_a_comparison_compares_the_metric_with_the_value(metrics, expected):
    assert matches(SCORE_90, metrics) is expected


@pytest.mark.parametrize("op", [">=", ">", "<=", "<", "==", "!="])
def test_a_missing_metric_makes_any_comparison_false(op):
    assert matches({"metric": "score", "op": op, "value": 90}, {"other": 1}) is False


@pytest.mark.parametrize("value", [True, "95", None, [95]])
def test_a_metric_that_is_not_a_number_never_matches(value):
    assert matches({"metric": "score", "op": "!=", "value": 0}, {"score": value}) is False


def test_groups_combine_with_all_and_any():
    # given "(score >= 90 and hold == 0) or handle time < 120"
    condition = {
        "any": [
            {"all": [SCORE_90, {"metric": "hold_s", "op": "==", "value": 0}]},
            {"metric": "handle_time_s", "op": "<", "value": 120},
        ]
    }

    # then
    assert matches(condition, {"score": 95, "hold_s": 0}) is True
    assert matches(condition, {"score": 95, "hold_s": 30}) is False
    assert matches(condition, {"score": 50, "hold_s": 30, "handle_time_s": 90}) is True
    assert matches(condition, {"score": 95}) is False  # hold missing, handle time missing


# --- window_start -------------------------------------------------------------------------


def test_seven_day_windows_run_monday_to_sunday():
    # given every day of eight weeks, across a year boundary
    first = dt.date(2025, 12, 1)
    days = [first + dt.timedelta(days=n) for n in range(56)]

    for day in days:
        # when
        start = window_start(day, 7)

        # then
        assert start.weekday() == 0, day
        assert start <= day < start + dt.timedelta(days=7), day


def test_every_day_of_one_week_shares_its_window_and_the_next_week_has_the_next():
    monday = dt.date(2026, 3, 16)
    week = [monday + dt.timedelta(days=n) for n in range(7)]

    assert {window_start(day, 7) for day in week} == {monday}
    assert window_start(monday + dt.timedelta(days=7), 7) == monday + dt.timedelta(days=7)
    assert window_start(monday - dt.timedelta(days=1), 7) == monday - dt.timedelta(days=7)


def test_thirty_day_windows_are_fixed_not_calendar_months():
    # given a year of days
    first = dt.date(2026, 1, 1)
    starts = sorted({window_start(first + dt.timedelta(days=n), 30) for n in range(365)})

    # then the windows are contiguous, exactly 30 days apart, counted from one fixed epoch
    assert all(b - a == dt.timedelta(days=30) for a, b in itertools.pairwise(starts))
    assert all((start - dt.date(2000, 1, 3)).days % 30 == 0 for start in starts)
    for n in range(365):
        day = first + dt.timedelta(days=n)
        start = window_start(day, 30)
        assert start <= day < start + dt.timedelta(days=30)


def test_windows_work_for_days_before_the_epoch():
    day = dt.date(1999, 12, 31)  # a Friday
    assert window_start(day, 7) == dt.date(1999, 12, 27)


# --- aggregate ----------------------------------------------------------------------------


def test_aggregates_count_sum_and_mean_ignoring_non_numbers():
    rows = [{"score": 5}, {"score": 4}, {"score": True}, {"other": 1}, {"score": 3.0}]

    assert aggregate("count", "score", rows) == 5.0
    assert aggregate("sum", "score", rows) == 12.0
    assert aggregate("mean", "score", rows) == 4.0
    assert aggregate("mean", "score", [{"other": 1}]) == 0.0


# --- render -------------------------------------------------------------------------------


def test_render_fills_known_placeholders_and_formats_floats_for_the_reader():
    with translation.override("en"):
        message = render(
            "You scored {value} in {count} surveys ({days} days).",
            {"value": 4.7, "count": 10, "days": 7},
        )

    assert message == "You scored 4.7 in 10 surveys (7 days)."


def test_render_keeps_zero_and_leaves_unknown_placeholders_visible():
    assert render("{score} of {max}", {"score": 0}) == "0 of {max}"


@pytest.mark.parametrize(
    "template",
    ["{x.__class__}", "{score.__class__.__mro__}", "{score[0]}", "{score!r}", "{score:>10}"],
)
def test_render_never_evaluates_attribute_or_index_access(template):
    # given a context whose values would leak internals through str.format
    context = {"x": 1, "score": "secret"}

    # when
    rendered = render(template, context)

    # then anything beyond a plain name is left exactly as written
    assert rendered == template
