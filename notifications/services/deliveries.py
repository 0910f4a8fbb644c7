"""Notifications on their way out: e-mail, web push and Slack (the inbox is the
``Notification`` row). ``queue_deliveries`` writes one ``Delivery`` per channel a person
chose and can be reached on, inside the caller's transaction, and enqueues sending after
commit; ``send_delivery`` sends one when its time has come, or moves it later for quiet
hours, shift hours or the daily cap; the every-minute sweeper (``send_due_deliveries``)
sends what was deferred, retried or never enqueued (the broker was down).

Exactly once: a worker claims a delivery by moving ``next_attempt_at`` a lease ahead with a
conditional UPDATE, so a second copy of the task (a retry, a re-delivery after the
visibility timeout) finds nothing due; a sent delivery is never due again. A worker killed
between the send and the write that records it resends after the lease (the one at-least-
once window, as with any mail server); tests/integration/test_notification_fanout.py kills
workers to show that everything else arrives exactly once.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from celery import current_app
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, override

from core import broker
from core.addresses import public_url
from core.exceptions import ConflictError, NotFoundError
from core.services import record_audit_event
from notifications import channels, routing
from notifications.channels import Outgoing, RetryLater, Undeliverable
from notifications.emails import language_of
from notifications.kinds import KINDS_BY_NAME, NotificationKind
from notifications.models import Delivery, Notification
from people.permissions import require_hr
from people.time import in_time_zone_of

if TYPE_CHECKING:
    from people.models import User

__all__ = [
    "SEND_TASK",
    "enqueue_sending",
    "queue_deliveries",
    "retry_failed_delivery",
    "send_deliveries",
    "send_delivery",
    "send_due_deliveries",
]

logger = logging.getLogger(__name__)

SEND_TASK = "notifications.tasks.send_deliveries_task"
# Deliveries per task: enough to amortise a task, few enough that one slow channel holds
# up little.
CHUNK = 100
SWEEP_LIMIT = 2000
MAX_ATTEMPTS = 6
BASE_BACKOFF_SECONDS = 60
MAX_BACKOFF_SECONDS = 3600
# Longer than a send can take (SMTP, push and Slack all time out sooner).
LEASE = dt.timedelta(minutes=2)
RECHECK_AFTER = dt.timedelta(minutes=1)


# --- Queueing -------------------------------------------------------------------------------


def queue_deliveries(
    *, notifications: Sequence[Notification], kind: NotificationKind
) -> list[Delivery]:
    """One delivery per notification and channel its person chose and can be reached on;
    call inside the transaction that wrote the notifications."""
    if not notifications:
        return []
    user_ids = {n.user_id for n in notifications}
    rows: list[Delivery] = []
    for name, wanted in routing.channels_on(kind=kind, user_ids=user_ids).items():
        channel = channels.channel(name)
        if not wanted or channel is None or name in kind.own_channels:
            continue
        reachable = channel.reachable(wanted)
        rows += [
            Delivery(notification=n, user_id=n.user_id, kind=kind.name, channel=name)
            for n in notifications
            if n.user_id in reachable
        ]
    if not rows:
        return []
    Delivery.objects.bulk_create(rows, batch_size=1000)
    ids = [row.pk for row in rows]
    transaction.on_commit(partial(enqueue_sending, delivery_ids=ids), robust=True)
    return rows


def enqueue_sending(*, delivery_ids: Iterable[int]) -> None:
    """A task per ``CHUNK`` deliveries; a broker that is down costs nothing: the sweeper
    sends them."""
    task = current_app.tasks[SEND_TASK]
    ids = list(delivery_ids)
    for start in range(0, len(ids), CHUNK):
        if not broker.enqueue(task, ids[start : start + CHUNK]):
            logger.warning("Deliveries not enqueued; the sweeper will send them.")
            return


def send_due_deliveries() -> int:
    """Enqueue the deliveries whose time has come (the beat runs it every minute)."""
    ids = list(
        Delivery.objects.filter(status=Delivery.Status.QUEUED, next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_LIMIT]
    )
    enqueue_sending(delivery_ids=ids)
    return len(ids)


# --- Sending --------------------------------------------------------------------------------


def send_deliveries(*, delivery_ids: Sequence[int]) -> dict[str, int]:
    """Send each; one channel's fault (or a bug) never stops the others."""
    outcomes: dict[str, int] = {}
    for delivery_id in delivery_ids:
        try:
            outcome = send_delivery(delivery_id=delivery_id)
        except Exception:  # a bug in one channel: the lease lets the sweeper try again
            logger.exception("Delivery %s could not be sent.", delivery_id)
            outcome = "error"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def _claim(ids: Sequence[int], now: dt.datetime) -> int:
    return Delivery.objects.filter(
        pk__in=ids, status=Delivery.Status.QUEUED, next_attempt_at__lte=now
    ).update(next_attempt_at=now + LEASE)


