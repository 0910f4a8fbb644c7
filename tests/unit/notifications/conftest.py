"""A tool on loopback that receives outbound webhooks and Teams announcements."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine


class Receiver:
    """A tool on loopback: answers the scripted ``(status, headers, body)`` in turn, then
    200, and keeps what it was sent."""

    def __init__(self) -> None:
        self.script: list[tuple[int, dict[str, str], str]] = []
        self.requests: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status, headers, text = (
                    receiver.script.pop(0) if receiver.script else (200, {}, "ok")
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(text.encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/cuida"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def fail(self, times: int, status: int = 500, **headers: str) -> None:
        self.script.extend([(status, headers, "boom")] * times)


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    receiver = Receiver()
    receiver.thread.start()
    yield receiver
    receiver.server.shutdown()
    receiver.server.server_close()


@pytest.fixture(autouse=True)
def _daytime() -> Iterator[None]:
    """Every notification test starts on a Wednesday at noon in Mexico City, the people's
    default zone: outside their default quiet hours (21:00-07:00), so whether a message is
    sent now or deferred never depends on when the suite runs. Tests about the hours travel
    on from here."""
    noon = dt.datetime(2026, 3, 18, 12, 0, tzinfo=ZoneInfo("America/Mexico_City"))
    with time_machine.travel(noon, tick=True):
        yield
