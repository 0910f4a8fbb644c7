"""The daily check-in in Slack: a direct message at each linked agent's shift start, in
their own time zone, once a day; a tap saves the check-in and the message becomes
"✓ Saved", the same whatever was tapped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from notifications.models import (
    ChannelDefault,
    ChannelPreference,
    DeliveryHours,
    SlackRequest,
    SlackUserLink,
)
from tests.unit.notifications.slack.conftest import interactive, post_form
from wellbeing import slack_blocks
from wellbeing.models import CheckIn, SlackCheckInPrompt
from wellbeing.tasks import send_slack_check_ins_task

pytestmark = pytest.mark.django_db

MADRID, MEXICO, TOKYO = "Europe/Madrid", "America/Mexico_City", "Asia/Tokyo"


@pytest.fixture
def linked(workspace, agent, teammate, other_team_agent):
    people = {
        "U0ANA": (agent, MEXICO),
        "U0TOM": (teammate, MADRID),
        "U0OLG": (other_team_agent, TOKYO),
    }
    for slack_id, (person, zone) in people.items():
        person.time_zone = zone
        person.save(update_fields=["time_zone"])
        SlackUserLink.objects.create(workspace=workspace, slack_user_id=slack_id, user=person)
        # Each chose Slack for their check-in reminders (My notifications).
        ChannelPreference.objects.create(
            user=person, kind="check_in_reminder", channel="slack", enabled=True
        )
    return people


def _at(zone: str, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 12, 2, hour, minute, tzinfo=ZoneInfo(zone))


def _run_beat(django_capture_on_commit_callbacks, when: dt.datetime) -> None:
    with time_machine.travel(when, tick=False), django_capture_on_commit_callbacks(execute=True):
        send_slack_check_ins_task()


def _dm_channels(fake_slack) -> list[str]:
    return [call["channel"] for call in fake_slack.called("chat.postMessage")]


@pytest.mark.parametrize(
    ("zone", "slack_id"), [(MADRID, "U0TOM"), (MEXICO, "U0ANA"), (TOKYO, "U0OLG")]
)
def test_the_message_goes_out_once_at_shift_start_in_each_time_zone(
    fake_slack, linked, zone, slack_id, django_capture_on_commit_callbacks
) -> None:
    # given everyone's shift starts at 09:00 on their own clock
    # when the job runs just before, just after (twice) and later that morning there
    for hour, minute in [(8, 55), (9, 5), (9, 15), (10, 30)]:
        _run_beat(django_capture_on_commit_callbacks, _at(zone, hour, minute))

    # then only the person in that zone got it, once, with the five choices
    assert _dm_channels(fake_slack) == [slack_id]
    [message] = fake_slack.called("chat.postMessage")
    [buttons] = [block for block in message["blocks"] if block["type"] == "actions"]
    assert [button["value"] for button in buttons["elements"]] == ["1", "2", "3", "4", "5"]
    assert SlackCheckInPrompt.objects.get().sent_at is not None


def test_nobody_who_checked_in_or_is_not_linked_gets_it(
    fake_slack, linked, agent, teammate, team_lead, django_capture_on_commit_callbacks
) -> None:
    CheckIn.objects.create(
        user=teammate, local_date=dt.date(2026, 12, 2), mood=4, energy=4, stress=2
    )

    _run_beat(django_capture_on_commit_callbacks, _at(MADRID, 9, 5))

    assert _dm_channels(fake_slack) == []


def test_only_those_who_chose_slack_for_reminders_get_it(
    fake_slack, linked, teammate, django_capture_on_commit_callbacks
) -> None:
    ChannelPreference.objects.filter(user=teammate).update(enabled=False)

    _run_beat(django_capture_on_commit_callbacks, _at(MADRID, 9, 5))

    assert _dm_channels(fake_slack) == []


def test_hr_can_make_slack_the_default_for_reminders(
    fake_slack, linked, django_capture_on_commit_callbacks
) -> None:
    ChannelPreference.objects.all().delete()
    ChannelDefault.objects.create(kind="check_in_reminder", channel="slack", enabled=True)

    _run_beat(django_capture_on_commit_callbacks, _at(MADRID, 9, 5))

    assert _dm_channels(fake_slack) == ["U0TOM"]


def test_the_message_follows_the_persons_own_shift_start(
    fake_slack, linked, teammate, django_capture_on_commit_callbacks
) -> None:
    DeliveryHours.objects.create(user=teammate, shift_start=dt.time(14, 0))

    _run_beat(django_capture_on_commit_callbacks, _at(MADRID, 9, 5))
    _run_beat(django_capture_on_commit_callbacks, _at(MADRID, 14, 5))

    assert _dm_channels(fake_slack) == ["U0TOM"]
    assert SlackCheckInPrompt.objects.get().local_date == dt.date(2026, 12, 2)


def test_slack_busy_means_the_next_run_tries_again(
    fake_slack, linked, django_capture_on_commit_callbacks
) -> None:
    fake_slack.answers["chat.postMessage"] = [
        (429, {"Retry-After": "30"}, {"ok": False, "error": "ratelimited"})
    ]

    _run_beat(django_capture_on_commit_callbacks, _at(MADRID, 9, 5))
    _run_beat(django_capture_on_commit_callbacks, _at(MADRID, 9, 15))
    _run_beat(django_capture_on_commit_callbacks, _at(MADRID, 9, 25))

    assert _dm_channels(fake_slack) == ["U0TOM", "U0TOM"]  # refused once, then sent
    assert SlackCheckInPrompt.objects.get().sent_at is not None


@contextmanager
def _morning(captured) -> Iterator[None]:
    """09:30 in Madrid, tasks run on commit."""
    with time_machine.travel(_at(MADRID, 9, 30), tick=False), captured(execute=True):
        yield


def _tap(client, fake_slack, *, slack_id: str, mood: int, day: str, trigger: str) -> None:
    payload = {
        "type": "block_actions",
        "team": {"id": "T0CUIDA01", "domain": "cuida"},
        "user": {"id": slack_id, "team_id": "T0CUIDA01"},
        "api_app_id": "A0CUIDA",
        "trigger_id": trigger,
        "container": {"type": "message", "channel_id": f"D{slack_id}", "message_ts": "1.000100"},
        "channel": {"id": f"D{slack_id}"},
        "response_url": fake_slack.response_url,
        "actions": [
            {
                "type": "button",
                "action_id": f"wellbeing_mood:{mood}",
                "block_id": f"wellbeing_check_in:{day}",
                "value": str(mood),
                "action_ts": "1700000000.1",
            }
        ],
    }
    response = post_form(client, interactive(payload))
    assert response.status_code == 200


def test_a_tap_saves_the_check_in_and_the_message_never_shows_the_mood(
    client, fake_slack, linked, agent, teammate, django_capture_on_commit_callbacks
) -> None:
    # given two people answer the same morning with different moods
    with _morning(django_capture_on_commit_callbacks):
        _tap(client, fake_slack, slack_id="U0TOM", mood=1, day="2026-12-02", trigger="t1")
        _tap(client, fake_slack, slack_id="U0ANA", mood=5, day="2026-12-02", trigger="t2")

    # then their check-ins are saved
    assert CheckIn.objects.get(user=teammate).mood == 1
    assert CheckIn.objects.get(user=agent).mood == 5
    # and each message became the same "saved", whatever was tapped: no mood in Slack
    first, second = fake_slack.called("chat.update")
    assert (first["channel"], second["channel"]) == ("DU0TOM", "DU0ANA")
    shown = [{key: update[key] for key in ("text", "blocks")} for update in (first, second)]
    assert shown[0] == shown[1]
    assert not any(block["type"] == "actions" for block in first["blocks"])
    # in the person's language (English, the factory's), whatever the site's
    with translation.override(teammate.preferred_language):
        assert first["text"] == slack_blocks.saved()[0]
    assert fake_slack.called("response") == []
    # and the tapped value is not kept with the request either
    assert all(request.payload == {} for request in SlackRequest.objects.all())


def test_a_tap_keeps_the_rest_of_todays_check_in(
    client, fake_slack, linked, teammate, django_capture_on_commit_callbacks
) -> None:
    CheckIn.objects.create(
        user=teammate, local_date=dt.date(2026, 12, 2), mood=2, energy=5, stress=1, note="ok"
    )

    with _morning(django_capture_on_commit_callbacks):
        _tap(client, fake_slack, slack_id="U0TOM", mood=4, day="2026-12-02", trigger="t1")

    check_in = CheckIn.objects.get(user=teammate)
    assert (check_in.mood, check_in.energy, check_in.stress, check_in.note) == (4, 5, 1, "ok")


def test_yesterdays_question_saves_nothing(
    client, fake_slack, linked, teammate, django_capture_on_commit_callbacks
) -> None:
    with _morning(django_capture_on_commit_callbacks):
        _tap(client, fake_slack, slack_id="U0TOM", mood=3, day="2026-12-01", trigger="t1")

    assert CheckIn.objects.count() == 0
    [update] = fake_slack.called("chat.update")
    with translation.override(teammate.preferred_language):
        assert update["text"] == slack_blocks.expired()[0]
