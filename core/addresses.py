"""Absolute addresses of this deployment, for documents read outside the browser (Open
Badges assertions a backpack fetches) and for hints printed on the console."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def public_url(path: str, *, request: HttpRequest | None) -> str:
    """``path`` under ``CUIDA_BASE_URL`` when it is set (always in production, where badge
    ids must never change); otherwise, in development, under the host and port the request
    came to, or without a request under the address ``make run`` serves (HOST and PORT)."""
    if settings.CUIDA_BASE_URL:
        return f"{settings.CUIDA_BASE_URL}{path}"
    if request is not None:
        return request.build_absolute_uri(path)
    return f"{development_server_url()}{path}"


def development_server_url() -> str:
    """Where scripts/run.sh serves: it reads the same HOST and PORT variables."""
    host = settings.DEVELOPMENT_SERVER_HOST
    if host in {"0.0.0.0", "::", ""}:  # noqa: S104 - listening everywhere, reachable here
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{settings.DEVELOPMENT_SERVER_PORT}"
