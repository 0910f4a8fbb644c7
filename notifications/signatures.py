"""How outbound webhooks are signed, and how a receiver checks it (README, "Outbound
webhooks"): ``X-Cuida-Signature: sha256=<hex HMAC-SHA256 of "{timestamp}.{body}">`` with the
webhook's secret, ``X-Cuida-Timestamp`` in Unix seconds."""

from __future__ import annotations

import hashlib
import hmac
import time

SCHEME = "sha256="


def sign(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return SCHEME + digest.hexdigest()


def verify_signature(
    secret: str,
    timestamp: str,
    body: bytes,
    signature: str,
    tolerance: int = 300,
    now: float | None = None,
) -> bool:
    """True when ``signature`` is ours for this body and the timestamp is at most
    ``tolerance`` seconds away from now (a replayed old request is refused)."""
    try:
        sent_at = int(timestamp)
    except (TypeError, ValueError):
        return False
    current = time.time() if now is None else now
    if abs(current - sent_at) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), signature or "")
