"""Rules at exactly their threshold: a windowed mean of 4.5 meets "CSAT ≥ 4.5 over 7 days"
although adding the floats in order gives 4.499999999999999 (issue 12, item 9)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from performance.rule_engine import aggregate, matches

# Mean 4.5 exactly; summed in order (either way round) the float mean is 4.499999999999999.
CSAT = [3.9, 4.0, 4.9, 4.8, 4.9, 3.9, 4.9, 4.9, 4.9, 3.9]


def test_the_chosen_scores_really_miss_when_added_naively():
    assert sum(CSAT) / len(CSAT) < 4.5
    assert sum(reversed(CSAT)) / len(CSAT) < 4.5


@pytest.mark.parametrize(
    ("kind", "values", "expected"),
    [("mean", CSAT, 4.5), ("sum", [0.1] * 10, 1.0), ("mean", [4.4, 4.6], 4.5)],
)
def test_aggregates_are_correctly_rounded_whatever_the_order(kind, values, expected):
    rows = [{"score": v} for v in values]

    assert aggregate(kind, "score", rows) == expected
    assert aggregate(kind, "score", rows[::-1]) == expected


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        (">=", 0.1 + 0.2, True),
        ("<=", 0.1 + 0.2, True),
        ("==", 0.1 + 0.2, True),
        ("!=", 0.1 + 0.2, False),
        (">", 0.1 + 0.2, False),
        ("<", 0.1 + 0.2, False),
        (">=", 0.29, False),
        ("<", 0.29, True),
    ],
)
def test_conditions_treat_rounding_noise_as_equal(op, value, expected):
    # 0.1 + 0.2 is 0.30000000000000004 in floating point
    assert matches({"metric": "x", "op": op, "value": 0.3}, {"x": value}) is expected


def test_a_weekly_csat_mean_of_exactly_4_5_fires_the_rule(db):
    # given "CSAT ≥ 4.5 on average over 7 days" and ten responses whose mean is 4.5
    from people.models import Role
    from performance.defaults import ensure_default_event_types
    from performance.models import EventType, PerformanceEvent, Rule, RuleEffect, RuleFiring
    from performance.services.keys import create_integration
    from performance.services.processing import process_events
    from tests.factories import MembershipFactory

    ensure_default_event_types()
    agent = MembershipFactory(role=Role.AGENT).user
    rule = Rule.objects.create(
        name_en="Warm week",
        name_es="Semana cálida",
        event_type=EventType.objects.get(slug="csat_response"),
        condition={},
        aggregate="mean",
        aggregate_metric="score",
        aggregate_op=">=",
        aggregate_value=4.5,
        min_count=len(CSAT),
        window_days=7,
    )
    RuleEffect.objects.create(rule=rule, kind="feedback", message_en="CSAT {value}!")
    integration = create_integration(actor=None, name="Survey")
    now = timezone.localtime()
    monday = now.replace(hour=8, minute=0) - dt.timedelta(days=now.weekday() + 7)
    events = PerformanceEvent.objects.bulk_create(
        [
            PerformanceEvent(
                integration=integration,
                external_id=f"c{i}",
                agent=agent,
                event_type=rule.event_type,
                occurred_at=monday + dt.timedelta(minutes=i),
                metrics={"score": score},
            )
            for i, score in enumerate(CSAT)
        ]
    )

    # when
    process_events(event_ids=[e.pk for e in events])

    # then the week fired once
    assert RuleFiring.objects.filter(rule=rule, agent=agent).count() == 1


@pytest.mark.parametrize(
    ("language", "shown"), [("es", "CSAT 4,75 en 7 días"), ("en", "CSAT 4.75 en 7 días")]
)
def test_feedback_numbers_follow_the_readers_language(language, shown):
    from django.utils import translation

    from performance.rule_engine import render

    with translation.override(language):
        assert render("CSAT {value} en {days} días", {"value": 4.75, "days": 7}) == shown
