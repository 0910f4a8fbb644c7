"""HR's writes on integrations and their API keys, and the key check the API runs.

``actor=None`` is the system: the ``create_api_key`` command and the simulator, which run
on the server without a person. A person must be in HR."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import keys
from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import record_audit_event
from people.models import User
from people.permissions import require_hr
from performance.models import ApiKey, Integration

KEY_PREFIX = "cuida"


def _require_hr_or_system(actor: User | None) -> None:
    if actor is not None:
        require_hr(actor)


@transaction.atomic
def create_integration(*, actor: User | None, name: str) -> Integration:
    _require_hr_or_system(actor)
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
    *, actor: User | None, integration: Integration, name: str = ""
) -> tuple[ApiKey, str]:
    """Returns (key row, the secret). The secret is never stored: show it once."""
    _require_hr_or_system(actor)
    issued = keys.issue_secret(kind=KEY_PREFIX)
    key = ApiKey.objects.create(
        integration=integration,
        name=name,
        prefix=issued.prefix,
        key_hash=issued.digest,
        created_by=actor,
    )
    record_audit_event(
        actor=actor, verb="api_key.created", target=key, data={"prefix": issued.prefix}
    )
    return key, issued.secret


@transaction.atomic
def revoke_api_key(*, actor: User | None, key_id: int) -> ApiKey:
    _require_hr_or_system(actor)
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
    prefix = keys.prefix_of(secret, kind=KEY_PREFIX)
    if prefix is None:
        return None
    key = ApiKey.objects.select_related("integration").filter(prefix=prefix).first()
    if key is None or not keys.matches(secret, key.key_hash):
        return None
    if key.revoked_at is not None or not key.integration.active:
        return None
    keys.record_use(key)
    return key
