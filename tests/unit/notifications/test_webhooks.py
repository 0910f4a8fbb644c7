"""Outbound webhooks (issue 14, item 8): signed, retried with backoff, never wellbeing data,
HR-only pages. Deliveries go to a real HTTP server on loopback."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
import time_machine
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from careers.services import plans, promotions
from careers.services import tracks as track_services
from core.exceptions import DomainError, PermissionDeniedError
from core.models import AuditEvent
from notifications import crypto
from notifications.models import OutboundWebhook, WebhookDelivery
from notifications.services import webhooks
from notifications.services.webhooks import (
    announce,
    create_webhook,
    deliver,
    retry_due_deliveries,
    verify_signature,
)
from recognition.models import BadgeClass, RewardItem
from recognition.services.badges import award_badge
from recognition.services.kudos import give_kudos
from recognition.services.redemptions import approve_redemption, request_redemption

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ALL_KINDS = sorted(webhooks.EVENT_KINDS)


@pytest.fixture
def hook(hr_admin, receiver) -> tuple[OutboundWebhook, str]:  # type: ignore[no-untyped-def]
    return create_webhook(actor=hr_admin, name="Intranet", url=receiver.url, event_kinds=ALL_KINDS)


def one_delivery(kind: str = "kudos.given") -> WebhookDelivery:
    [delivery] = announce(kind=kind, data={"kudos_id": 1, "message": "Thanks!"})
    return delivery


def test_a_delivery_is_signed_so_the_receiver_can_verify_it(hook, receiver):
    _webhook, secret = hook
    delivery = one_delivery()

    assert deliver(delivery_id=delivery.pk) == "sent"

    [request] = receiver.requests
    headers = request["headers"]
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Cuida-Event"] == "kudos.given"
    assert headers["X-Cuida-Delivery"] == str(delivery.event_id)
    assert verify_signature(
        secret, headers["X-Cuida-Timestamp"], request["body"], headers["X-Cuida-Signature"]
    )
    assert not verify_signature(
        "whsec_other", headers["X-Cuida-Timestamp"], request["body"], headers["X-Cuida-Signature"]
    )
    assert not verify_signature(
        secret,
        headers["X-Cuida-Timestamp"],
        request["body"],
        headers["X-Cuida-Signature"],
        now=int(headers["X-Cuida-Timestamp"]) + 301,
    )
    body = json.loads(request["body"])
    assert set(body) == {"id", "kind", "created_at", "data"}
    assert (body["id"], body["kind"]) == (str(delivery.event_id), "kudos.given")
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("sent", 1, 200)
    assert delivery.sent_at is not None


def test_server_errors_are_retried_with_exponential_backoff_until_sent(hook, receiver):
    receiver.fail(3, status=500)
    with time_machine.travel(START, tick=False) as clock:
        delivery = one_delivery()
        assert deliver(delivery_id=delivery.pk) == "queued"
        waits = []
        for _ in range(3):
            delivery.refresh_from_db()
            waits.append((delivery.next_attempt_at - timezone.now()).total_seconds())
            # Not due yet: the sweeper leaves it alone.
            assert retry_due_deliveries() == 0
            clock.shift(dt.timedelta(seconds=waits[-1]))
            assert retry_due_deliveries() == 1  # enqueued, run at once (eager tasks)

    assert waits == [30, 60, 120]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("sent", 4)
    assert len(receiver.requests) == 4
    # Every attempt carries the same event id: the receiver can drop duplicates.
    assert {r["headers"]["X-Cuida-Delivery"] for r in receiver.requests} == {str(delivery.event_id)}


def test_backoff_is_capped_at_an_hour_and_gives_up_after_eight_attempts(hook, receiver):
    receiver.fail(20, status=503)
    with time_machine.travel(START, tick=False) as clock:
        delivery = one_delivery()
        for _ in range(webhooks.MAX_ATTEMPTS):
            deliver(delivery_id=delivery.pk)
            clock.shift(dt.timedelta(hours=1))

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("failed", 8)
    assert (delivery.last_status_code, delivery.last_response) == (503, "boom")
    assert webhooks.backoff(8) == dt.timedelta(hours=1)
    assert len(receiver.requests) == 8


def test_429_waits_as_long_as_retry_after_says(hook, receiver):
    receiver.fail(1, status=429, **{"Retry-After": "600"})
    with time_machine.travel(START, tick=False):
        delivery = one_delivery()
        assert deliver(delivery_id=delivery.pk) == "queued"
        delivery.refresh_from_db()
        assert delivery.next_attempt_at == timezone.now() + dt.timedelta(seconds=600)
        assert delivery.last_status_code == 429


def test_a_4xx_answer_fails_at_once_and_keeps_the_response(hook, receiver):
    receiver.script.append((410, {}, "x" * 1500))
    delivery = one_delivery()

    assert deliver(delivery_id=delivery.pk) == "failed"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("failed", 1, 410)
    assert len(delivery.last_response) == 1000
    assert retry_due_deliveries() == 0


def test_a_connection_error_is_retried(hr_admin):
    _webhook, _secret = create_webhook(
        actor=hr_admin, name="Gone", url="http://127.0.0.1:9/nothing", event_kinds=ALL_KINDS
    )
    delivery = one_delivery()

    assert deliver(delivery_id=delivery.pk) == "queued"

    delivery.refresh_from_db()
    assert delivery.attempts == 1
    assert delivery.last_status_code is None
    assert "ConnectionError" in delivery.last_error


def test_a_replayed_task_sends_once(hook, receiver):
    delivery = one_delivery()

    assert deliver(delivery_id=delivery.pk) == "sent"
    assert deliver(delivery_id=delivery.pk) == "skipped"

    assert len(receiver.requests) == 1


def test_a_claimed_delivery_is_not_sent_by_a_second_worker(hook, receiver):
    delivery = one_delivery()
    # Another worker claimed it a moment ago (the lease moves next_attempt_at on).
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        next_attempt_at=timezone.now() + webhooks.CLAIM_LEASE
    )

    assert deliver(delivery_id=delivery.pk) == "skipped"
    assert receiver.requests == []


def test_the_same_event_id_is_one_delivery_per_webhook(hook):
    event_id = uuid.uuid4()
    announce(kind="badge.awarded", data={"award_id": 1}, event_id=event_id)
    announce(kind="badge.awarded", data={"award_id": 1}, event_id=event_id)

    assert WebhookDelivery.objects.filter(event_id=event_id).count() == 1


def test_announce_with_no_subscriber_writes_nothing(hr_admin, receiver):
    create_webhook(
        actor=hr_admin, name="Badges only", url=receiver.url, event_kinds=["badge.awarded"]
    )
    off, _secret = create_webhook(
        actor=hr_admin, name="Off", url=receiver.url, event_kinds=ALL_KINDS
    )
    webhooks.deactivate_webhook(actor=hr_admin, webhook_id=off.pk)

    assert announce(kind="kudos.given", data={"kudos_id": 1}) == []
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {"mood": 2},
        {"person": {"id": 1, "Stress": 4}},
        {"items": [{"note": "tired"}]},
        {"check_in": 5},
        {"energy": 1},
    ],
)
def test_wellbeing_data_is_refused(hook, data):
    with pytest.raises(ValueError, match="wellbeing"):
        announce(kind="kudos.given", data=data)
    assert not WebhookDelivery.objects.exists()


def test_only_https_addresses_outside_development(hr_admin, settings):
    settings.DEBUG = False
    with pytest.raises(DomainError) as refused:
        create_webhook(
            actor=hr_admin, name="Plain", url="http://tools.example.com/h", event_kinds=ALL_KINDS
        )
    assert "url" in refused.value.errors
    create_webhook(
        actor=hr_admin, name="Local", url="http://localhost:8080/h", event_kinds=ALL_KINDS
    )
    create_webhook(
        actor=hr_admin, name="Secure", url="https://tools.example.com/h", event_kinds=ALL_KINDS
    )


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_only_hr_register_webhooks(persona, request, receiver):
    with pytest.raises(PermissionDeniedError):
        create_webhook(
            actor=request.getfixturevalue(persona),
            name="Mine",
            url=receiver.url,
            event_kinds=ALL_KINDS,
        )
    assert not OutboundWebhook.objects.exists()


def test_the_secret_is_stored_encrypted(hook):
    _webhook, secret = hook
    stored = OutboundWebhook.objects.values_list("secret_encrypted", flat=True).get()

    assert secret not in stored
    assert crypto.decrypt(stored) == secret


def test_a_configured_encryption_key_is_used(settings):
    from cryptography.fernet import Fernet

    settings.CUIDA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    token = crypto.encrypt("whsec_x")

    assert Fernet(settings.CUIDA_ENCRYPTION_KEY.encode()).decrypt(token.encode()) == b"whsec_x"


# --- Pages -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
@pytest.mark.parametrize("name", ["notifications:webhooks", "notifications:webhook_deliveries"])
def test_only_hr_reach_the_pages(persona, name, request, client, hook):
    client.force_login(request.getfixturevalue(persona))
    kwargs = {"pk": hook[0].pk} if name.endswith("deliveries") else {}

    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403
    assert client.post(
        reverse("notifications:webhook_deactivate", args=[hook[0].pk])
    ).status_code in (302, 403)
    hook[0].refresh_from_db()
    assert hook[0].active


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("notifications:webhooks"))

    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_hr_create_a_webhook_and_see_its_secret_once(client, hr_admin, receiver):
    client.force_login(hr_admin)

    response = client.post(
        reverse("notifications:webhooks"),
        {"name": "Intranet", "url": receiver.url, "event_kinds": ["kudos.given", "badge.awarded"]},
    )

    assert response.status_code == 200
    secret = response.context["new_secret"]
    assert secret.startswith("whsec_")
    assert secret in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    webhook = OutboundWebhook.objects.get()
    assert webhook.event_kinds == ["badge.awarded", "kudos.given"]
    assert AuditEvent.objects.filter(verb="webhook.created", target_id=str(webhook.pk)).exists()
    again = client.get(reverse("notifications:webhooks"))
    assert secret not in again.content.decode()


def test_a_form_without_events_is_shown_again(client, hr_admin, receiver):
    client.force_login(hr_admin)

    response = client.post(reverse("notifications:webhooks"), {"name": "X", "url": receiver.url})

    assert response.status_code == 400
    assert not OutboundWebhook.objects.exists()


def test_hr_switch_a_webhook_off(client, hr_admin, hook):
    client.force_login(hr_admin)
    queued = one_delivery()

    response = client.post(reverse("notifications:webhook_deactivate", args=[hook[0].pk]))

    assert response.status_code == 302
    hook[0].refresh_from_db()
    queued.refresh_from_db()
    assert not hook[0].active
    assert queued.status == "failed"
    assert AuditEvent.objects.filter(verb="webhook.deactivated").exists()


def test_hr_read_deliveries_and_retry_a_failed_one(client, hr_admin, hook, receiver):
    receiver.script.append((400, {}, "bad payload"))
    delivery = one_delivery()
    deliver(delivery_id=delivery.pk)
    client.force_login(hr_admin)

    page = client.get(reverse("notifications:webhook_deliveries", args=[hook[0].pk]))

    assert page.status_code == 200
    assert "bad payload" in page.content.decode()
    url = reverse("notifications:delivery_retry", args=[delivery.pk])
    assert url in page.content.decode()

    response = client.post(url)

    assert response.status_code == 302
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("queued", 0)
    assert AuditEvent.objects.filter(verb="webhook.delivery_retried").exists()
    assert deliver(delivery_id=delivery.pk) == "sent"

    # Retrying one that was sent is refused: a message, and back to where the form was.
    refused = client.post(url, {"next": page.request["PATH_INFO"]})
    assert refused.status_code == 302
    delivery.refresh_from_db()
    assert delivery.status == "sent"


# --- Apps announce on commit ------------------------------------------------------------------


def test_kudos_given_creates_a_delivery_sent_on_commit(
    hook, agent, teammate, receiver, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        kudos = give_kudos(
            giver=agent,
            recipient_ids=[teammate.pk],
            message="Great call!",
            value_slugs=["teamwork"],
        )
    delivery = WebhookDelivery.objects.get()
    assert receiver.requests == []  # nothing before the commit

    for callback in callbacks:
        callback()

    delivery.refresh_from_db()
    assert delivery.status == "sent"
    data = json.loads(receiver.requests[0]["body"])["data"]
    assert data["kudos_id"] == kudos.pk
    assert data["recipients"] == [{"id": teammate.pk, "name": str(teammate)}]
    assert data["message"] == "Great call!"
    assert data["values"] == ["teamwork"]


def test_a_refused_action_announces_nothing(hook, agent, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(DomainError),
    ):
        give_kudos(giver=agent, recipient_ids=[agent.pk], message="Me!", value_slugs=["teamwork"])

    assert callbacks == []
    assert not WebhookDelivery.objects.exists()


def test_badge_reward_and_promotion_are_announced(
    hook, hr_admin, agent, teammate, team_lead, django_capture_on_commit_callbacks
):
    badge = BadgeClass.objects.create(
        slug="calm",
        name_en="Calm",
        name_es="Calma",
        description_en="d",
        description_es="d",
        criteria_en="c",
        criteria_es="c",
    )
    give_kudos(
        giver=teammate,
        recipient_ids=[agent.pk],
        message="Thanks",
        value_slugs=["teamwork"],
        points_each=50,
    )
    item = RewardItem.objects.create(name_en="Break", name_es="Descanso", cost=30, stock=5)
    redemption = request_redemption(user=agent, item_id=item.pk)
    track = track_services.create_track(actor=hr_admin, name_en="Service", name_es="Servicio")
    one = track_services.add_level(actor=hr_admin, track=track, name_en="I", name_es="I")
    two = track_services.add_level(actor=hr_admin, track=track, name_en="II", name_es="II")
    promotions.set_level(actor=hr_admin, agent=agent, level=one)
    plans.set_target_level(actor=agent, agent=agent, level_id=two.pk)
    promotion = promotions.endorse(actor=team_lead, agent=agent)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
        approve_redemption(actor=team_lead, redemption_id=redemption.pk)
        promotions.approve(actor=hr_admin, promotion_id=promotion.pk)

    kinds = list(
        WebhookDelivery.objects.exclude(event_kind="kudos.given")
        .order_by("pk")
        .values_list("event_kind", flat=True)
    )
    assert kinds == ["badge.awarded", "reward.approved", "promotion.approved"]
    assert len(callbacks) >= 3
    promoted = WebhookDelivery.objects.get(event_kind="promotion.approved").payload["data"]
    assert promoted["agent"]["id"] == agent.pk
    assert promoted["level"]["name"]["es"] == "II"


def test_a_rolled_back_transaction_sends_nothing(
    hook, receiver, django_capture_on_commit_callbacks
):
    def announce_then_fail() -> None:
        with transaction.atomic():
            announce(kind="kudos.given", data={"kudos_id": 1})
            raise RuntimeError

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        announce_then_fail()

    assert callbacks == []
    assert not WebhookDelivery.objects.exists()
    assert receiver.requests == []


def test_a_secret_that_no_longer_decrypts_fails_the_delivery_with_its_reason(
    hr_admin, receiver, django_capture_on_commit_callbacks
):
    # given a webhook whose secret was encrypted under a key since replaced
    webhook, _secret = create_webhook(
        actor=hr_admin, name="Intranet", url=receiver.url, event_kinds=["kudos.given"]
    )
    OutboundWebhook.objects.filter(pk=webhook.pk).update(secret_encrypted="-")

    # when an event is announced
    with django_capture_on_commit_callbacks(execute=True):
        [delivery] = announce(kind="kudos.given", data={"kudos_id": 1})

    # then nothing is sent, and HR read why
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "register it again" in delivery.last_error
    assert receiver.requests == []
