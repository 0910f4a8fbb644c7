"""Turning web push on and off for a browser (the API the "notifications on this device"
button calls): a person's own devices only, clear 400s, nothing stored in the clear."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from core.models import AuditEvent
from notifications.models import PushSubscription
from notifications.vapid import generate_key_pair
from tests.push_service import Device

pytestmark = pytest.mark.django_db

SUBSCRIBE = reverse("api:notifications-push-subscribe")
UNSUBSCRIBE = reverse("api:notifications-push-unsubscribe")
PUBLIC_KEY, PRIVATE_KEY = generate_key_pair()


@pytest.fixture(autouse=True)
def _vapid(settings):  # type: ignore[no-untyped-def]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = PUBLIC_KEY
    settings.WEBPUSH_VAPID_PRIVATE_KEY = PRIVATE_KEY


@pytest.fixture
def device() -> Device:
    return Device(endpoint="https://push.example.test/wpush/v2/gAAAAAB-abc123")


def _client(user):  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    client = APIClient(HTTP_USER_AGENT="Mozilla/5.0 (Android 15; Mobile)")
    client.force_login(user)
    return client


def test_a_person_turns_push_on_for_their_phone(agent, device) -> None:
    # when
    response = _client(agent).post(SUBSCRIBE, device.subscription(), format="json")
    # then
    assert response.status_code == 201
    subscription = PushSubscription.objects.get(user=agent)
    assert subscription.user_agent == "Mozilla/5.0 (Android 15; Mobile)"
    row = subscription
    stored = " ".join([row.endpoint_encrypted, row.p256dh_encrypted, row.auth_encrypted])
    assert device.endpoint not in stored
    assert device.keys["p256dh"] not in stored
    assert device.keys["auth"] not in stored
    assert AuditEvent.objects.filter(
        actor=agent, verb="push_subscription.created", target_id=str(subscription.pk)
    ).exists()


def test_turning_it_on_again_keeps_one_device(agent, device) -> None:
    # given
    client = _client(agent)
    client.post(SUBSCRIBE, device.subscription(), format="json")
    # when
    response = client.post(SUBSCRIBE, device.subscription(), format="json")
    # then
    assert response.status_code == 200
    assert PushSubscription.objects.count() == 1


def test_a_shared_browser_follows_the_person_who_turned_it_on_last(agent, teammate, device) -> None:
    # given
    _client(agent).post(SUBSCRIBE, device.subscription(), format="json")
    # when
    response = _client(teammate).post(SUBSCRIBE, device.subscription(), format="json")
    # then
    assert response.status_code == 201
    assert list(PushSubscription.objects.values_list("user", flat=True)) == [teammate.pk]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"endpoint": "ftp://push.example.test/x"}, "endpoint"),
        ({"endpoint": "http://push.example.test/x"}, "endpoint"),
        ({"keys": {"p256dh": "bm90LWEta2V5", "auth": "c2l4dGVlbi1ieXRlcy1fXw"}}, "keys.p256dh"),
        ({"keys": {"p256dh": None, "auth": "x"}}, "keys"),
        ({"keys": {"auth": "c2l4dGVlbi1ieXRlcy1fXw"}}, "keys.p256dh"),
        ({"keys": "not an object"}, "keys"),
        ({"endpoint": ""}, "endpoint"),
    ],
)
def test_a_subscription_that_cannot_be_used_is_refused_with_its_field(
    change, field, agent, device
) -> None:
    # given
    body = {**device.subscription(), **change}
    # when
    response = _client(agent).post(SUBSCRIBE, body, format="json")
    # then
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not PushSubscription.objects.exists()


def test_a_wrong_auth_secret_is_named(agent, device) -> None:
    body = {**device.subscription(), "keys": {**device.keys, "auth": "dG9vLXNob3J0"}}
    response = _client(agent).post(SUBSCRIBE, body, format="json")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["keys.auth"]


def test_nobody_can_turn_push_on_while_it_is_not_set_up(agent, device, settings) -> None:
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    response = _client(agent).post(SUBSCRIBE, device.subscription(), format="json")
    assert response.status_code == 409
    assert not PushSubscription.objects.exists()


def test_a_visitor_who_is_not_signed_in_cannot_subscribe(device) -> None:
    from rest_framework.test import APIClient

    response = APIClient().post(SUBSCRIBE, device.subscription(), format="json")
    assert response.status_code in {401, 403}
    assert not PushSubscription.objects.exists()


def test_a_page_script_must_send_the_csrf_token(agent, device) -> None:
    # given a browser session, as the button's script has
    client = Client(enforce_csrf_checks=True)
    client.force_login(agent)
    # when
    response = client.post(SUBSCRIBE, device.subscription(), content_type="application/json")
    # then
    assert response.status_code == 403
    assert not PushSubscription.objects.exists()


def test_a_person_turns_push_off_for_their_own_device_only(agent, teammate, device) -> None:
    # given
    _client(agent).post(SUBSCRIBE, device.subscription(), format="json")
    # when someone else tries
    refused = _client(teammate).post(UNSUBSCRIBE, {"endpoint": device.endpoint}, format="json")
    # then
    assert refused.status_code == 404
    assert PushSubscription.objects.filter(user=agent).exists()
    # when the person does
    response = _client(agent).post(UNSUBSCRIBE, {"endpoint": device.endpoint}, format="json")
    # then
    assert response.status_code == 204
    assert not PushSubscription.objects.exists()
    assert AuditEvent.objects.filter(actor=agent, verb="push_subscription.deleted").exists()


def test_turning_off_needs_the_endpoint(agent) -> None:
    response = _client(agent).post(UNSUBSCRIBE, {}, format="json")
    assert response.status_code == 400
    assert "endpoint" in response.json()["errors"]


def test_my_notifications_offers_push_on_this_device_once_it_is_set_up(agent, client) -> None:
    # given
    client.force_login(agent)
    # when
    page = client.get(reverse("notifications:preferences")).content.decode()
    # then
    assert "Turn on notifications on this device" in page
    assert f'data-key="{PUBLIC_KEY}"' in page
    assert 'name="kudos__push"' in page


def test_without_vapid_keys_push_is_neither_a_column_nor_a_button(agent, client, settings) -> None:
    # given
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    client.force_login(agent)
    # when
    page = client.get(reverse("notifications:preferences")).content.decode()
    # then
    assert "Turn on notifications on this device" not in page
    assert "push-device.js" not in page
    assert 'name="kudos__push"' not in page
    assert 'name="kudos__email"' in page
