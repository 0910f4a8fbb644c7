"""Bounces and complaints the e-mail provider reports (anymail's tracking webhook and
signal) stop e-mail to that address: nothing new is queued for it, and what was queued
before fails instead of going out."""

from __future__ import annotations

import base64
import datetime as dt
import json

import pytest
import time_machine
from anymail.signals import AnymailTrackingEvent, tracking
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from config import mail as mail_config
from core.models import AuditEvent
from notifications.kinds import EMAIL
from notifications.models import Delivery, EmailSuppression
from notifications.services import notify

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)  # noon in Mexico City


@pytest.fixture(autouse=True)
def _at_noon():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOON, tick=False):
        yield


def _notify(user):  # type: ignore[no-untyped-def]
    return notify(
        user=user,
        kind="training",
        message_key="careers.training_assigned",
        params={"path": "Atención al cliente"},
    )


@pytest.fixture
def send(django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    def send(user):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return _notify(user)

    return send


def _report(event_type, recipient, event_id="ev-1", **more):  # type: ignore[no-untyped-def]
    """What anymail sends once it has read a provider's webhook."""
    event = AnymailTrackingEvent(
        event_type=event_type, recipient=recipient, event_id=event_id, **more
    )
    tracking.send(sender=object, event=event, esp_name="Postmark")


@pytest.mark.parametrize(
    ("event_type", "reason"),
    [("bounced", "bounce"), ("complained", "complaint"), ("rejected", "rejected")],
)
def test_a_reported_address_gets_no_more_email(agent, send, mailoutbox, event_type, reason):
    # given the provider reports the agent's address (spelled in capitals)
    _report(event_type, agent.email.upper())

    # when the agent is notified of something they get by e-mail
    notification = send(agent)

    # then no e-mail is queued or sent; the inbox in Cuida still has it
    assert mailoutbox == []
    assert not Delivery.objects.filter(notification=notification, channel=EMAIL).exists()
    suppression = EmailSuppression.objects.get()
    assert (suppression.address, suppression.reason) == (agent.email.lower(), reason)
    assert suppression.provider == "Postmark"
    audit = AuditEvent.objects.get(verb="email.suppressed")
    assert audit.target_id == str(suppression.pk)


def test_mail_queued_before_the_bounce_is_not_sent(agent, django_capture_on_commit_callbacks):
    # given a delivery queued while the address was still good (sending after commit is
    # held back, as when the broker is slow)
    with django_capture_on_commit_callbacks(execute=False) as held:
        notification = _notify(agent)
    # when the provider reports a complaint before it goes out
    _report("complained", agent.email)
    for callback in held:
        callback()

    # then it fails with the reason instead of being sent
    delivery = Delivery.objects.get(notification=notification, channel=EMAIL)
    assert delivery.status == Delivery.Status.FAILED
    assert "stopped" in delivery.last_error


def test_the_same_report_twice_is_recorded_once(agent):
    _report("bounced", agent.email, event_id="ev-7")
    _report("bounced", agent.email, event_id="ev-7")
    _report("complained", agent.email, event_id="ev-8")

    assert EmailSuppression.objects.count() == 1
    assert EmailSuppression.objects.get().reason == "bounce"
    assert AuditEvent.objects.filter(verb="email.suppressed").count() == 1


def test_one_bounce_of_several_recipients_suppresses_each(agent, teammate):
    # Amazon SES reports one bounce, with one event id, for every recipient of a message
    _report("bounced", agent.email, event_id="ses-1")
    _report("bounced", teammate.email, event_id="ses-1")

    assert set(EmailSuppression.objects.values_list("address", flat=True)) == {
        agent.email.lower(),
        teammate.email.lower(),
    }


def test_deliveries_opens_and_soft_bounces_suppress_nothing(agent, send, mailoutbox):
    _report("delivered", agent.email, event_id="a")
    _report("opened", agent.email, event_id="b")
    _report("deferred", agent.email, event_id="c")
    _report("bounced", agent.email, event_id="d", esp_event={"Type": "SoftBounce"})
    ses = {"bounce": {"bounceType": "Transient", "bounceSubType": "MailboxFull"}}
    _report("bounced", agent.email, event_id="e", esp_event=ses)

    send(agent)

    assert not EmailSuppression.objects.exists()
    assert len(mailoutbox) == 1


def test_a_new_address_is_emailed_again(agent, send, mailoutbox):
    _report("bounced", agent.email)
    agent.email = "ana.nueva@example.test"
    agent.save()

    send(agent)

    assert [m.to for m in mailoutbox] == [["ana.nueva@example.test"]]


# --- Through the provider's webhook ------------------------------------------------------


@pytest.mark.urls("tests.unit.notifications.anymail_urls")
def test_postmarks_bounce_webhook_suppresses_the_address(agent, settings, send, mailoutbox):
    # given Cuida configured for Postmark, its webhook behind basic auth
    settings.ANYMAIL = {"POSTMARK_SERVER_TOKEN": "test-token", "WEBHOOK_SECRET": "hook:s3cret"}
    bounce = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "ID": 4323372036854775807,
        "MessageID": "883953f4-6105-42a2-a16a-77a8eac79483",
        "Email": agent.email,
        "Description": "The server was unable to deliver your message",
        "BouncedAt": "2026-03-10T17:59:00Z",
    }
    credentials = base64.b64encode(b"hook:s3cret").decode()

    # when Postmark posts the bounce, first without the secret, then with it
    anonymous = Client().post(
        "/anymail/postmark/tracking/", json.dumps(bounce), content_type="application/json"
    )
    signed = Client().post(
        "/anymail/postmark/tracking/",
        json.dumps(bounce),
        content_type="application/json",
        headers={"authorization": f"Basic {credentials}"},
    )

    # then only the authenticated report counts, and the agent gets no more e-mail
    assert anonymous.status_code in (400, 401, 403)
    assert signed.status_code == 200
    assert EmailSuppression.objects.get().address == agent.email.lower()
    send(agent)
    assert mailoutbox == []


