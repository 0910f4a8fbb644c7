"""What every outbound target (a webhook, a Teams channel) may be: an address checked once."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings

LOOPBACK_HOSTS = frozenset({"localhost"})


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
