"""Upgrading: the reminder's shift start, quiet hours and "also by e-mail" move from the
wellbeing preferences to the person's notification choices, unchanged for them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.db import connection

from notifications import routing
from notifications.kinds import EMAIL
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _every_app_migrated_afterwards():  # type: ignore[no-untyped-def]
    yield
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_reminder_times_and_email_choice_survive_the_upgrade():
    # given a person's reminder settings as wellbeing kept them
    early, default = UserFactory(), UserFactory()
    call_command("migrate", "wellbeing", "0004", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wellbeing_wellbeingpreference (user_id, reminders_enabled, shift_start,"
            " quiet_hours_start, quiet_hours_end, email_reminders)"
            " VALUES (%s, %s, %s, %s, %s, %s), (%s, %s, %s, %s, %s, %s)",
            [
                *(early.pk, True, "06:30", "22:00", "06:00", True),
                *(default.pk, True, "09:00", "21:00", "07:00", False),
            ],
        )

    # when the upgrade migrates
    call_command("migrate", "wellbeing", verbosity=0)

    # then the hours and the e-mail choice are the person's notification choices
    hours = routing.hours_of(user_id=early.pk)
    assert (hours.shift_start, hours.quiet_hours_start, hours.quiet_hours_end) == (
        dt.time(6, 30),
        dt.time(22),
        dt.time(6),
    )
    assert hours.shift_end is None  # no shift to wait for: nothing is held back
    assert routing.grid_for(user_id=early.pk)["check_in_reminder"][EMAIL].enabled is True
    assert routing.grid_for(user_id=default.pk)["check_in_reminder"][EMAIL].enabled is False
