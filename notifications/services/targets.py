"""What outbound webhooks and Teams channels share as delivery targets: the address check,
the form's checks and switching one off (``webhooks.py`` and ``teams.py`` call these)."""

from __future__ import annotations

import ipaddress
from collections.abc import Collection, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError, NotFoundError
from notifications.models import WebhookDelivery

LOOPBACK_HOSTS = frozenset({"localhost"})
TargetT = TypeVar("TargetT", bound=models.Model)


def url_allowed(url: str) -> bool:
    """https, or http when developing (DEBUG) or to this very machine (tests, local tools)."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return True
    if parts.scheme != "http":
        return False
    if settings.DEBUG:
        return True
    host = parts.hostname or ""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def clean_target(
    *, name: str, url: str, event_kinds: Sequence[str], allowed: Collection[str], failure: str
) -> tuple[str, str, list[str]]:
    """The name, URL and sorted kinds of a new target, or a ``DomainError`` (``failure``)
    naming each field that is wrong."""
    name, url = name.strip(), url.strip()
    errors: dict[str, list[str]] = {}
    if not name:
        errors["name"] = [_("Give it a name.")]
    if not url_allowed(url):
        errors["url"] = [_("Use an https:// address.")]
    kinds = sorted(set(event_kinds))
    if not kinds or not set(kinds) <= set(allowed):
        errors["event_kinds"] = [_("Choose at least one event.")]
    if errors:
        raise DomainError(failure, errors=errors)
    return name, url, kinds


def switch_off(
    model: type[TargetT], *, pk: int, not_found: str, already_off: str, reason: str
) -> TargetT:
    """Lock a target and switch it off (inside the caller's transaction); what it had
    queued is not sent: marked failed with ``reason``."""
    target: Any = model._default_manager.select_for_update().filter(pk=pk).first()
    if target is None:
        raise NotFoundError(not_found)
    if not target.active:
        raise ConflictError(already_off)
    target.active = False
    target.save(update_fields=["active"])
    target.deliveries.filter(status=WebhookDelivery.Status.QUEUED).update(
        status=WebhookDelivery.Status.FAILED, last_error=reason
    )
    return target
