"""Web push as a notification channel, against a push service on loopback: what a phone
receives (decrypted with the device's own keys), how the push is signed and timed, and
what happens when one of a person's devices is gone or busy."""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterator

import pytest
import time_machine
from py_vapid import Vapid02

from notifications.kinds import EMAIL, PUSH
from notifications.models import ChannelPreference, Delivery, PushSubscription
from notifications.services import notify
from notifications.services.deliveries import send_due_deliveries
from notifications.services.push import subscribe_device
from notifications.vapid import generate_key_pair
from tests.push_service import Device, PushService, running_push_service

pytestmark = pytest.mark.django_db

# Noon in Mexico City (the factories' zone): outside the default quiet hours.
NOON = dt.datetime(2026, 3, 10, 18, 0, tzinfo=dt.UTC)
PUBLIC_KEY, PRIVATE_KEY = generate_key_pair()


@pytest.fixture(autouse=True)
def _vapid(settings):  # type: ignore[no-untyped-def]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = PUBLIC_KEY
    settings.WEBPUSH_VAPID_PRIVATE_KEY = PRIVATE_KEY
    settings.WEBPUSH_CONTACT = "mailto:ops@example.test"


@pytest.fixture
def push_service() -> Iterator[PushService]:
    with running_push_service() as service:
        yield service


@pytest.fixture
def clock() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def _turn_on(user, device: Device) -> None:  # type: ignore[no-untyped-def]
    subscribe_device(user=user, endpoint=device.endpoint, user_agent="Phone", **device.keys)


def _notify(user, capture, *, kind: str = "kudos", message: str = "Tomás thanked you") -> None:  # type: ignore[no-untyped-def]
    with capture(execute=True):
        notify(user=user, kind=kind, message=message, url="/recognition/")


def test_each_device_receives_the_notification_encrypted_for_it(
    agent, push_service, clock, django_capture_on_commit_callbacks
) -> None:
    # given
    phone, laptop = push_service.device(), push_service.device()
    _turn_on(agent, phone)
    _turn_on(agent, laptop)
    # when
    _notify(agent, django_capture_on_commit_callbacks)
    # then
    for device in (phone, laptop):
        (push,) = push_service.pushes_to(device)
        assert device.decrypt(push.body) == {
            "title": "Kudos you receive",
            "body": "Tomás thanked you",
            "url": "http://127.0.0.1:8000/recognition/",
            "tag": "kudos",
        }
    delivery = Delivery.objects.get(user=agent, channel=PUSH)
    assert delivery.status == Delivery.Status.SENT
    assert set(PushSubscription.objects.values_list("last_used_at", flat=True)) == {NOON}


def test_the_push_is_signed_with_the_vapid_key_and_timed(
    agent, push_service, clock, django_capture_on_commit_callbacks
) -> None:
    # given
    phone = push_service.device()
    _turn_on(agent, phone)
    # when
    _notify(agent, django_capture_on_commit_callbacks)
    # then
    (push,) = push_service.pushes_to(phone)
    assert push.headers["ttl"] == str(12 * 60 * 60)
    assert push.headers["urgency"] == "normal"
    assert push.headers["topic"] == "kudos"
    assert push.headers["content-encoding"] == "aes128gcm"
    authorization = push.headers["authorization"]
    assert Vapid02.verify(authorization)
    token = authorization.split("t=")[1].split(",")[0]
    claims = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert claims["aud"] == push_service.url
    assert claims["sub"] == "mailto:ops@example.test"
    assert authorization.endswith(f"k={PUBLIC_KEY}")


def test_a_private_kind_says_only_that_there_is_news_and_comes_at_once(
    agent, push_service, clock, django_capture_on_commit_callbacks
) -> None:
    # given
    phone = push_service.device()
    _turn_on(agent, phone)
    # when
    _notify(agent, django_capture_on_commit_callbacks, kind="chat_request", message="Ana asks")
    # then
    (push,) = push_service.pushes_to(phone)
    assert phone.decrypt(push.body)["title"] == "Cuida"
    assert phone.decrypt(push.body)["body"] == "You have something new in Cuida."
    assert push.headers["urgency"] == "high"


