from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import record_audit_event
from performance.models import ApiKey, Integration

KEY_PREFIX = "cuida"


def hash_key(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_integration(*, actor: Any | None, name: str) -> Integration:
    name = name.strip()
    if not name:
        raise DomainError(_("Name the integration."), errors={"name": [_("Required.")]})
    if Integration.objects.filter(name__iexact=name).exists():
        raise ConflictError(
            _("An integration with this name exists."), errors={"name": [_("Already used.")]}
        )
    integration = Integration.objects.create(name=name)
    record_audit_event(actor=actor, verb="integration.created", target=integration)
    return integration


@transaction.atomic
def create_api_key(
    *, actor: Any | None, integration: Integration, name: str = ""
) -> tuple[ApiKey, str]:
    """Returns (key row, the secret). The secret is never stored: show it once."""
    prefix = secrets.token_hex(4)
    secret = f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"
    key = ApiKey.objects.create(
        integration=integration,
        name=name,
        prefix=prefix,
        key_hash=hash_key(secret),
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    record_audit_event(actor=actor, verb="api_key.created", target=key, data={"prefix": prefix})
    return key, secret


@transaction.atomic
def revoke_api_key(*, actor: Any | None, key_id: int) -> ApiKey:
    key = ApiKey.objects.select_for_update().filter(pk=key_id).first()
    if key is None:
        raise NotFoundError(_("API key not found."))
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record_audit_event(actor=actor, verb="api_key.revoked", target=key)
    return key


def authenticate_key(secret: str) -> ApiKey | None:
    """The live key matching ``secret``, or None. Compares hashes in constant time."""
    parts = secret.split("_")
    if len(parts) < 3 or parts[0] != KEY_PREFIX:
        return None
    key = ApiKey.objects.select_related("integration").filter(prefix=parts[1]).first()
    if key is None or not hmac.compare_digest(key.key_hash, hash_key(secret)):
        return None
    if key.revoked_at is not None or not key.integration.active:
        return None
    now = timezone.now()
    # Record use at most once a minute: a busy integration should not write on every call.
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() > 60:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key
