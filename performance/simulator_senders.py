"""Where the simulator's batches go: straight to the ingestion service, or POSTed to the
events API (``performance.simulator`` re-exports these)."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any

from performance.models import Integration
from performance.services.ingestion import ingest_events
from performance.services.keys import create_integration

DEFAULT_INTEGRATION = "Simulator"

Sender = Callable[[list[dict[str, Any]], bytes], dict[str, Any]]


def simulator_integration(name: str = DEFAULT_INTEGRATION) -> Integration:
    existing = Integration.objects.filter(name__iexact=name.strip()).first()
    return existing or create_integration(actor=None, name=name)


def direct_sender(integration: Integration) -> Sender:
    def send(batch: list[dict[str, Any]], body: bytes) -> dict[str, Any]:
        return ingest_events(integration=integration, events=batch, body=body)

    return send


class PostError(RuntimeError):
    pass


def http_sender(*, url: str, api_key: str, timeout: float = 120, retries: int = 5) -> Sender:
    """POST each batch to the events API; waits and retries when throttled (429)."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise PostError(f"Not an http(s) URL: {url}")

    def send(batch: list[dict[str, Any]], body: bytes) -> dict[str, Any]:
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=body,
            method="POST",
            headers={
                "Authorization": f"Api-Key {api_key}",
                "Content-Type": "application/json",
                "Accept": "application/json",
            },
        )
        for attempt in range(retries + 1):
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                    return json.loads(response.read())
            except urllib.error.HTTPError as exc:
                detail = exc.read()[:500].decode(errors="replace")
                if exc.code == 429 and attempt < retries:
                    time.sleep(float(exc.headers.get("Retry-After") or 2 ** (attempt + 1)))
                    continue
                raise PostError(f"HTTP {exc.code}: {detail}") from exc
            except urllib.error.URLError as exc:
                raise PostError(f"Cannot reach {url}: {exc.reason}") from exc
        raise PostError("Still throttled after retries.")

    return send