def send_delivery(*, delivery_id: int) -> str:
    """Send one delivery if it is due; returns what happened: "sent", "deferred",
    "retrying", "failed", or "skipped" when it was not due (sent already, collapsed into
    another, or held by another worker)."""
    now = timezone.now()
    if not _claim([delivery_id], now):
        return "skipped"
    delivery = Delivery.objects.select_related("notification", "user").get(pk=delivery_id)
    kind = KINDS_BY_NAME[delivery.kind]
    channel = channels.channel(delivery.channel)
    if channel is None or not delivery.user.is_active:
        return _fail(
            delivery, reason=gettext_noop("The channel or the person is no longer available.")
        )
    age = now - delivery.notification.created_at
    if kind.expires_after is not None and age > dt.timedelta(seconds=kind.expires_after):
        return _fail(delivery, reason=gettext_noop("Expired: too late to help."))
    if not kind.immediate:
        later = _deferred_until(delivery, now=now)
        if later is not None:
            Delivery.objects.filter(pk=delivery.pk).update(next_attempt_at=later)
            return "deferred"
    # Switched off while it waited (quiet hours, the cap, retries): the grid or an e-mail's
    # unsubscribe link, whose RFC 8058 promise is "no more mail". A fresh delivery was
    # routed a moment ago, so only one that waited asks again.
    if now - delivery.created_at > RECHECK_AFTER and not _still_wanted(delivery, kind):
        return _fail(
            delivery,
            reason=gettext_noop("The person switched these messages off while they waited."),
        )
    similar = _claim_similar(delivery, now=now)
    try:
        channel.send(_outgoing(delivery, kind=kind, count=1 + len(similar)))
    except RetryLater as exc:
        return _retry(delivery, reason=exc.reason, retry_after=exc.retry_after)
    except Undeliverable as exc:
        return _fail(delivery, reason=exc.reason)
    sent_at = timezone.now()
    with transaction.atomic():
        Delivery.objects.filter(pk=delivery.pk).update(
            status=Delivery.Status.SENT, sent_at=sent_at, attempts=delivery.attempts + 1
        )
        Delivery.objects.filter(pk__in=similar).update(
            status=Delivery.Status.COLLAPSED, sent_at=sent_at, collapsed_into=delivery
        )
    return "sent"


def _still_wanted(delivery: Delivery, kind: NotificationKind) -> bool:
    on = routing.channels_on(kind=kind, user_ids=[delivery.user_id])
    return delivery.user_id in on.get(delivery.channel, set())


def _deferred_until(delivery: Delivery, *, now: dt.datetime) -> dt.datetime | None:
    """When a delivery that can wait may go, if not now: after the person's shift or quiet
    hours, or tomorrow once today's cap on this channel is reached."""
    hours = routing.hours_of(user_id=delivery.user_id)
    with in_time_zone_of(delivery.user):
        local = timezone.localtime(now)
    allowed = routing.next_delivery_time(local=local, hours=hours)
    if allowed > local:
        return allowed
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    sent_today = Delivery.objects.filter(
        user_id=delivery.user_id,
        channel=delivery.channel,
        status=Delivery.Status.SENT,
        sent_at__gte=midnight,
    ).count()
    if sent_today < hours.daily_cap:
        return None
    # Wall-clock arithmetic (zoneinfo): the next local midnight, whatever DST does.
    tomorrow = midnight + dt.timedelta(days=1)
    return routing.next_delivery_time(local=tomorrow, hours=hours)


def _claim_similar(delivery: Delivery, *, now: dt.datetime) -> list[int]:
    """The person's other due deliveries of the same kind on the same channel, claimed to
    go out as one message with this one ("and 3 more")."""
    with transaction.atomic():
        ids = list(
            Delivery.objects.select_for_update(skip_locked=True)
            .filter(
                user_id=delivery.user_id,
                channel=delivery.channel,
                kind=delivery.kind,
                status=Delivery.Status.QUEUED,
                next_attempt_at__lte=now,
            )
            .exclude(pk=delivery.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        _claim(ids, now)
    return ids


def _outgoing(delivery: Delivery, *, kind: NotificationKind, count: int) -> Outgoing:
    """The message in the person's language; a private kind says only that there is news."""
    notification = delivery.notification
    with override(language_of(delivery.user)):
        title = str(kind.label)
        text = _("You have something new in Cuida.") if kind.private else notification.text
        if count > 1:
            text = _("%(text)s (and %(more)s more like it)") % {"text": text, "more": count - 1}
    return Outgoing(
        delivery=delivery,
        notification=notification,
        user=delivery.user,
        kind=kind,
        title=title,
        text=text,
        url=public_url(notification.url or "/notifications/", request=None),
        count=count,
    )


def backoff(attempts: int) -> dt.timedelta:
    """After the ``attempts``-th failure: 1 min, 2, 4, … at most an hour."""
    return dt.timedelta(
        seconds=min(BASE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), MAX_BACKOFF_SECONDS)
    )


def _retry(delivery: Delivery, *, reason: str, retry_after: float | None) -> str:
    attempts = delivery.attempts + 1
    if attempts >= MAX_ATTEMPTS:
        return _fail(delivery, reason=reason)
    wait = (
        dt.timedelta(seconds=min(retry_after, MAX_BACKOFF_SECONDS))
        if retry_after is not None
        else backoff(attempts)
    )
    Delivery.objects.filter(pk=delivery.pk).update(
        attempts=attempts, last_error=reason[:300], next_attempt_at=timezone.now() + wait
    )
    return "retrying"


def _fail(delivery: Delivery, *, reason: str) -> str:
    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.FAILED, attempts=delivery.attempts + 1, last_error=reason[:300]
    )
    return "failed"


@transaction.atomic
def retry_failed_delivery(*, actor: User, delivery_id: int) -> Delivery:
    """HR sends a failed delivery again, with a fresh set of attempts."""
    require_hr(actor)
    delivery = Delivery.objects.select_for_update().filter(pk=delivery_id).first()
    if delivery is None:
        raise NotFoundError(_("Delivery not found."))
    if delivery.status != Delivery.Status.FAILED:
        raise ConflictError(_("Only a failed delivery can be retried."))
    delivery.status = Delivery.Status.QUEUED
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at"])
    record_audit_event(actor=actor, verb="notifications.delivery_retried", target=delivery)
    transaction.on_commit(partial(enqueue_sending, delivery_ids=[delivery.pk]), robust=True)
    return delivery
