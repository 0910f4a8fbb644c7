"""Web push: the notification on each device (browser) the person turned it on for, sent
through the browser's push service (pywebpush: the payload encrypted for the device,
RFC 8291, and signed with the VAPID key, RFC 8292).

The payload is ``{title, body, url, tag}`` and nothing more; a private kind's text is
already "you have something new" (services.deliveries), and its title here is only
"Cuida", since a phone shows both on its lock screen. The service worker
(templates/core/service_worker.js) shows it and opens ``url`` on a tap.

One delivery, many devices. Each device that accepts the push gets a ``PushReceipt``; when
another device's push service is busy (429, 5xx, no answer) the delivery is retried
(``RetryLater``), and the retry pushes only to the devices without a receipt, so nobody's
phone rings twice for one kudos. A device whose push service says the subscription is gone
(404, 410) is forgotten; with none left the delivery is ``Undeliverable``. The cost is a
row per device and delivery; the gain is that a phone that was busy still gets the
notification, while one extra query per send is cheap beside an HTTP round trip.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import json
import logging
from collections.abc import Collection

import requests
from cryptography.fernet import InvalidToken
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_noop
from py_vapid import Vapid
from pywebpush import WebPushException, webpush

from notifications import crypto
from notifications.channels.base import Channel, Outgoing, RetryLater, Undeliverable
from notifications.kinds import PUSH
from notifications.models import PushReceipt, PushSubscription
from notifications.vapid import push_configured

logger = logging.getLogger(__name__)

# How long a push service keeps a push for a device that is off: news older than a shift is
# no longer news (the inbox keeps it anyway).
TTL_SECONDS = 12 * 60 * 60
TIMEOUT_SECONDS = 10
GONE = frozenset({404, 410})


def _contact() -> str:
    return settings.WEBPUSH_CONTACT or f"mailto:{settings.CUIDA_ORGANIZATION_EMAIL}"


def _retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max((when - timezone.now()).total_seconds(), 0.0)


def payload(outgoing: Outgoing) -> dict[str, str]:
    """What the service worker shows. ``tag`` is the kind: a newer kudos replaces the
    older one on the screen instead of piling up (the inbox keeps both)."""
    return {
        "title": "Cuida" if outgoing.kind.private else outgoing.title,
        "body": outgoing.text,
        "url": outgoing.url,
        "tag": outgoing.kind.name,
    }


class PushChannel(Channel):
    name = PUSH

    def configured(self) -> bool:
        return push_configured()

    def reachable(self, user_ids: Collection[int]) -> set[int]:
        if not self.configured():
            return set()
        return set(
            PushSubscription.objects.filter(user_id__in=user_ids, user__is_active=True)
            .values_list("user_id", flat=True)
            .distinct()
        )

    def send(self, outgoing: Outgoing) -> None:
        if not self.configured():
            raise Undeliverable(gettext_noop("Web push is not configured (WEBPUSH_VAPID_* keys)."))
        devices = list(PushSubscription.objects.filter(user_id=outgoing.user.pk).order_by("pk"))
        if not devices:
            raise Undeliverable(gettext_noop("The person has no device with notifications on."))
        already = set(
            PushReceipt.objects.filter(delivery=outgoing.delivery).values_list(
                "subscription_id", flat=True
            )
        )
        data = json.dumps(payload(outgoing), ensure_ascii=False)
        headers = {
            "Urgency": "high" if outgoing.kind.immediate else "normal",
            # Topic: a push service holding an undelivered push of this kind for an offline
            # device replaces it with the newer one.
            "Topic": outgoing.kind.name[:32],
        }
        vapid = Vapid.from_string(settings.WEBPUSH_VAPID_PRIVATE_KEY)
        delivered = len(already)
        busy: list[tuple[str, float | None]] = []
        refused: list[str] = []
        for device in devices:
            if device.pk in already:
                continue
            outcome = self._push(device, data=data, headers=headers, vapid=vapid, outgoing=outgoing)
            if outcome is None:
                delivered += 1
            elif outcome[0] == "busy":
                busy.append((outcome[1], outcome[2]))
            elif outcome[0] == "refused":
                refused.append(outcome[1])
        if busy:
            waits = [wait for _reason, wait in busy if wait is not None]
            raise RetryLater("; ".join(r for r, _w in busy), retry_after=max(waits, default=None))
        if delivered:
            return
        if refused:
            raise Undeliverable("; ".join(refused))
        raise Undeliverable(gettext_noop("Every device's subscription has ended."))

    def _push(
        self,
        device: PushSubscription,
        *,
        data: str,
        headers: dict[str, str],
        vapid: Vapid,
        outgoing: Outgoing,
    ) -> tuple[str, str, float | None] | None:
        """None when the device's push service took it; otherwise ("gone" | "busy" |
        "refused", the reason, seconds to wait)."""
        try:
            subscription = {
                "endpoint": crypto.decrypt(device.endpoint_encrypted),
                "keys": {
                    "p256dh": crypto.decrypt(device.p256dh_encrypted),
                    "auth": crypto.decrypt(device.auth_encrypted),
                },
            }
        except InvalidToken:
            # Encrypted under an older key (SECRET_KEY rotated): nobody can read it again.
            device.delete()
            return ("gone", f"device {device.pk}: unreadable after a key change", None)
        try:
            webpush(
                subscription,
                data=data,
                vapid_private_key=vapid,
                # A new dict each time: pywebpush writes the audience and expiry into it.
                vapid_claims={"sub": _contact()},
                ttl=TTL_SECONDS,
                headers=dict(headers),
                timeout=TIMEOUT_SECONDS,
            )
        except WebPushException as exc:
            status = exc.status_code
            if status in GONE:
                device.delete()
                return ("gone", f"device {device.pk}: {status}, subscription ended", None)
            reason = f"device {device.pk}: push service answered {status}"
            if status is None or status == 429 or status >= 500:
                return ("busy", reason, _retry_after(exc.retry_after))
            logger.warning("Push refused for device %s: %s", device.pk, exc)
            return ("refused", reason, None)
        except requests.RequestException as exc:
            return ("busy", f"device {device.pk}: {type(exc).__name__}", None)
        self._received(device, outgoing)
        return None

    @staticmethod
    def _received(device: PushSubscription, outgoing: Outgoing) -> None:
        now = timezone.now()
        PushSubscription.objects.filter(pk=device.pk).update(last_used_at=now)
        # Ignoring a conflict: a second copy of the send (after the lease) recorded it first.
        PushReceipt.objects.bulk_create(
            [PushReceipt(delivery=outgoing.delivery, subscription=device)], ignore_conflicts=True
        )
