"""VAPID keys (RFC 8292): the P-256 pair that signs each push, so a push service knows the
pushes to a subscription come from the server the browser subscribed with. Keys travel as
the browsers take them: the public key an uncompressed point, the private key its 32-byte
scalar, both base64url without padding. config/push.py checks the pair while settings
load, so nothing here reads a setting at import."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    """Bytes of a base64url text with or without padding; ``ValueError`` when it is not."""
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise ValueError("not base64url") from exc


def public_point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def generate_key_pair() -> tuple[str, str]:
    """A new (public, private) pair, as WEBPUSH_VAPID_PUBLIC_KEY and _PRIVATE_KEY take it."""
    private = ec.generate_private_key(ec.SECP256R1())
    scalar = private.private_numbers().private_value.to_bytes(32, "big")
    return b64url(public_point(private.public_key())), b64url(scalar)


def public_key_of(private_key: str) -> str:
    """The public key that belongs to ``private_key``; ``ValueError`` for a malformed one."""
    raw = b64url_decode(private_key.strip())
    if len(raw) != 32:
        raise ValueError("a VAPID private key is 32 bytes")
    private = ec.derive_private_key(int.from_bytes(raw, "big"), ec.SECP256R1())
    return b64url(public_point(private.public_key()))


def push_configured() -> bool:
    """Both VAPID keys are set (config/push.py): without them no push can be sent."""
    return bool(settings.WEBPUSH_VAPID_PUBLIC_KEY and settings.WEBPUSH_VAPID_PRIVATE_KEY)
