import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.utils import translation

from notifications.models import ChannelPreference, Delivery, DeliveryHours, Notification
from notifications.routing import within
from notifications.services.deliveries import send_due_deliveries
from tests.outage import app_pointed_at, free_port
from wellbeing import services
from wellbeing.models import CheckInReminder, WellbeingPreference
from wellbeing.tasks import send_check_in_reminders_task

pytestmark = pytest.mark.django_db

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def at_madrid(hour, minute=0, day=15):  # type: ignore[no-untyped-def]
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=MADRID)


@pytest.fixture
def madrid_agents(make_agents):  # type: ignore[no-untyped-def]
    agents = make_agents(3)
    for agent in agents:
        agent.time_zone = "Europe/Madrid"
        agent.save()
    return agents


def reminders_for(user):  # type: ignore[no-untyped-def]
    return Notification.objects.filter(user=user, kind="check_in_reminder").count()


def test_each_agent_gets_exactly_one_reminder_a_day(madrid_agents):
    # when the periodic job runs every five minutes through the morning
    for minute in range(0, 180, 5):
        with time_machine.travel(at_madrid(9) + dt.timedelta(minutes=minute), tick=False):
            send_check_in_reminders_task.delay()

    # then each agent got one reminder, in-app
    assert [reminders_for(a) for a in madrid_agents] == [1, 1, 1]
    assert CheckInReminder.objects.count() == 3


def test_nobody_is_reminded_before_their_shift(madrid_agents):
    with time_machine.travel(at_madrid(8, 55), tick=False):
        assert services.send_due_reminders() == 0


def test_agents_who_already_checked_in_are_not_reminded(madrid_agents, check_in):
    check_in(madrid_agents[0], now=at_madrid(8, 30))

    with time_machine.travel(at_madrid(9, 5), tick=False):
        sent = services.send_due_reminders()

    assert sent == 2
    assert reminders_for(madrid_agents[0]) == 0


def test_a_new_day_brings_a_new_reminder(madrid_agents):
    with time_machine.travel(at_madrid(9, 5), tick=False):
        services.send_due_reminders()
    with time_machine.travel(at_madrid(9, 5, day=16), tick=False):
        services.send_due_reminders()

    assert reminders_for(madrid_agents[0]) == 2


def test_no_reminder_during_quiet_hours(madrid_agents):
    # given an agent whose shift starts at 06:00 but whose quiet hours last until 07:00
    DeliveryHours.objects.create(
        user=madrid_agents[0],
        shift_start=dt.time(6, 0),
        quiet_hours_start=dt.time(22, 0),
        quiet_hours_end=dt.time(7, 0),
    )

    with time_machine.travel(at_madrid(6, 10), tick=False):
        early = services.send_due_reminders()
    with time_machine.travel(at_madrid(7, 5), tick=False):
        later = services.send_due_reminders()

    assert early == 0
    assert later == 1
    assert reminders_for(madrid_agents[0]) == 1


def test_reminders_follow_each_persons_time_zone(make_agents):
    bogota, madrid = make_agents(2)
    bogota.time_zone = "America/Bogota"
    bogota.save()
    madrid.time_zone = "Europe/Madrid"
    madrid.save()

    # 09:05 in Madrid is 02:05 in Bogotá
    with time_machine.travel(at_madrid(9, 5), tick=False):
        services.send_due_reminders()

    assert (reminders_for(madrid), reminders_for(bogota)) == (1, 0)


def test_reminders_can_be_turned_off(madrid_agents):
    WellbeingPreference.objects.create(user=madrid_agents[0], reminders_enabled=False)

    with time_machine.travel(at_madrid(9, 5), tick=False):
        services.send_due_reminders()

    assert reminders_for(madrid_agents[0]) == 0


def by_email(user) -> None:  # type: ignore[no-untyped-def]
    ChannelPreference.objects.create(
        user=user, kind="check_in_reminder", channel="email", enabled=True
    )


