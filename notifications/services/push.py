"""A person's devices for web push: turning notifications on for a browser (its
subscription from ``PushManager.subscribe``) and off again. Sending is the push channel's
(notifications/channels/push.py)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from cryptography.hazmat.primitives.asymmetric import ec
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import record_audit_event
from notifications import crypto
from notifications.models import PushSubscription
from notifications.services.targets import url_allowed
from notifications.vapid import b64url_decode, push_configured

if TYPE_CHECKING:
    from people.models import User

__all__ = ["endpoint_digest", "subscribe_device", "unsubscribe_device"]

# Push services' endpoints run to a few hundred characters; far longer is not one.
ENDPOINT_MAX_LENGTH = 2000
AUTH_SECRET_BYTES = 16


def endpoint_digest(endpoint: str) -> str:
    return hashlib.sha256(endpoint.encode()).hexdigest()


def _clean(*, endpoint: str, p256dh: str, auth: str) -> tuple[str, str, str]:
    """The subscription as the push channel needs it, or a ``DomainError`` (400) naming each
    part that is wrong."""
    endpoint, p256dh, auth = endpoint.strip(), p256dh.strip(), auth.strip()
    errors: dict[str, list[str]] = {}
    if not endpoint or len(endpoint) > ENDPOINT_MAX_LENGTH or not url_allowed(endpoint):
        errors["endpoint"] = [_("This is not a push service address.")]
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(p256dh))
    except ValueError:
        errors["keys.p256dh"] = [_("This is not the device's public key.")]
    try:
        auth_ok = len(b64url_decode(auth)) == AUTH_SECRET_BYTES
    except ValueError:
        auth_ok = False
    if not auth_ok:
        errors["keys.auth"] = [_("This is not the device's authentication secret.")]
    if errors:
        raise DomainError(_("This device's subscription cannot be used."), errors=errors)
    return endpoint, p256dh, auth


def subscribe_device(
    *, user: User, endpoint: str, p256dh: str, auth: str, user_agent: str = ""
) -> tuple[PushSubscription, bool]:
    """Turn push on for this browser; (the subscription, whether it is new). A browser has
    one subscription: if someone else turned it on before (a shared desk), it now belongs
    to whoever signed in and turned it on last, so nobody's news shows on a screen they
    left."""
    if not push_configured():
        raise ConflictError(_("Notifications on devices are not set up in this Cuida."))
    endpoint, p256dh, auth = _clean(endpoint=endpoint, p256dh=p256dh, auth=auth)
    with transaction.atomic():
        subscription, created = PushSubscription.objects.select_for_update().get_or_create(
            endpoint_hash=endpoint_digest(endpoint),
            defaults={
                "user": user,
                "endpoint_encrypted": crypto.encrypt(endpoint),
                "p256dh_encrypted": crypto.encrypt(p256dh),
                "auth_encrypted": crypto.encrypt(auth),
                "user_agent": user_agent[:300],
            },
        )
        if not created:
            previous_owner = subscription.user_id
            subscription.user = user
            subscription.p256dh_encrypted = crypto.encrypt(p256dh)
            subscription.auth_encrypted = crypto.encrypt(auth)
            subscription.user_agent = user_agent[:300]
            subscription.save(
                update_fields=["user", "p256dh_encrypted", "auth_encrypted", "user_agent"]
            )
            created = previous_owner != user.pk
        if created:
            record_audit_event(
                actor=user,
                verb="push_subscription.created",
                target=subscription,
                data={"user_agent": subscription.user_agent},
            )
    return subscription, created


def unsubscribe_device(*, user: User, endpoint: str) -> None:
    """Turn push off for this browser; only its own person can (404 for anyone else)."""
    with transaction.atomic():
        subscription = (
            PushSubscription.objects.select_for_update()
            .filter(user=user, endpoint_hash=endpoint_digest(endpoint.strip()))
            .first()
        )
        if subscription is None:
            raise NotFoundError(_("This device does not receive your notifications."))
        record_audit_event(
            actor=user,
            verb="push_subscription.deleted",
            target=subscription,
            data={"user_agent": subscription.user_agent},
        )
        subscription.delete()
