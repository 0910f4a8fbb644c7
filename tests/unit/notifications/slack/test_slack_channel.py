"""Notifications reach a linked person as a direct message from the Cuida app, when they
chose Slack for that kind; Slack's rate limits are waited out, a lost link is reported."""

from __future__ import annotations

import pytest

from notifications.kinds import SLACK
from notifications.models import ChannelPreference, Delivery, SlackUserLink
from notifications.services import notify
from notifications.services.deliveries import send_due_deliveries

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(workspace, agent):  # type: ignore[no-untyped-def]
    SlackUserLink.objects.create(workspace=workspace, slack_user_id="U0ANA", user=agent)
    return agent


def thank(user, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return notify(
            user=user,
            kind="kudos",
            message_key="recognition.kudos_received",
            params={"name": "Luis"},
            url="/recognition/",
        )


def test_kudos_arrive_as_a_direct_message(fake_slack, ana, django_capture_on_commit_callbacks):
    thank(ana, django_capture_on_commit_callbacks)

    [message] = fake_slack.called("chat.postMessage")
    assert message["channel"] == "U0ANA"
    assert message["text"] == "Luis thanked you."
    assert Delivery.objects.get(channel=SLACK).status == Delivery.Status.SENT


def test_nobody_unlinked_or_who_said_no_gets_one(
    fake_slack, ana, teammate, django_capture_on_commit_callbacks
):
    ChannelPreference.objects.create(user=ana, kind="kudos", channel=SLACK, enabled=False)

    thank(ana, django_capture_on_commit_callbacks)
    thank(teammate, django_capture_on_commit_callbacks)

    assert fake_slack.called("chat.postMessage") == []
    assert not Delivery.objects.filter(channel=SLACK).exists()


def test_a_rate_limit_is_waited_out_and_sent_once(
    fake_slack, ana, django_capture_on_commit_callbacks, time_machine
):
    # given Slack answers the first post with 429 and Retry-After: 30
    fake_slack.answers["chat.postMessage"] = [
        (429, {"Retry-After": "30"}, {"ok": False, "error": "ratelimited"})
    ]
    time_machine.move_to("2026-06-15 15:00:00+00:00", tick=False)
    thank(ana, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(channel=SLACK)
    assert delivery.status == Delivery.Status.QUEUED

    # when the sweeper runs before and after the wait
    time_machine.shift(10)
    send_due_deliveries()
    time_machine.shift(25)
    send_due_deliveries()
    send_due_deliveries()

    # then it went out once, after Slack's wait
    assert len(fake_slack.called("chat.postMessage")) == 2  # the refused one and the sent one
    assert Delivery.objects.get(channel=SLACK).status == Delivery.Status.SENT


def test_a_link_lost_in_between_is_a_failure_with_its_reason(
    fake_slack, ana, django_capture_on_commit_callbacks, time_machine
):
    ana.time_zone = "Europe/Madrid"
    ana.save(update_fields=["time_zone"])
    time_machine.move_to("2026-06-15 23:00:00+02:00", tick=False)  # quiet hours: it waits
    thank(ana, django_capture_on_commit_callbacks)
    SlackUserLink.objects.filter(user=ana).delete()

    time_machine.move_to("2026-06-16 10:00:00+02:00", tick=False)
    send_due_deliveries()

    delivery = Delivery.objects.get(channel=SLACK)
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.last_error.startswith("Slack:")


def test_the_check_in_reminder_is_never_a_plain_copy_in_slack(
    fake_slack, ana, django_capture_on_commit_callbacks
):
    # The Slack check-in question with its buttons is the reminder there (wellbeing.slack).
    with django_capture_on_commit_callbacks(execute=True):
        notify(user=ana, kind="check_in_reminder", message_key="wellbeing.check_in_reminder")

    assert not Delivery.objects.filter(channel=SLACK).exists()
