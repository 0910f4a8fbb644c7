"""Notifications by e-mail (issue item 3): in the reader's language, with a one-click
unsubscribe (RFC 8058) on mail the person did not cause, never to an address the provider
reported as bouncing or complaining, and retried when the mail server is down."""

from __future__ import annotations

import datetime as dt
import json
import re
import socket
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from notifications.kinds import EMAIL
from notifications.models import ChannelDefault, ChannelPreference, Delivery
from notifications.services import notify
from notifications.services.deliveries import send_due_deliveries

pytestmark = pytest.mark.django_db

# Noon on a Tuesday in Mexico City (the people's zone): outside everyone's quiet hours.
NOON = dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _at_noon():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOON, tick=False):
        yield


@pytest.fixture
def send(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """Notify someone and let the deliveries go out (tasks run in-process)."""

    def send(user, kind="training", key="careers.training_assigned", **params):  # type: ignore[no-untyped-def]
        params = params or {"path": "Atención al cliente"}
        with django_capture_on_commit_callbacks(execute=True):
            return notify(user=user, kind=kind, message_key=key, params=params, url="/careers/")

    return send


def _html(message: mail.EmailMultiAlternatives) -> str:
    (html,) = [body for body, kind in message.alternatives if kind == "text/html"]
    return str(html)


def _unsubscribe_path(message: mail.EmailMessage) -> str:
    header = message.extra_headers["List-Unsubscribe"]
    (url,) = re.findall(r"<(https?://[^>]+)>", header)
    return urlsplit(url).path


# --- The reader's language --------------------------------------------------------------


def test_a_spanish_reader_gets_the_email_in_spanish(agent, send, mailoutbox):
    # given an agent who reads Cuida in Spanish
    agent.preferred_language = "es"
    agent.save()

    # when they are assigned a training
    send(agent)

    # then the e-mail's subject, text and HTML are in Spanish
    (message,) = mailoutbox
    html = _html(message)
    assert message.to == [agent.email]
    assert message.subject == "Formación"
    assert message.body.startswith("Hola, Ana:")
    assert "Se te asignó la formación “Atención al cliente”." in message.body
    assert "You were assigned" not in message.body
    assert '<html lang="es">' in html
    assert "Hola, Ana:" in html
    assert "Se te asignó la formación “Atención al cliente”." in html


def test_an_english_reader_gets_the_email_in_english(agent, send, mailoutbox):
    # given an agent who reads Cuida in English, in a Spanish-first deployment
    agent.preferred_language = "en"
    agent.save()

    send(agent)

    (message,) = mailoutbox
    html = _html(message)
    assert message.subject == "Training"
    assert message.body.startswith("Hi Ana,")
    assert "You were assigned the training “Atención al cliente”." in message.body
    assert '<html lang="en">' in html
    assert "You were assigned the training “Atención al cliente”." in html
    assert "Unsubscribe from these e-mails" in html


# --- List-Unsubscribe ---------------------------------------------------------------------


def test_mail_the_person_did_not_cause_carries_one_click_unsubscribe(agent, send, mailoutbox):
    send(agent)

    (message,) = mailoutbox
    headers = message.extra_headers
    html = _html(message)
    (link,) = re.findall(r"<(https?://[^>]+)>", headers["List-Unsubscribe"])
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert re.fullmatch(r"https?://[^/]+/notifications/unsubscribe/[^/]+/", link)
    # and the same link is visible at the foot of both parts, beside the preferences page
    assert link in message.body
    assert f'href="{link}"' in html
    preferences = re.findall(r"https?://\S+/notifications/preferences/", message.body)
    assert preferences
    assert f'href="{preferences[0]}"' in html


def test_transactional_mail_has_no_unsubscribe(agent, send, mailoutbox):
    # when the agent hears of their own promotion (a transactional kind)
    send(agent, kind="career", key="careers.promoted", level="Senior Agent")

    (message,) = mailoutbox
    assert "Senior Agent" in message.body
    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe-Post" not in message.extra_headers
    assert "/notifications/unsubscribe/" not in message.body
    assert "/notifications/unsubscribe/" not in _html(message)
    assert "/notifications/preferences/" in message.body


def test_a_kind_hr_locked_on_offers_no_unsubscribe(agent, send, mailoutbox):
    ChannelDefault.objects.create(kind="training", channel=EMAIL, enabled=True, locked=True)

    send(agent)

    (message,) = mailoutbox
    assert "List-Unsubscribe" not in message.extra_headers
    assert "/notifications/unsubscribe/" not in message.body


# --- The unsubscribe page and the one-click POST ------------------------------------------


def test_one_click_post_without_session_or_csrf_turns_the_kind_off(agent, send, mailoutbox):
    # given a training e-mail in the agent's inbox
    send(agent)
    path = _unsubscribe_path(mailoutbox[0])
    mail_program = Client(enforce_csrf_checks=True)

    # when their mail program sends RFC 8058's one-click POST (no session, no CSRF token)
    response = mail_program.post(path, {"List-Unsubscribe": "One-Click"})

    # then the kind's e-mail is off for them, and the change is audited
    assert response.status_code == 200
    preference = ChannelPreference.objects.get(user=agent, kind="training", channel=EMAIL)
    assert preference.enabled is False
    audit = AuditEvent.objects.get(verb="notification_preference.unsubscribed")
    assert audit.data == {"kind": "training", "channel": EMAIL, "user": agent.pk}
    # and the next training notification reaches their inbox in Cuida but not their e-mail
    mailoutbox.clear()
    notification = send(agent)
    assert mailoutbox == []
    assert not Delivery.objects.filter(notification=notification, channel=EMAIL).exists()
    # and another kind still arrives by e-mail
    send(agent, kind="announcement", key="careers.promoted", level="Senior Agent")
    assert len(mailoutbox) == 1


def test_unsubscribing_twice_is_harmless(agent, send, mailoutbox):
    send(agent)
    path = _unsubscribe_path(mailoutbox[0])

    first = Client().post(path, {"List-Unsubscribe": "One-Click"})
    second = Client().post(path, {"List-Unsubscribe": "One-Click"})

    assert first.status_code == second.status_code == 200
    assert ChannelPreference.objects.filter(user=agent, kind="training").count() == 1
    assert AuditEvent.objects.filter(verb="notification_preference.unsubscribed").count() == 1
    assert "Done" in second.content.decode()


def test_opening_the_link_only_asks(agent, send, mailoutbox):
    # given a mail scanner that opens every link of the e-mail
    send(agent)
    path = _unsubscribe_path(mailoutbox[0])

    response = Client().get(path)

    # then the page asks, with a button that posts back, and nothing is switched off
    body = response.content.decode()
    assert response.status_code == 200
    assert f'<form method="post" action="{path}">' in body
    assert "Unsubscribe from these e-mails" in body
    assert "“Training”" in body
    assert not ChannelPreference.objects.filter(user=agent).exists()
    mailoutbox.clear()
    send(agent)
    assert len(mailoutbox) == 1


def test_the_page_speaks_the_language_of_the_person_the_mail_was_for(agent, send, mailoutbox):
    agent.preferred_language = "es"
    agent.save()
    send(agent)

    response = Client(headers={"accept-language": "en"}).get(_unsubscribe_path(mailoutbox[0]))

    body = response.content.decode()
    assert '<html lang="es">' in body
    assert "“Formación”" in body


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_link_is_refused(agent, teammate, send, mailoutbox, method):
    send(agent)
    path = _unsubscribe_path(mailoutbox[0])
    token = path.rstrip("/").rsplit("/", 1)[1]
    # the teammate's id in the signed part, the agent's signature left as it was
    payload = json.dumps([teammate.pk, "training", EMAIL], separators=(",", ":"))
    signature = token.rsplit(":", 1)[1]
    forged_token = f"{signing.b64_encode(payload.encode()).decode()}:{signature}"
    forged = reverse("notifications:unsubscribe", args=[forged_token])
    cut = reverse("notifications:unsubscribe", args=[token[:-3]])

    answers = [getattr(Client(), method)(url) for url in (forged, cut)]

    assert [a.status_code for a in answers] == [400, 400]
    # A signed-out visitor reads the site's language (Spanish).
    assert "Este enlace no funciona" in answers[0].content.decode()
    assert not ChannelPreference.objects.exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_for_someone_who_left_is_not_found(agent, send, mailoutbox, method):
    send(agent)
    path = _unsubscribe_path(mailoutbox[0])
    agent.is_active = False
    agent.save()

    answers = [getattr(Client(), method)(url) for url in (path, "/notifications/unsubscribe/x/")]

    assert [a.status_code for a in answers] == [404, 404]
    assert not ChannelPreference.objects.exists()


def test_a_kind_hr_locked_on_cannot_be_unsubscribed(agent, send, mailoutbox):
    # given a link from before HR locked training e-mails on
    send(agent)
    path = _unsubscribe_path(mailoutbox[0])
    ChannelDefault.objects.create(kind="training", channel=EMAIL, enabled=True, locked=True)

    page = Client().get(path)
    posted = Client().post(path, {"List-Unsubscribe": "One-Click"})

    # then the person is told kindly why, and nothing changes
    for response in (page, posted):
        body = response.content.decode()
        assert "Your company sends these e-mails to everyone" in body
        assert "<form" not in body.split("<main", 1)[1]
    assert page.status_code == 200
    assert posted.status_code == 409
    assert not ChannelPreference.objects.exists()
    mailoutbox.clear()
    send(agent)
    assert len(mailoutbox) == 1


# --- The mail server ----------------------------------------------------------------------


def test_the_console_backend_still_sends(agent, send, settings, capsys):
    # given the default development set-up: e-mail printed on the console
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

    notification = send(agent)

    printed = capsys.readouterr().out
    assert "Subject: Training" in printed
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in printed
    assert Delivery.objects.get(notification=notification).status == Delivery.Status.SENT


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_smtp_server_that_is_down_means_retry_later(agent, send, settings):
    # given an SMTP server that refuses connections
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _closed_port()
    settings.EMAIL_TIMEOUT = 2

    notification = send(agent)

    # then the delivery waits for another attempt instead of failing
    delivery = Delivery.objects.get(notification=notification)
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.attempts == 1
    assert "ConnectionRefusedError" in delivery.last_error
    assert delivery.next_attempt_at > NOON


def test_mail_waiting_for_the_end_of_quiet_hours_is_not_sent_after_unsubscribing(
    agent, send, mailoutbox
):
    # given a training e-mail that arrived at 22:00, in the agent's quiet hours
    send(agent)
    path = _unsubscribe_path(mailoutbox.pop())
    with time_machine.travel(NOON + dt.timedelta(hours=10), tick=False):
        waiting = send(agent)
    delivery = Delivery.objects.get(notification=waiting)
    assert delivery.status == Delivery.Status.QUEUED

    # when the agent unsubscribes before the quiet hours end
    Client().post(path, {"List-Unsubscribe": "One-Click"})
    with time_machine.travel(NOON + dt.timedelta(days=1), tick=False):
        send_due_deliveries()

    # then the waiting e-mail is never sent
    delivery.refresh_from_db()
    assert mailoutbox == []
    assert delivery.status == Delivery.Status.FAILED
    assert "switched these messages off" in delivery.last_error
