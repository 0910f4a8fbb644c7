"""Web push in Chromium: a person turns notifications on for this browser, moves kudos from
e-mail to push in their grid, and the next kudos reaches the device through its push
service, not by e-mail; signing out turns the browser off again.

Headless Chromium has no push service of its own, so the page's ``PushManager`` hands out a
subscription on a push service on loopback (tests/push_service.py) with keys this test
holds; everything else is real: the button and its script, the API, the grid, the kudos,
the delivery, the encryption and VAPID signature, and the service worker showing the
notification (Chromium's DevTools protocol delivers the push to it)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from notifications.kinds import EMAIL
from notifications.models import ChannelPreference, DeliveryHours, PushSubscription
from notifications.services.deliveries import send_due_deliveries
from notifications.vapid import generate_key_pair
from recognition.models import ValueTag
from recognition.services.kudos import give_kudos
from tests.push_service import Device, PushService, running_push_service

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PUBLIC_KEY, PRIVATE_KEY = generate_key_pair()

# The browser's side, stubbed: ``subscribe`` returns the test's device (and notes the VAPID
# key it was given), ``getSubscription`` what was subscribed in this tab.
FAKE_PUSH_MANAGER = """
(() => {
  const device = %s;
  const STORED = "test-push-subscription";
  const subscription = () => ({
    endpoint: device.endpoint,
    expirationTime: null,
    options: { userVisibleOnly: true },
    toJSON: () => device,
    unsubscribe: async () => { sessionStorage.removeItem(STORED); return true; },
  });
  const base64url = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\\+/g, "-").replace(/\\//g, "_").replace(/=+$/, "");
  PushManager.prototype.subscribe = async function (options) {
    sessionStorage.setItem(STORED, base64url(options.applicationServerKey));
    return subscription();
  };
  PushManager.prototype.getSubscription = async function () {
    return sessionStorage.getItem(STORED) ? subscription() : null;
  };
})();
"""

# Deliver a push to the page's service worker and wait for the notification it shows.
SHOWN_NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  for (let attempt = 0; attempt < 50; attempt++) {
    const shown = await registration.getNotifications();
    if (shown.length) {
      return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data.url }));
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  return [];
}"""


@pytest.fixture(autouse=True)
def _push_set_up(settings, db):  # type: ignore[no-untyped-def]
    settings.WEBPUSH_VAPID_PUBLIC_KEY = PUBLIC_KEY
    settings.WEBPUSH_VAPID_PRIVATE_KEY = PRIVATE_KEY
    settings.WEBPUSH_CONTACT = "mailto:ops@example.test"
    # Transactional tests flush the values the data migration created: put one back.
    ValueTag.objects.get_or_create(
        slug="empathy", defaults={"name_en": "Empathy", "name_es": "Empatía"}
    )


@pytest.fixture
def push_service() -> Iterator[PushService]:
    with running_push_service() as service:
        yield service


def _deliver_to_service_worker(page: Any, payload: bytes) -> None:
    """What Chromium's own push service would do: hand the (decrypted) push to the worker."""
    session = page.context.new_cdp_session(page)
    registrations: list[dict[str, Any]] = []
    session.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: registrations.extend(event["registrations"]),
    )
    session.send("ServiceWorker.enable")
    page.wait_for_timeout(200)
    origin = page.evaluate("location.origin")
    (registration,) = [r for r in registrations if not r.get("isDeleted")]
    session.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": origin,
            "registrationId": registration["registrationId"],
            "data": payload.decode(),
        },
    )


def test_a_person_moves_kudos_to_push_and_gets_the_next_one_on_this_device(
    sign_in, live_server, agent, teammate, push_service, mailoutbox
) -> None:
    # given kudos reach Ana by e-mail, not by push, and she has no quiet hours to wait for
    ChannelPreference.objects.create(user=agent, kind="kudos", channel=EMAIL, enabled=True)
    ChannelPreference.objects.create(user=agent, kind="kudos", channel="push", enabled=False)
    DeliveryHours.objects.create(
        user=agent, quiet_hours_start=dt.time(0, 0), quiet_hours_end=dt.time(0, 0)
    )
    device: Device = push_service.device()
    page = sign_in(agent)
    page.set_viewport_size({"width": 360, "height": 740})
    page.context.grant_permissions(["notifications"], origin=live_server.url)
    page.add_init_script(FAKE_PUSH_MANAGER % json.dumps(device.subscription()))

    # when she turns notifications on for this browser
    page.goto(live_server.url + reverse("notifications:preferences"))
    page.get_by_role("button", name="Turn on notifications on this device").click()

    # then the browser subscribed with Cuida's key and Cuida keeps the device
    expect(page.get_by_text("This device receives your notifications.")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('test-push-subscription')") == PUBLIC_KEY
    assert PushSubscription.objects.filter(user=agent).count() == 1
    # on a phone's width, without scrolling sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # when she moves kudos from e-mail to push in her grid
    page.locator('input[name="kudos__email"]').uncheck()
    page.locator('input[name="kudos__push"]').check()
    page.get_by_role("button", name="Save my choices").click()
    expect(page.get_by_text("Saved. New notifications follow your choices.")).to_be_visible()
    expect(page.locator('input[name="kudos__push"]')).to_be_checked()
    expect(page.locator('input[name="kudos__email"]')).not_to_be_checked()

    # and a teammate thanks her
    give_kudos(
        giver=teammate,
        recipient_ids=[agent.pk],
        message="You calmed that customer down beautifully.",
        value_slugs=["empathy"],
    )
    send_due_deliveries()

    # then exactly one push reached the device: it reads as her kudos, signed by Cuida
    (push,) = push_service.pushes
    received = device.decrypt(push.body)
    assert received["title"] == "Kudos you receive"
    assert received["body"] == "Tomás Teammate thanked you."
    kudos_page = reverse("recognition:kudos_detail", args=[agent.kudos_received.get().pk])
    assert received["url"].endswith(kudos_page)
    assert push.headers["authorization"].endswith(f"k={PUBLIC_KEY}")
    # and no e-mail about it
    assert [m.subject for m in mailoutbox if "kudos" in (m.subject + m.body).lower()] == []

    # and the service worker shows it, opening the kudos on a tap
    _deliver_to_service_worker(page, json.dumps(received).encode())
    (shown,) = page.evaluate(SHOWN_NOTIFICATIONS)
    assert shown["title"] == "Kudos you receive"
    assert shown["body"] == "Tomás Teammate thanked you."
    assert shown["tag"] == "kudos"
    assert shown["url"] == received["url"]

    # when she signs out, this browser stops receiving her notifications
    page.locator("#menu > summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/**")
    assert not PushSubscription.objects.filter(user=agent).exists()
    assert page.evaluate("sessionStorage.getItem('test-push-subscription')") is None
