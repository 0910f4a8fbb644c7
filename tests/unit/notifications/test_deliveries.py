"""A notification reaches a person on the channels they chose, when their hours allow,
once, and in their language."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo

import pytest
import time_machine
from django.core import mail

from notifications import channels
from notifications.channels import Channel, Outgoing, RetryLater, Undeliverable
from notifications.kinds import EMAIL
from notifications.models import ChannelDefault, ChannelPreference, Delivery, DeliveryHours
from notifications.services import notify
from notifications.services.deliveries import MAX_ATTEMPTS, send_delivery, send_due_deliveries

pytestmark = pytest.mark.django_db

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def madrid(hour: int, minute: int = 0, day: int = 15) -> dt.datetime:
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=MADRID)


@pytest.fixture
def madrid_agent(agent):  # type: ignore[no-untyped-def]
    agent.time_zone = "Europe/Madrid"
    agent.preferred_language = "es"
    agent.save()
    return agent


def wants_kudos_by_email(user) -> None:  # type: ignore[no-untyped-def]
    ChannelPreference.objects.create(user=user, kind="kudos", channel=EMAIL, enabled=True)


def thank(user, django_capture_on_commit_callbacks, name: str = "Ana"):  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        return notify(
            user=user,
            kind="kudos",
            message_key="recognition.kudos_received",
            params={"name": name},
            url="/recognition/",
        )


def test_a_kudos_arrives_by_email_in_the_readers_language(
    madrid_agent, django_capture_on_commit_callbacks
):
    wants_kudos_by_email(madrid_agent)
    with time_machine.travel(madrid(18), tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)

    [message] = mail.outbox
    assert message.to == [madrid_agent.email]
    assert "Ana te dio las gracias." in message.body
    assert "Kudos que recibes" in message.subject
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_no_email_when_the_person_did_not_choose_it(agent, django_capture_on_commit_callbacks):
    thank(agent, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert not Delivery.objects.filter(channel=EMAIL).exists()


def test_unknown_kind_fails_loudly(agent):
    with pytest.raises(ValueError, match="belongs to no NotificationKind"):
        notify(user=agent, kind="made_up", message="hi")


def test_quiet_hours_hold_a_delivery_until_they_end(
    madrid_agent, django_capture_on_commit_callbacks
):
    # given quiet hours from 21:00 to 07:00 (the defaults)
    wants_kudos_by_email(madrid_agent)
    with time_machine.travel(madrid(22, 30), tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert mail.outbox == []
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.next_attempt_at == madrid(7, day=16)

    # when the sweeper runs before and after the quiet hours end
    with time_machine.travel(madrid(6, 59, day=16), tick=False):
        send_due_deliveries()
    assert mail.outbox == []
    with time_machine.travel(madrid(7, 1, day=16), tick=False):
        send_due_deliveries()

    # then it arrives once, in the morning
    assert len(mail.outbox) == 1
    assert Delivery.objects.get().status == Delivery.Status.SENT


def test_a_shift_holds_deliveries_until_it_ends(madrid_agent, django_capture_on_commit_callbacks):
    wants_kudos_by_email(madrid_agent)
    DeliveryHours.objects.create(
        user=madrid_agent, shift_start=dt.time(9), shift_end=dt.time(17, 30)
    )
    with time_machine.travel(madrid(11), tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert Delivery.objects.get().next_attempt_at == madrid(17, 30)


def test_a_shift_ending_in_quiet_hours_waits_for_the_morning(
    madrid_agent, django_capture_on_commit_callbacks
):
    wants_kudos_by_email(madrid_agent)
    DeliveryHours.objects.create(user=madrid_agent, shift_start=dt.time(14), shift_end=dt.time(22))
    with time_machine.travel(madrid(15), tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)

    assert Delivery.objects.get().next_attempt_at == madrid(7, day=16)


def test_something_that_cannot_wait_ignores_quiet_hours(
    madrid_agent, django_capture_on_commit_callbacks
):
    with (
        time_machine.travel(madrid(23), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        notify(
            user=madrid_agent,
            kind="chat_request",
            message_key="wellbeing.chat_requested",
            params={"name": "Luis"},
        )

    [message] = mail.outbox
    # A private kind says only that there is news, even by e-mail.
    assert "Luis" not in message.body
    assert "Tienes algo nuevo en Cuida." in message.body


def test_over_the_daily_cap_similar_messages_come_together_the_next_day(
    madrid_agent, django_capture_on_commit_callbacks
):
    # given a cap of two e-mails a day
    wants_kudos_by_email(madrid_agent)
    DeliveryHours.objects.create(user=madrid_agent, daily_cap=2)

    # when five people thank them in the afternoon
    with time_machine.travel(madrid(15), tick=False):
        for name in ("Ana", "Luis", "Sara", "Pau", "Noa"):
            thank(madrid_agent, django_capture_on_commit_callbacks, name=name)

    # then two e-mails arrive today, and the other three wait for tomorrow
    assert len(mail.outbox) == 2
    waiting = Delivery.objects.filter(status=Delivery.Status.QUEUED)
    assert waiting.count() == 3
    assert {d.next_attempt_at for d in waiting} == {madrid(7, day=16)}

    # and tomorrow they arrive as one e-mail
    with time_machine.travel(madrid(7, 5, day=16), tick=False):
        send_due_deliveries()
    assert len(mail.outbox) == 3
    assert "(y 2 más como este)" in mail.outbox[2].body
    statuses = sorted(Delivery.objects.values_list("status", flat=True))
    assert statuses == ["collapsed", "collapsed", "sent", "sent", "sent"]


def test_a_replayed_task_sends_once(madrid_agent, django_capture_on_commit_callbacks):
    wants_kudos_by_email(madrid_agent)
    with time_machine.travel(madrid(18), tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)
        delivery = Delivery.objects.get()

        assert send_delivery(delivery_id=delivery.pk) == "skipped"
        assert send_due_deliveries() == 0
    assert len(mail.outbox) == 1


class Flaky(Channel):
    """A channel that fails the way SMTP or a chat API does."""

    name = EMAIL

    def __init__(self, error: Exception) -> None:
        self.error = error

    def send(self, outgoing: Outgoing) -> None:
        raise self.error


@pytest.fixture
def failing_email(monkeypatch):  # type: ignore[no-untyped-def]
    def install(error: Exception) -> None:
        monkeypatch.setattr(channels, "_installed", lambda: {EMAIL: Flaky(error)})

    return install


def test_a_failing_channel_retries_with_backoff_then_fails_with_its_reason(
    madrid_agent, failing_email, django_capture_on_commit_callbacks
):
    wants_kudos_by_email(madrid_agent)
    failing_email(RetryLater("SMTP down"))
    start = madrid(18)
    with time_machine.travel(start, tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_error) == ("queued", 1, "SMTP down")
    assert delivery.next_attempt_at == start + dt.timedelta(minutes=1)

    waits = []
    for _attempt in range(MAX_ATTEMPTS):
        due = Delivery.objects.get().next_attempt_at
        waits.append(due)
        with time_machine.travel(due, tick=False):
            send_due_deliveries()
        if Delivery.objects.get().status == Delivery.Status.FAILED:
            break

    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert delivery.attempts == MAX_ATTEMPTS
    gaps = [later - earlier for earlier, later in itertools.pairwise(waits)]
    assert gaps == sorted(gaps)
    assert gaps[-1] > gaps[0]


def test_retry_after_from_the_other_side_is_honoured(
    madrid_agent, failing_email, django_capture_on_commit_callbacks
):
    wants_kudos_by_email(madrid_agent)
    failing_email(RetryLater("429", retry_after=900))
    with time_machine.travel(madrid(18), tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)

    assert Delivery.objects.get().next_attempt_at == madrid(18, 15)


def test_an_undeliverable_message_fails_at_once(
    madrid_agent, failing_email, django_capture_on_commit_callbacks
):
    wants_kudos_by_email(madrid_agent)
    failing_email(Undeliverable("Address bounced."))
    with time_machine.travel(madrid(18), tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)

    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.last_error) == ("failed", "Address bounced.")


def test_one_failing_channel_does_not_stop_another(
    agent, teammate, monkeypatch, django_capture_on_commit_callbacks
):
    # given e-mail works for one person and crashes for the other
    class Picky(Channel):
        name = EMAIL

        def send(self, outgoing: Outgoing) -> None:
            if outgoing.user == agent:
                raise RuntimeError("a bug")
            mail.outbox.append(outgoing)  # type: ignore[arg-type]

    monkeypatch.setattr(channels, "_installed", lambda: {EMAIL: Picky()})
    ChannelDefault.objects.create(kind="kudos", channel=EMAIL, enabled=True)

    # when both are thanked in one transaction (one task sends both)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            user=agent, kind="kudos", message_key="recognition.kudos_received", params={"name": "A"}
        )
        notify(
            user=teammate,
            kind="kudos",
            message_key="recognition.kudos_received",
            params={"name": "A"},
        )

    # then the teammate's arrives and the agent's waits for the sweeper
    assert [o.user for o in mail.outbox] == [teammate]
    assert Delivery.objects.get(user=agent).status == Delivery.Status.QUEUED


def test_turning_a_channel_off_while_a_message_waits_stops_it(
    madrid_agent, django_capture_on_commit_callbacks
):
    # given a kudos e-mail waiting for the end of the quiet hours
    wants_kudos_by_email(madrid_agent)
    with time_machine.travel(madrid(23), tick=False):
        thank(madrid_agent, django_capture_on_commit_callbacks)

    # when the person turns kudos e-mails off in the night, and the morning comes
    ChannelPreference.objects.filter(user=madrid_agent).update(enabled=False)
    with time_machine.travel(madrid(7, 1, day=16), tick=False):
        send_due_deliveries()

    # then nothing arrives, and the delivery says why
    assert mail.outbox == []
    delivery = Delivery.objects.get()
    assert delivery.status == Delivery.Status.FAILED
    assert "switched these messages off" in delivery.last_error
