"""A signed-in person reads Cuida on their own clock (``people.middleware.UserTimeZoneMiddleware``,
``people.time``): near midnight UTC, "today" is the day where they are, neither UTC's nor the
server's (``TIME_ZONE``, Mexico City in development)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from people.time import in_time_zone_of, local_today
from wellbeing.models import CheckIn

pytestmark = pytest.mark.django_db

BOGOTA = zoneinfo.ZoneInfo("America/Bogota")

# 04:30 UTC is still the 15th in Bogota (23:30) but the 16th in UTC; 05:30 UTC is already the
# 16th in Bogota (00:30) but still the 15th on the server's clock (Mexico City, 23:30).
MOMENTS = [
    (dt.datetime(2026, 6, 16, 4, 30, tzinfo=dt.UTC), dt.date(2026, 6, 15)),
    (dt.datetime(2026, 6, 16, 5, 30, tzinfo=dt.UTC), dt.date(2026, 6, 16)),
]


@pytest.fixture
def bogota_agent(agent, client):  # type: ignore[no-untyped-def]
    agent.time_zone = "America/Bogota"
    agent.preferred_language = "en"
    agent.save()
    client.force_login(agent)
    return agent


@pytest.mark.parametrize(("moment", "bogota_day"), MOMENTS)
def test_a_page_shows_dates_on_the_persons_clock(bogota_agent, client, moment, bogota_day):  # type: ignore[no-untyped-def]
    # given a notification left for the agent at that moment
    with time_machine.travel(moment, tick=False):
        Notification.objects.create(user=bogota_agent, kind="test", message="Hello")

        # when they open their notifications then
        page = client.get(reverse("notifications:list")).content.decode()

    # then its date is their day in Bogota, not the server's nor UTC's
    assert f"June {bogota_day.day}, 2026" in page
    other_day = bogota_day + dt.timedelta(days=1 if bogota_day.day == 15 else -1)
    assert f"June {other_day.day}, 2026" not in page


@pytest.mark.parametrize(("moment", "bogota_day"), MOMENTS)
def test_todays_check_in_is_on_the_persons_day(bogota_agent, client, moment, bogota_day):  # type: ignore[no-untyped-def]
    with time_machine.travel(moment, tick=False):
        # when they check in on the page near midnight UTC
        client.post(reverse("wellbeing:check_in"), {"mood": 4, "energy": 3, "stress": 2})

        # then the check-in is today's where they are
        assert CheckIn.objects.get(user=bogota_agent).local_date == bogota_day
        # and the page shows it as today's: the form holds what they sent
        page = client.get(reverse("wellbeing:check_in"))
    assert page.context["today"].local_date == bogota_day


@pytest.mark.parametrize(("moment", "bogota_day"), MOMENTS)
def test_a_task_acting_for_the_person_runs_on_their_clock(bogota_agent, moment, bogota_day):  # type: ignore[no-untyped-def]
    with time_machine.travel(moment, tick=False), in_time_zone_of(bogota_agent):
        assert timezone.localdate() == bogota_day
        assert local_today(user=bogota_agent) == bogota_day
