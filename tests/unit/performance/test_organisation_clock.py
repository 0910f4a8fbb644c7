"""Rule windows and the giving allowance count on the organisation's calendar, never on the
clock of whoever happens to be looking.

Since every request runs on the signed-in person's time zone
(``people.middleware.UserTimeZoneMiddleware``), code that reads "the current time zone"
would give a different day to a worker and to an HR person importing a CSV from Tokyo —
and a different day is a different firing key, so the same week could fire twice.
"""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from performance.models import PerformanceEvent, Rule
from performance.rule_engine import evaluate
from recognition.selectors import allowance_month
from tests.unit.performance.test_processing import (
    MONDAY,
    THANKED,
    at,
    integration,  # noqa: F401 - fixture
    make_event,
    rules,  # noqa: F401 - fixture
    store_pending,
)

pytestmark = pytest.mark.django_db

FAR_AWAY = "Asia/Tokyo"  # 15 hours ahead of the organisation (America/Mexico_City)


def test_a_sunday_evening_compliment_counts_in_its_week_on_any_clock(integration, rules, agent):  # noqa: F811
    # given three compliments in one week, the third on Sunday evening, organisation time:
    # Monday already in Tokyo
    wednesday = at(MONDAY + dt.timedelta(days=2), 11)
    sunday_evening = at(MONDAY + dt.timedelta(days=6), 22)
    ids = store_pending(
        integration,
        [
            make_event(f"wed-{n}", agent=agent, type="customer_compliment", occurred_at=wednesday)
            for n in range(2)
        ]
        + [make_event("late", agent=agent, type="customer_compliment", occurred_at=sunday_evening)],
    )
    event = PerformanceEvent.objects.get(pk=ids[-1])
    rule = Rule.objects.get(name_en=THANKED)

    # when the rule is evaluated by a worker and in a request on a Tokyo clock
    with time_machine.travel(sunday_evening + dt.timedelta(hours=1), tick=False):
        in_worker = evaluate(rule=rule, event=event)
        with timezone.override(FAR_AWAY):
            in_request = evaluate(rule=rule, event=event)

    # then both see the same week: the same firing key, the same window
    assert in_worker is not None
    assert in_request is not None
    assert in_request[0] == in_worker[0]
    assert in_request[2] == in_worker[2] == MONDAY


def test_the_giving_allowance_month_is_the_organisations(settings):
    # given the last evening of March in the organisation, already April in Tokyo
    evening = dt.datetime(2026, 3, 31, 21, 0, tzinfo=timezone.get_default_timezone())

    # when a person in Tokyo gives kudos
    with timezone.override(FAR_AWAY):
        month = allowance_month(now=evening)

    # then their points come from March's allowance, like everyone else's that evening
    assert month == dt.date(2026, 3, 1)
