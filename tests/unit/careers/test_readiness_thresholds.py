"""Metric requirements exactly at their threshold, with the clock frozen.

The values below are chosen so that the float mean or sum computed in order (as SQL's AVG and
SUM do) lands one unit in the last place on the wrong side of the threshold, e.g. 21
adherence values whose mean is 92.0 on paper but 91.99999999999999 in floating point. A
person reading "92 vs ≥ 92" expects ✓ (issue 12, item 9)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import translation

from careers.models import Level
from careers.readiness import readiness_of
from performance.models import EventType
from recognition.services.badges import award_badge
from tests.unit.careers.test_readiness import NOW, event, place, require

# Mean 92.0 exactly (their tenths sum to 19320), yet the float mean is 91.99999999999999.
ADHERENCE = [93.0, 88.6, 93.0, 91.6, 92.5, 96.0, 94.1, 95.3, 93.6, 88.6, 90.1]
ADHERENCE += [90.0, 94.1, 88.7, 95.0, 88.2, 90.1, 88.8, 94.1, 93.5, 93.1]
# Mean 4.5 exactly; float mean 4.499999999999999.
CSAT = [3.9, 4.0, 4.9, 4.8, 4.9, 3.9, 4.9, 4.9, 4.9, 3.9]
# Sum 1.0 exactly; float sum 0.9999999999999999.
TENTHS = [0.1] * 10
# Mean 180.3 exactly; float mean 180.30000000000004.
HANDLE_TIMES = [200.4, 177.2, 164.8, 155.9, 172.4, 162.0, 195.2, 209.5, 190.2, 199.7, 183.4]
HANDLE_TIMES += [152.9]


@pytest.fixture(autouse=True)
def _frozen_english_reader(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path  # awarding a badge draws its image
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def adherence_type(db):  # type: ignore[no-untyped-def]
    return EventType.objects.get_or_create(
        slug="adherence", defaults={"name_en": "Adherence", "name_es": "Adherencia"}
    )[0]


def metric(hr_admin: Any, level: Level, event_type: EventType, name: str, **fields: Any) -> None:
    require(
        hr_admin,
        level,
        "metric",
        event_type_id=event_type.pk,
        metric=name,
        window_days=30,
        min_events=1,
        **fields,
    )


def store(integration: Any, agent: Any, event_type: EventType, name: str, values: list) -> None:
    for i, value in enumerate(values):  # oldest first
        ago = dt.timedelta(hours=len(values) - i)
        event(integration, agent, event_type, ago=ago, **{name: value})


def test_the_chosen_values_really_miss_in_floating_point():
    # guards the fixtures above: summed in either order (the database may read the events
    # oldest or newest first), without tolerance each lands on the wrong side
    for ordered in (list, lambda values: values[::-1]):
        assert sum(ordered(ADHERENCE)) / len(ADHERENCE) < 92
        assert sum(ordered(CSAT)) / len(CSAT) < 4.5
        assert sum(ordered(TENTHS)) < 1
        assert sum(ordered(HANDLE_TIMES)) / len(HANDLE_TIMES) > 180.3
    assert sum(round(v * 10) for v in ADHERENCE) == 92 * 21 * 10


@pytest.mark.parametrize(
    ("values", "aggregate", "operator", "threshold", "shown"),
    [
        (ADHERENCE, "mean", ">=", 92, "Now 92 over 21 events (needs ≥ 92)."),
        (CSAT, "mean", ">=", 4.5, "Now 4.5 over 10 events (needs ≥ 4.5)."),
        (TENTHS, "sum", ">=", 1, "Now 1 over 10 events (needs ≥ 1)."),
        (HANDLE_TIMES, "mean", "<=", 180.3, "Now 180.3 over 12 events (needs ≤ 180.3)."),
    ],
    ids=["mean-92", "mean-4.5", "sum-1", "at-most-180.3"],
)
def test_a_value_exactly_at_the_threshold_meets_it(
    hr_admin,
    agent,
    level_two,
    adherence_type,
    integration,
    values,
    aggregate,
    operator,
    threshold,
    shown,
):
    metric(
        hr_admin,
        level_two,
        adherence_type,
        "value",
        aggregate=aggregate,
        operator=operator,
        threshold=threshold,
    )
    store(integration, agent, adherence_type, "value", values)

    (status,) = readiness_of(agent=agent, level=level_two).statuses

    assert status.met
    assert status.evidence == shown


@pytest.mark.parametrize(
    ("values", "aggregate", "operator", "threshold"),
    [
        ([91.9], "mean", ">=", 92),
        ([4.4, 4.5], "mean", ">=", 4.5),
        ([0.1] * 9, "sum", ">=", 1),
        ([180.4], "mean", "<=", 180.3),
    ],
)
def test_a_value_one_tenth_short_still_misses(
    hr_admin,
    agent,
    level_two,
    adherence_type,
    integration,
    values,
    aggregate,
    operator,
    threshold,
):
    metric(
        hr_admin,
        level_two,
        adherence_type,
        "value",
        aggregate=aggregate,
        operator=operator,
        threshold=threshold,
    )
    store(integration, agent, adherence_type, "value", values)

    (status,) = readiness_of(agent=agent, level=level_two).statuses

    assert not status.met


def test_readiness_counts_the_exact_adherence_as_met(
    hr_admin, agent, level_one, level_two, badge, adherence_type, integration
):
    # given seven requirements: tenure, badge and CSAT met, adherence at exactly 92,
    # training-like requirements (endorsement, two unreachable metrics) not met
    require(hr_admin, level_two, "tenure", min_tenure_days=10)
    require(hr_admin, level_two, "badge", badge_class_id=badge.pk)
    require(hr_admin, level_two, "endorsement")
    metric(
        hr_admin,
        level_two,
        adherence_type,
        "adherence",
        aggregate="mean",
        operator=">=",
        threshold=92,
    )
    metric(
        hr_admin, level_two, adherence_type, "csat", aggregate="mean", operator=">=", threshold=4.5
    )
    metric(
        hr_admin, level_two, adherence_type, "sales", aggregate="sum", operator=">=", threshold=1000
    )
    metric(
        hr_admin, level_two, adherence_type, "score", aggregate="mean", operator=">=", threshold=99
    )
    place(agent, level_one, days_ago=20)
    award_badge(badge_class=badge, recipient=agent, awarded_by=hr_admin)
    store(integration, agent, adherence_type, "adherence", ADHERENCE)
    store(integration, agent, adherence_type, "csat", [5.0])

    # when
    readiness = readiness_of(agent=agent, level=level_two)

    # then 4 of 7, not 3 of 7
    assert (readiness.met_count, readiness.total) == (4, 7)
    assert readiness.percent == 57


@pytest.mark.parametrize(
    ("language", "evidence", "since"),
    [
        ("es", "Ahora 4,5 en 10 eventos (se necesita ≥ 4,5).", "La tiene desde el 15/06/2026."),
        ("en", "Now 4.5 over 10 events (needs ≥ 4.5).", "Held since Jun 15, 2026."),
    ],
)
def test_evidence_reads_numbers_and_dates_in_the_readers_format(
    hr_admin, agent, level_two, badge, adherence_type, integration, language, evidence, since
):
    metric(
        hr_admin, level_two, adherence_type, "csat", aggregate="mean", operator=">=", threshold=4.5
    )
    require(hr_admin, level_two, "badge", badge_class_id=badge.pk)
    store(integration, agent, adherence_type, "csat", CSAT)
    award_badge(badge_class=badge, recipient=agent, awarded_by=hr_admin)

    with translation.override(language):
        statuses = readiness_of(agent=agent, level=level_two).statuses

    assert sorted(s.evidence for s in statuses) == sorted([evidence, since])
