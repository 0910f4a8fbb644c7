"""One streak everywhere: consecutive local days with a check-in, ending today or yesterday
(``wellbeing.selectors.current_streak``). The check-in page used to count it inside the last
7 days and the history inside the last 30, so one person read 6 on one page and 14 on the
other (issue 12, item 9)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from wellbeing.models import CheckIn
from wellbeing.selectors import current_streak

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 12, 1)


def checked_in(user, *days_ago: int) -> None:  # type: ignore[no-untyped-def]
    CheckIn.objects.bulk_create(
        [
            CheckIn(user=user, local_date=TODAY - dt.timedelta(days=d), mood=3, energy=3, stress=3)
            for d in days_ago
        ]
    )


@pytest.mark.parametrize(
    ("days_ago", "streak"),
    [
        ((), 0),
        ((0,), 1),
        ((1,), 1),  # today still open: yesterday's check-in keeps the streak
        ((2, 3), 0),  # a whole day missed ends it
        ((0, 1, 2, 4), 3),
        ((1, 2, 3), 3),
        (tuple(range(40)), 40),  # longer than any page's period
    ],
)
def test_the_streak_counts_back_from_today_or_yesterday(agent, days_ago, streak):
    checked_in(agent, *days_ago)

    assert current_streak(user=agent, now=NOW) == streak


def test_a_check_in_dated_tomorrow_somewhere_else_does_not_count(agent):
    checked_in(agent, -1, 1, 2)

    assert current_streak(user=agent, now=NOW) == 2


def test_every_page_and_the_api_show_the_same_streak(client, api_client, agent):
    # given fourteen days in a row ending yesterday, and a check-in a month ago
    agent.preferred_language = "en"
    agent.save()
    checked_in(agent, *range(1, 15), 30)
    client.force_login(agent)
    api_client.force_authenticate(agent)

    # when the agent opens the check-in page, both histories and the API
    with time_machine.travel(NOW, tick=False):
        pages = [
            client.get(reverse("wellbeing:check_in")).content.decode(),
            client.get(reverse("wellbeing:history"), {"days": 30}).content.decode(),
            client.get(reverse("wellbeing:history"), {"days": 90}).content.decode(),
        ]
        api = api_client.get("/api/v1/wellbeing/streak/").json()

    # then each says fourteen
    for page in pages:
        assert re.findall(r"(\d+) days in a row", page) == ["14"]
    assert api == {"days": 14, "checked_in_today": False}
