"""Secrets Cuida shows once and keeps only as a SHA-256 fingerprint: integration API keys
(``performance.ApiKey``) and personal API tokens (``people.ApiToken``).

A secret reads ``<kind>_<prefix>_<random>``: the kind tells a leaked secret's purpose at a
glance, the prefix is public (lists show it so people tell their keys apart), the random
part carries 256 bits. SHA-256 without a salt is enough here: unlike a password, a secret of
that strength cannot be guessed from its fingerprint, and a plain digest can be looked up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

# A busy client must not write on every call: its last use is stamped at most this often.
LAST_USE_RESOLUTION = dt.timedelta(minutes=1)


@dataclass(frozen=True)
class IssuedSecret:
    prefix: str
    secret: str  # shown once, never stored
    digest: str  # stored


def fingerprint(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def issue_secret(*, kind: str) -> IssuedSecret:
    prefix = secrets.token_hex(4)
    secret = f"{kind}_{prefix}_{secrets.token_urlsafe(32)}"
    return IssuedSecret(prefix=prefix, secret=secret, digest=fingerprint(secret))


def prefix_of(secret: str, *, kind: str) -> str | None:
    """The public prefix of a secret of this kind, or None when it is not one."""
    parts = secret.split("_", 2)
    if len(parts) < 3 or parts[0] != kind:
        return None
    return parts[1]


def matches(secret: str, digest: str) -> bool:
    """Compares in constant time, so response times say nothing about a wrong secret."""
    return hmac.compare_digest(digest, fingerprint(secret))


def record_use(row: Any, *, now: dt.datetime | None = None) -> None:
    """Stamp ``row.last_used_at``, unless it was stamped less than a minute ago."""
    now = now or timezone.now()
    if row.last_used_at is not None and now - row.last_used_at < LAST_USE_RESOLUTION:
        return
    type(row).objects.filter(pk=row.pk).update(last_used_at=now)
    row.last_used_at = now
