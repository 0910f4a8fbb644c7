"""A browser's push service on loopback, and the browser's side of a subscription: unit
tests (tests/unit/notifications/test_push.py) and the browser test (tests/e2e/test_push.py)
hand its endpoints and keys to Cuida and read back what arrived, decrypted."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec

from notifications.vapid import b64url, public_point


@dataclass
class Device:
    """A browser's subscription: the endpoint on the push service and the keys the
    browser keeps (RFC 8291), so a test can decrypt what the device received."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth_secret: bytes = field(default_factory=lambda: os.urandom(16))

    @property
    def keys(self) -> dict[str, str]:
        return {
            "p256dh": b64url(public_point(self.private_key.public_key())),
            "auth": b64url(self.auth_secret),
        }

    def subscription(self) -> dict[str, Any]:
        """What ``PushSubscription.toJSON()`` gives a page."""
        return {"endpoint": self.endpoint, "expirationTime": None, "keys": self.keys}

    def decrypt(self, body: bytes) -> dict[str, Any]:
        plain = http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth_secret, version="aes128gcm"
        )
        return json.loads(plain)


@dataclass
class Push:
    path: str
    headers: dict[str, str]  # names in lower case
    body: bytes


class PushService:
    """Answers 201 to every push unless told otherwise per device (``answer``), and keeps
    every push it was sent, by path."""

    def __init__(self) -> None:
        self.pushes: list[Push] = []
        self.script: dict[str, list[tuple[int, dict[str, str]]]] = {}
        self._count = 0
        service = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                headers = {name.lower(): value for name, value in self.headers.items()}
                service.pushes.append(Push(self.path, headers, body))
                queued = service.script.get(self.path) or []
                status, headers = queued.pop(0) if queued else (201, {})
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def device(self) -> Device:
        self._count += 1
        return Device(endpoint=f"{self.url}/push/device-{self._count}")

    def answer(self, device: Device, status: int, *, times: int = 1, **headers: str) -> None:
        path = device.endpoint.removeprefix(self.url)
        self.script.setdefault(path, []).extend([(status, headers)] * times)

    def pushes_to(self, device: Device) -> list[Push]:
        path = device.endpoint.removeprefix(self.url)
        return [push for push in self.pushes if push.path == path]


@contextmanager
def running_push_service() -> Iterator[PushService]:
    service = PushService()
    service.thread.start()
    try:
        yield service
    finally:
        service.server.shutdown()
        service.server.server_close()