def test_email_reminder_only_for_those_who_chose_it_and_only_once(
    madrid_agents, mailoutbox, django_capture_on_commit_callbacks
):
    by_email(madrid_agents[0])

    with (
        time_machine.travel(at_madrid(9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.send_due_reminders()
        # a re-delivered sending task and a second run send nothing more
        send_due_deliveries()
        services.send_due_reminders()

    assert [m.to for m in mailoutbox] == [[madrid_agents[0].email]]


def test_with_the_broker_down_every_due_agent_is_still_reminded(
    madrid_agents, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # given agents who want their reminder by e-mail too, and a broker that is down
    for agent in madrid_agents[:2]:
        by_email(agent)
    broker = f"amqp://guest:guest@127.0.0.1:{free_port()}//"

    # when the reminder job runs
    with (
        app_pointed_at(settings, CELERY_BROKER_URL=broker),
        time_machine.travel(at_madrid(9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        sent = services.send_due_reminders()

    # then nobody's reminder is lost to the outage: in the app now, by e-mail once the
    # sweeper runs with the broker back
    assert sent == 3
    assert [reminders_for(a) for a in madrid_agents] == [1, 1, 1]
    assert mailoutbox == []
    with time_machine.travel(at_madrid(9, 6), tick=False):
        send_due_deliveries()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(a.email for a in madrid_agents[:2])


def test_reminder_speaks_the_agents_language(madrid_agents):
    madrid_agents[0].preferred_language = "es"
    madrid_agents[0].save()

    with time_machine.travel(at_madrid(9, 5), tick=False):
        services.send_due_reminders()

    message = Notification.objects.get(user=madrid_agents[0]).message
    assert message.startswith("¿Cómo estás hoy?")


@pytest.mark.parametrize(
    ("language", "text", "button"),
    [
        ("es", "¿Cómo estás hoy? Un registro toma diez segundos", "Abrir Cuida"),
        ("en", "How are you today? A check-in takes ten seconds", "Open Cuida"),
    ],
)
def test_reminder_email_is_in_cuidas_layout_and_the_agents_language(
    madrid_agents, settings, mailoutbox, django_capture_on_commit_callbacks, language, text, button
):
    # given an agent who wants e-mail reminders, while the job runs in the other language
    settings.CUIDA_BASE_URL = "https://cuida.example"
    agent = madrid_agents[0]
    agent.preferred_language = language
    agent.save()
    by_email(agent)

    # when the e-mail goes out
    with (
        translation.override("en" if language == "es" else "es"),
        time_machine.travel(at_madrid(9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.send_due_reminders()

    # then it speaks the agent's language, with a button to the check-in and the way out
    (message,) = mailoutbox
    (html, kind) = message.alternatives[0]
    assert kind == "text/html"
    assert f'<html lang="{language}">' in html
    assert text in message.body
    assert button in html
    assert 'href="https://cuida.example/wellbeing/"' in html
    assert "https://cuida.example/notifications/preferences/" in message.body


@pytest.mark.parametrize(
    ("at", "start", "end", "quiet"),
    [
        (dt.time(23, 0), dt.time(22, 0), dt.time(7, 0), True),
        (dt.time(6, 59), dt.time(22, 0), dt.time(7, 0), True),
        (dt.time(7, 0), dt.time(22, 0), dt.time(7, 0), False),
        (dt.time(13, 0), dt.time(12, 0), dt.time(14, 0), True),
        (dt.time(9, 0), dt.time(0, 0), dt.time(0, 0), False),
    ],
)
def test_quiet_hours_wrap_past_midnight(at, start, end, quiet):
    assert within(at, start, end) is quiet


def test_a_reminder_email_held_up_for_hours_is_dropped_not_sent_late(
    madrid_agents, settings, mailoutbox, django_capture_on_commit_callbacks
):
    # given a reminder e-mail that could not be enqueued (the broker was down)
    by_email(madrid_agents[0])
    broker = f"amqp://guest:guest@127.0.0.1:{free_port()}//"
    with (
        app_pointed_at(settings, CELERY_BROKER_URL=broker),
        time_machine.travel(at_madrid(9, 5), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        services.send_due_reminders()

    # when the sweeper only runs again in the afternoon
    with time_machine.travel(at_madrid(15), tick=False):
        send_due_deliveries()

    # then no e-mail says "how are you today?" at 3 pm; the delivery says why
    assert mailoutbox == []
    delivery = Delivery.objects.get(user=madrid_agents[0])
    assert (delivery.status, delivery.last_error) == ("failed", "Expired: too late to help.")
