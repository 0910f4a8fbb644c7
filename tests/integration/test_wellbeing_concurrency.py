"""Races on PostgreSQL: double-submitted check-ins and overlapping reminder jobs."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from notifications.models import Notification
from people.models import Role
from tests.factories import MembershipFactory, TeamFactory
from tests.integration.conftest import run_concurrently
from wellbeing import services
from wellbeing.models import CheckIn, CheckInReminder, MoodTag

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