@pytest.mark.parametrize("status", [404, 410])
def test_a_device_that_is_gone_is_forgotten_and_the_others_still_get_it(
    status, agent, push_service, clock, django_capture_on_commit_callbacks
) -> None:
    # given
    old_phone, phone = push_service.device(), push_service.device()
    _turn_on(agent, old_phone)
    _turn_on(agent, phone)
    push_service.answer(old_phone, status)
    # when
    _notify(agent, django_capture_on_commit_callbacks)
    # then
    assert len(push_service.pushes_to(phone)) == 1
    assert PushSubscription.objects.filter(user=agent).count() == 1
    assert Delivery.objects.get(user=agent, channel=PUSH).status == Delivery.Status.SENT


def test_with_no_device_left_the_delivery_fails(
    agent, push_service, clock, django_capture_on_commit_callbacks
) -> None:
    # given
    phone = push_service.device()
    _turn_on(agent, phone)
    push_service.answer(phone, 410)
    # when
    _notify(agent, django_capture_on_commit_callbacks)
    # then
    delivery = Delivery.objects.get(user=agent, channel=PUSH)
    assert delivery.status == Delivery.Status.FAILED
    assert not PushSubscription.objects.filter(user=agent).exists()
    # and the next one is not even queued on push: no device can take it
    _notify(agent, django_capture_on_commit_callbacks)
    assert Delivery.objects.filter(user=agent, channel=PUSH).count() == 1


@pytest.mark.parametrize(
    ("status", "headers", "wait"),
    [(429, {"Retry-After": "120"}, 120), (503, {}, 60), (500, {}, 60)],
)
def test_a_busy_device_gets_it_later_and_the_others_only_once(
    status, headers, wait, agent, push_service, clock, django_capture_on_commit_callbacks
) -> None:
    # given
    laptop, phone = push_service.device(), push_service.device()
    _turn_on(agent, laptop)
    _turn_on(agent, phone)
    push_service.answer(phone, status, **headers)
    # when
    _notify(agent, django_capture_on_commit_callbacks)
    # then it waits as long as it was told (or the first backoff)
    delivery = Delivery.objects.get(user=agent, channel=PUSH)
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.next_attempt_at == NOON + dt.timedelta(seconds=wait)
    assert str(status) in delivery.last_error
    # when its time comes
    clock.shift(dt.timedelta(seconds=wait))
    send_due_deliveries()
    # then
    assert len(push_service.pushes_to(phone)) == 2
    assert len(push_service.pushes_to(laptop)) == 1
    delivery.refresh_from_db()
    assert delivery.status == Delivery.Status.SENT
    assert phone.decrypt(push_service.pushes_to(phone)[-1].body)["body"] == "Tomás thanked you"


def test_a_push_service_out_of_reach_is_tried_again(
    agent, clock, django_capture_on_commit_callbacks
) -> None:
    # given a subscription whose push service no longer listens
    with running_push_service() as gone:
        device = gone.device()
    _turn_on(agent, device)
    # when
    _notify(agent, django_capture_on_commit_callbacks)
    # then
    delivery = Delivery.objects.get(user=agent, channel=PUSH)
    assert delivery.status == Delivery.Status.QUEUED
    assert delivery.attempts == 1
    assert "ConnectionError" in delivery.last_error


def test_without_vapid_keys_nobody_is_reached_by_push(
    agent, settings, push_service, clock, django_capture_on_commit_callbacks
) -> None:
    # given a device turned on while push was configured
    phone = push_service.device()
    _turn_on(agent, phone)
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    # when
    _notify(agent, django_capture_on_commit_callbacks)
    # then
    assert not Delivery.objects.filter(channel=PUSH).exists()
    assert push_service.pushes == []


def test_a_person_who_turned_push_off_for_kudos_gets_no_push(
    agent, push_service, clock, django_capture_on_commit_callbacks
) -> None:
    # given
    phone = push_service.device()
    _turn_on(agent, phone)
    ChannelPreference.objects.create(user=agent, kind="kudos", channel=PUSH, enabled=False)
    ChannelPreference.objects.create(user=agent, kind="kudos", channel=EMAIL, enabled=True)
    # when
    _notify(agent, django_capture_on_commit_callbacks)
    # then
    assert push_service.pushes == []
    assert Delivery.objects.get(user=agent).channel == EMAIL
