"""Races on PostgreSQL: double-submitted check-ins, overlapping reminder and trend jobs."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from notifications.models import Notification
from people.models import Role
from tests.factories import MembershipFactory, TeamFactory
from tests.integration.conftest import run_concurrently
from wellbeing import services
from wellbeing.models import CheckIn, CheckInReminder, MoodTag, TrendCell
from wellbeing.services.trends import publish_trends

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_simultaneous_check_ins_of_one_person_make_one_row():
    # given (transactional tests start without the tags the data migration made)
    MoodTag.objects.get_or_create(
        slug="tired", defaults={"name_en": "Tired", "name_es": "Cansancio"}
    )
    agent = MembershipFactory(role=Role.AGENT).user

    _results, errors = run_concurrently(
        12,
        lambda i: services.record_check_in(
            user=agent, mood=1 + i % 5, energy=3, stress=3, tag_slugs=["tired"]
        ),
    )

    assert errors == []
    assert CheckIn.objects.filter(user=agent).count() == 1
    assert CheckIn.tags.through.objects.filter(checkin__user=agent).count() == 1


def test_overlapping_reminder_jobs_remind_each_agent_once():
    team = TeamFactory()
    agents = [MembershipFactory(team=team, role=Role.AGENT).user for _ in range(20)]
    for agent in agents:
        agent.time_zone = "Europe/Madrid"
        agent.save()
    nine = dt.datetime(2026, 6, 15, 9, 5, tzinfo=zoneinfo.ZoneInfo("Europe/Madrid"))

    with time_machine.travel(nine, tick=False):
        _results, errors = run_concurrently(6, lambda i: services.send_due_reminders())

    assert errors == []
    assert CheckInReminder.objects.count() == 20
    assert Notification.objects.filter(kind="check_in_reminder").count() == 20


def test_overlapping_trend_jobs_publish_each_window_once():
    # given two teams with eight weeks of check-ins (two whole months: May and June 2026)
    monday = dt.date(2026, 5, 4)
    for team in (TeamFactory(), TeamFactory()):
        agents = [MembershipFactory(team=team, role=Role.AGENT).user for _ in range(6)]
        CheckIn.objects.bulk_create(
            [
                CheckIn(
                    user=a,
                    team=team,
                    local_date=monday + dt.timedelta(days=d),
                    mood=3,
                    energy=3,
                    stress=3,
                )
                for a in agents
                for d in range(56)
            ]
        )
    after = dt.datetime(2026, 7, 1, tzinfo=dt.UTC)

    # when six beat runs overlap
    results, errors = run_concurrently(6, lambda i: publish_trends(now=after))

    # then every window is stored once, by whichever run got there first
    assert errors == []
    scopes = 3  # two teams and the company
    assert sum(results) == TrendCell.objects.count() == scopes * (8 * 8 + 2)
    assert publish_trends(now=after) == 0
