"""Wellbeing in the weekly digest: a lead's teams and HR's company as the published
anonymous trends, only where the minimum group size holds (invariant 4); never a person's
check-in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from notifications.models import Digest
from notifications.services.digests import send_due_digests
from people.models import Membership, Role
from wellbeing.models import CheckIn
from wellbeing.services.trends import publish_trends

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 11, 30)
LAST_WEEK = dt.date(2026, 11, 23)
NOTE = "I cried after the third call"


def add(people, day, *, mood=3):  # type: ignore[no-untyped-def]
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                user=p,
                team_id=Membership.objects.get(user=p, role=Role.AGENT).team_id,
                local_date=day,
                mood=mood,
                energy=3,
                stress=2,
                note=NOTE,
            )
            for p in people
        ]
    )


def monday_morning(zone: str, capture) -> None:  # type: ignore[no-untyped-def]
    """The beat's runs of that Monday up to 09:00 in ``zone``: trends first, then digests."""
    at = dt.datetime.combine(MONDAY, dt.time(9), tzinfo=ZoneInfo(zone))
    with time_machine.travel(at, tick=False), capture(execute=True):
        publish_trends(now=at)
        send_due_digests()


def set_zone(person, zone: str) -> None:  # type: ignore[no-untyped-def]
    person.time_zone = ZoneInfo(zone)
    person.save(update_fields=["time_zone"])


def trends_of(person) -> dict | None:  # type: ignore[no-untyped-def]
    digest = Digest.objects.get(user=person)
    by_name = {s["name"]: s for s in digest.sections.get("en", [])}
    return by_name.get("wellbeing.team_trends") or by_name.get("wellbeing.company_trends")


def test_a_team_below_the_minimum_shows_no_trend_and_sends_no_digest(
    team_lead, make_agents, django_capture_on_commit_callbacks
):
    # given one person fewer than the minimum group size checked in last week
    set_zone(team_lead, "America/Bogota")
    add(make_agents(settings.WELLBEING_MIN_GROUP_SIZE - 1), LAST_WEEK + dt.timedelta(days=1))

    monday_morning("America/Bogota", django_capture_on_commit_callbacks)

    # then "not enough responses" is no news: the lead's week had nothing to say
    digest = Digest.objects.get(user=team_lead)
    assert digest.sent is False
    assert digest.sections == {}


def test_a_team_at_the_minimum_shows_its_trend(
    team_lead, make_agents, django_capture_on_commit_callbacks
):
    # given exactly the minimum group size checked in last week (Bogotá: published by then)
    set_zone(team_lead, "America/Bogota")
    agents = make_agents(settings.WELLBEING_MIN_GROUP_SIZE)
    add(agents, LAST_WEEK + dt.timedelta(days=1), mood=4)

    monday_morning("America/Bogota", django_capture_on_commit_callbacks)

    # then the lead reads how many checked in and the averages of last week, nothing personal
    section = trends_of(team_lead)
    assert section is not None
    [item] = section["items"]
    k = settings.WELLBEING_MIN_GROUP_SIZE
    assert item["text"] == (
        f"Soporte, week of November 23, 2026: {k} people checked in. That is 100% of the group."
    )
    assert item["detail"].startswith("Average mood 4.0, energy 3.0, stress 2.0")
    assert NOTE not in str(Digest.objects.get(user=team_lead).sections)


def test_with_fewer_than_the_minimum_within_a_shown_week_the_comparison_stays_hidden(
    team_lead, make_agents, django_capture_on_commit_callbacks
):
    # given a shown week two weeks ago and a thin week last week
    set_zone(team_lead, "America/Bogota")
    k = settings.WELLBEING_MIN_GROUP_SIZE
    agents = make_agents(k)
    add(agents, LAST_WEEK - dt.timedelta(days=6), mood=2)
    add(agents[: k - 1], LAST_WEEK + dt.timedelta(days=1), mood=5)

    monday_morning("America/Bogota", django_capture_on_commit_callbacks)

    # then the latest week says "not enough responses" and no change is given
    digest = Digest.objects.get(user=team_lead)
    assert digest.sent is False
    assert "up" not in str(digest.sections)


def test_before_the_week_is_published_everywhere_the_latest_published_week_is_named(
    team_lead, make_agents, django_capture_on_commit_callbacks
):
    # given check-ins two weeks ago and last week; in Madrid at 09:00 on Monday last week
    # has not ended in every time zone yet, so it is not published
    set_zone(team_lead, "Europe/Madrid")
    agents = make_agents(settings.WELLBEING_MIN_GROUP_SIZE)
    add(agents, LAST_WEEK - dt.timedelta(days=6), mood=3)
    add(agents, LAST_WEEK + dt.timedelta(days=1), mood=5)

    monday_morning("Europe/Madrid", django_capture_on_commit_callbacks)

    # then the digest names the week before, the latest one published
    [item] = trends_of(team_lead)["items"]  # type: ignore[index]
    assert "week of November 16, 2026" in item["text"]
    assert item["detail"].startswith("Average mood 3.0")


def test_the_change_on_the_week_before_is_given_when_both_are_shown(
    team_lead, make_agents, django_capture_on_commit_callbacks
):
    set_zone(team_lead, "America/Bogota")
    agents = make_agents(settings.WELLBEING_MIN_GROUP_SIZE)
    add(agents, LAST_WEEK - dt.timedelta(days=6), mood=3)
    add(agents, LAST_WEEK + dt.timedelta(days=1), mood=4)

    monday_morning("America/Bogota", django_capture_on_commit_callbacks)

    [item] = trends_of(team_lead)["items"]  # type: ignore[index]
    assert item["detail"].endswith("Mood up 1.0 on the week before.")


def test_hr_reads_the_company_under_the_same_rule(
    hr_admin, team, other_team, make_agents, django_capture_on_commit_callbacks
):
    # given the minimum group size spread over two teams
    set_zone(hr_admin, "America/Bogota")
    k = settings.WELLBEING_MIN_GROUP_SIZE
    add(make_agents(k - 2), LAST_WEEK + dt.timedelta(days=2))
    add(make_agents(2, of_team=other_team), LAST_WEEK + dt.timedelta(days=2))

    monday_morning("America/Bogota", django_capture_on_commit_callbacks)

    # then HR read the company's week, and no team's
    section = trends_of(hr_admin)
    assert section is not None
    assert section["name"] == "wellbeing.company_trends"
    [item] = section["items"]
    assert item["text"].startswith(f"The company, week of November 23, 2026: {k} people")
    assert "Soporte" not in str(section)