# --- Configuration (config/mail.py) ------------------------------------------------------


@pytest.fixture
def env(monkeypatch):  # type: ignore[no-untyped-def]
    import environ

    for name in ("ANYMAIL_PROVIDER", "EMAIL_URL", "POSTMARK_SERVER_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("ANYMAIL_WEBHOOK_SECRET", raising=False)
    return environ.Env()


def test_without_a_provider_mail_goes_to_the_console_and_no_webhook_is_served(env):
    provider = mail_config.email_provider(env)
    values = mail_config.mail_settings(env, provider=provider)

    assert provider == ""
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert "ANYMAIL" not in values
    assert mail_config.webhook_urls(provider) == []


def test_smtp_comes_from_email_url(env, monkeypatch):
    monkeypatch.setenv("EMAIL_URL", "smtp+tls://cuida:pw@mail.example.org:587")

    values = mail_config.mail_settings(env, provider=mail_config.email_provider(env))

    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (values["EMAIL_HOST"], values["EMAIL_PORT"]) == ("mail.example.org", 587)


def test_a_provider_needs_its_key_and_the_webhook_secret(env, monkeypatch):
    monkeypatch.setenv("ANYMAIL_PROVIDER", "Postmark")
    monkeypatch.setenv("POSTMARK_SERVER_TOKEN", "token")
    provider = mail_config.email_provider(env)
    with pytest.raises(ImproperlyConfigured, match="ANYMAIL_WEBHOOK_SECRET"):
        mail_config.mail_settings(env, provider=provider)

    monkeypatch.setenv("ANYMAIL_WEBHOOK_SECRET", "hook:s3cret")
    values = mail_config.mail_settings(env, provider=provider)

    assert values["EMAIL_BACKEND"] == "anymail.backends.postmark.EmailBackend"
    assert values["ANYMAIL"] == {
        "POSTMARK_SERVER_TOKEN": "token",
        "WEBHOOK_SECRET": "hook:s3cret",
    }
    (route,) = mail_config.webhook_urls(provider)
    assert str(route.pattern) == "anymail/"


def test_an_unknown_provider_fails_at_start_up(env, monkeypatch):
    monkeypatch.setenv("ANYMAIL_PROVIDER", "pigeon")

    with pytest.raises(ImproperlyConfigured, match="postmark"):
        mail_config.email_provider(env)
