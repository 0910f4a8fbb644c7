"""Outbound webhooks: other tools hear of public events (README, "Outbound webhooks").

Apps call ``announce`` inside their transaction; one ``WebhookDelivery`` per subscribed
webhook is written there and sent by a task after commit. A failed send is retried with
exponential backoff by the every-minute sweeper (``retry_due_deliveries``): no task waits on
the broker with a countdown longer than its visibility timeout (design.md, reliability).

Never wellbeing data: no check-in, mood, energy, stress or note ever leaves through a webhook
(design invariant 7); ``announce`` refuses such keys so a mistake fails loudly in tests.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, cast

import requests
from celery import current_app
from cryptography.fernet import InvalidToken
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import broker
from core.exceptions import ConflictError, NotFoundError
from core.services import record_audit_event
from notifications import crypto
from notifications.models import OutboundWebhook, WebhookDelivery
from notifications.services import teams
from notifications.services.targets import clean_target, switch_off
from notifications.signatures import sign, verify_signature
from notifications.slack import announcements as slack_announcements
from people.permissions import require_hr

if TYPE_CHECKING:
    from people.models import User

__all__ = [
    "EVENT_KINDS",
    "announce",
    "create_webhook",
    "deactivate_webhook",
    "deliver",
    "retry_delivery",
    "retry_due_deliveries",
    "verify_signature",
]

logger = logging.getLogger(__name__)

DELIVER_TASK = "notifications.tasks.deliver_webhook_task"
EVENT_KINDS = frozenset(OutboundWebhook.Kind.values)
# Keys that would carry wellbeing data; refused anywhere in ``data`` (any case).
WELLBEING_KEYS = frozenset(
    {"mood", "energy", "stress", "note", "notes", "check_in", "checkin", "check_ins", "wellbeing"}
)
TIMEOUT_SECONDS = 5
MAX_ATTEMPTS = 8
BASE_BACKOFF_SECONDS = 30
MAX_BACKOFF_SECONDS = 3600
# A claimed delivery is not due again for this long: longer than one send can take, so a
# second copy of the task finds nothing to do; a worker that died is retried after it.
CLAIM_LEASE = dt.timedelta(seconds=60)
SWEEP_BATCH = 100
SWEEP_LIMIT = 1000
RESPONSE_KEPT = 1000
RETRYABLE_STATUSES = frozenset({408, 429})


# --- Announcing -----------------------------------------------------------------------------


def _refuse_wellbeing(data: Any, path: str = "data") -> None:
    if isinstance(data, Mapping):
        for key, value in data.items():
            if str(key).lower() in WELLBEING_KEYS:
                raise ValueError(f"{path}.{key}: wellbeing data never leaves through a webhook.")
            _refuse_wellbeing(value, f"{path}.{key}")
    elif isinstance(data, (list, tuple)):
        for index, value in enumerate(data):
            _refuse_wellbeing(value, f"{path}[{index}]")


def announce(
    *, kind: str, data: Mapping[str, Any], event_id: uuid.UUID | None = None
) -> list[WebhookDelivery]:
    """Tell every active webhook subscribed to ``kind``; call it inside the transaction of
    the change. ``data`` holds public facts only (ids, names, messages, points): a key that
    would carry wellbeing data raises ``ValueError``. The same ``event_id`` twice writes one
    delivery per webhook."""
    if kind not in EVENT_KINDS:
        raise ValueError(f"Unknown webhook event kind {kind!r}.")
    _refuse_wellbeing(data)
    webhooks = [w for w in OutboundWebhook.objects.filter(active=True) if kind in w.event_kinds]
    event_id = event_id or uuid.uuid4()
    # Teams channels hear the same event as a card of their own (services/teams.py), and
    # Slack workspaces' chosen channels as a message (slack/announcements.py).
    channel_deliveries = teams.deliveries_for(kind=kind, data=data, event_id=event_id)
    slack_announcements.posts_for(kind=kind, data=data, event_id=event_id)
    if not webhooks and not channel_deliveries:
        return []
    payload = json.loads(
        json.dumps(
            {
                "id": str(event_id),
                "kind": kind,
                "created_at": timezone.now().isoformat(),
                "data": data,
            },
            cls=DjangoJSONEncoder,
        )
    )
    deliveries = [
        WebhookDelivery.objects.get_or_create(
            webhook=webhook,
            event_id=event_id,
            defaults={"event_kind": kind, "payload": payload},
        )[0]
        for webhook in webhooks
    ] + channel_deliveries
    ids = [d.pk for d in deliveries if d.status == WebhookDelivery.Status.QUEUED]
    transaction.on_commit(partial(enqueue_deliveries, delivery_ids=ids), robust=True)
    return deliveries


def enqueue_deliveries(*, delivery_ids: Iterable[int]) -> None:
    """One task per delivery; a broker that is down costs nothing: the sweeper sends them."""
    task = current_app.tasks[DELIVER_TASK]
    for delivery_id in delivery_ids:
        if not broker.enqueue(task, delivery_id):
            logger.warning("Webhook deliveries not enqueued; the sweeper will send them.")
            return


# --- HR: registering, switching off, retrying ----------------------------------------------


@transaction.atomic
def create_webhook(
    *, actor: User, name: str, url: str, event_kinds: Sequence[str]
) -> tuple[OutboundWebhook, str]:
    """Register a webhook; returns it with its signing secret, which is shown this once."""
    require_hr(actor)
    name, url, kinds = clean_target(
        name=name,
        url=url,
        event_kinds=event_kinds,
        allowed=EVENT_KINDS,
        failure=_("The webhook could not be saved."),
    )
    secret = "whsec_" + secrets.token_urlsafe(32)
    webhook = OutboundWebhook.objects.create(
        name=name,
        url=url,
        event_kinds=kinds,
        secret_encrypted=crypto.encrypt(secret),
        created_by=actor,
    )
    record_audit_event(
        actor=actor, verb="webhook.created", target=webhook, data={"url": url, "kinds": kinds}
    )
    return webhook, secret


@transaction.atomic
def deactivate_webhook(*, actor: User, webhook_id: int) -> OutboundWebhook:
    """Switch a webhook off; what it had queued is not sent (marked failed)."""
    require_hr(actor)
    webhook = switch_off(
        OutboundWebhook,
        pk=webhook_id,
        not_found=_("Webhook not found."),
        already_off=_("This webhook is already switched off."),
        reason="Webhook switched off.",
    )
    record_audit_event(actor=actor, verb="webhook.deactivated", target=webhook)
    return webhook


@transaction.atomic
def retry_delivery(*, actor: User, delivery_id: int) -> WebhookDelivery:
    """Send a failed delivery again now, with a fresh set of attempts."""
    require_hr(actor)
    delivery = (
        WebhookDelivery.objects.select_for_update(of=("self",))
        .select_related("webhook", "teams_channel")
        .filter(pk=delivery_id)
        .first()
    )
    if delivery is None:
        raise NotFoundError(_("Delivery not found."))
    if delivery.status != WebhookDelivery.Status.FAILED:
        raise ConflictError(_("Only a failed delivery can be retried."))
    if not delivery.target_active:
        raise ConflictError(_("This webhook is switched off."))
    delivery.status = WebhookDelivery.Status.QUEUED
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    record_audit_event(actor=actor, verb="webhook.delivery_retried", target=delivery)
    transaction.on_commit(partial(enqueue_deliveries, delivery_ids=[delivery.pk]), robust=True)
    return delivery


# --- Sending --------------------------------------------------------------------------------


def backoff(attempts: int) -> dt.timedelta:
    """After the ``attempts``-th failure: 30 s, 1 min, 2 min, … at most an hour."""
    return dt.timedelta(
        seconds=min(BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)
    )


def _retry_after(response: requests.Response) -> dt.timedelta | None:
    value = response.headers.get("Retry-After", "")
    if value.strip().isdigit():
        return dt.timedelta(seconds=min(int(value), MAX_BACKOFF_SECONDS))
    return None


def deliver(*, delivery_id: int) -> str:
    """Send one delivery if it is due; returns its status afterwards, or "skipped" when it
    was not due (already sent, failed, or being sent by another worker)."""
    now = timezone.now()
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id, status=WebhookDelivery.Status.QUEUED, next_attempt_at__lte=now
    ).update(next_attempt_at=now + CLAIM_LEASE)
    if not claimed:
        return "skipped"
    delivery = WebhookDelivery.objects.select_related("webhook", "teams_channel").get(
        pk=delivery_id
    )
    if not delivery.target_active:
        return _finish(
            delivery, status=WebhookDelivery.Status.FAILED, error="Webhook switched off."
        )
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    try:
        url, headers = _address(delivery, body=body, now=now)
    except InvalidToken:
        # Encrypted under another key (CUIDA_ENCRYPTION_KEY or SECRET_KEY changed): no
        # retry can read it; HR register the target again.
        return _finish(
            delivery,
            status=WebhookDelivery.Status.FAILED,
            error="Its secret cannot be read after a key change: register it again.",
        )
    try:
        response = requests.post(
            url,
            data=body,
            headers=headers,
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return _retry_or_fail(delivery, error=f"{type(exc).__name__}: {exc}"[:300])
    code = response.status_code
    text = response.text[:RESPONSE_KEPT]
    if 200 <= code < 300:
        return _finish(delivery, status=WebhookDelivery.Status.SENT, code=code, text=text)
    if code >= 500 or code in RETRYABLE_STATUSES:
        wait = _retry_after(response) if code == 429 else None
        return _retry_or_fail(delivery, code=code, text=text, wait=wait)
    # Any other answer (4xx, a redirect) will not change by asking again.
    return _finish(delivery, status=WebhookDelivery.Status.FAILED, code=code, text=text)


def _address(
    delivery: WebhookDelivery, *, body: bytes, now: dt.datetime
) -> tuple[str, dict[str, str]]:
    """Where one delivery goes and its headers: a webhook's request is signed; a Teams
    Workflows URL is signed by Teams itself (its ``sig=`` parameter), kept encrypted."""
    headers = {"Content-Type": "application/json", "User-Agent": "Cuida-Webhooks/1"}
    if delivery.teams_channel is not None:
        return crypto.decrypt(delivery.teams_channel.url_encrypted), headers
    # The check constraint: one target or the other.
    webhook = cast(OutboundWebhook, delivery.webhook)
    timestamp = str(int(now.timestamp()))
    headers |= {
        "X-Cuida-Event": delivery.event_kind,
        "X-Cuida-Delivery": str(delivery.event_id),
        "X-Cuida-Timestamp": timestamp,
        "X-Cuida-Signature": sign(crypto.decrypt(webhook.secret_encrypted), timestamp, body),
    }
    return webhook.url, headers


def _finish(
    delivery: WebhookDelivery,
    *,
    status: str,
    code: int | None = None,
    text: str = "",
    error: str = "",
) -> str:
    delivery.status = status
    delivery.attempts += 1
    delivery.last_status_code = code
    delivery.last_response = text
    delivery.last_error = error
    if status == WebhookDelivery.Status.SENT:
        delivery.sent_at = timezone.now()
    delivery.save(
        update_fields=[
            "status",
            "attempts",
            "last_status_code",
            "last_response",
            "last_error",
            "sent_at",
            "next_attempt_at",
        ]
    )
    return status


def _retry_or_fail(
    delivery: WebhookDelivery,
    *,
    code: int | None = None,
    text: str = "",
    error: str = "",
    wait: dt.timedelta | None = None,
) -> str:
    if delivery.attempts + 1 >= MAX_ATTEMPTS:
        return _finish(
            delivery, status=WebhookDelivery.Status.FAILED, code=code, text=text, error=error
        )
    delivery.next_attempt_at = timezone.now() + (wait or backoff(delivery.attempts + 1))
    return _finish(
        delivery, status=WebhookDelivery.Status.QUEUED, code=code, text=text, error=error
    )


def retry_due_deliveries() -> int:
    """Enqueue the queued deliveries whose time has come, a batch at a time (the beat runs
    it every minute). Returns how many were enqueued."""
    now = timezone.now()
    due = WebhookDelivery.objects.filter(
        status=WebhookDelivery.Status.QUEUED, next_attempt_at__lte=now
    ).order_by("next_attempt_at", "pk")
    ids = list(due.values_list("pk", flat=True)[:SWEEP_LIMIT])
    task = current_app.tasks[DELIVER_TASK]
    sent = 0
    for start in range(0, len(ids), SWEEP_BATCH):
        for delivery_id in ids[start : start + SWEEP_BATCH]:
            if not broker.enqueue(task, delivery_id):
                return sent
            sent += 1
    return sent
