"""Slack on loopback: a fake Web API (and response URLs) at ``SLACK_API_URL``, an installed
workspace, and requests signed the way Slack signs them."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.test import Client

from notifications import crypto
from notifications.models import SlackWorkspace

SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"
TEAM_ID = "T0CUIDA01"
EVENTS_URL = "/notifications/slack/events/"


class FakeSlack:
    """Slack's Web API on loopback: answers each method with ``answers[method]`` (a list
    is used up in turn, then the default), keeps every call as ``(method, params)``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.answers: dict[str, list[tuple[int, dict[str, str], dict[str, Any]]]] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                url = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                params: dict[str, Any] = dict(parse_qsl(url.query))
                if raw and "json" in (self.headers.get("Content-Type") or ""):
                    params.update(json.loads(raw))
                elif raw:
                    params.update(parse_qsl(raw))
                method = url.path.rsplit("/", 1)[-1]
                if url.path.startswith("/response/"):
                    method = "response"
                fake.calls.append((method, params))
                status, headers, body = fake.answer(method, params)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(payload)

            do_GET = _handle
            do_POST = _handle

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.api_url = f"{self.base}/api/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        scripted = self.answers.get(method)
        if scripted:
            return scripted.pop(0)
        if method == "users.info":
            user = self.users.get(params.get("user", ""))
            if user is None:
                return 200, {}, {"ok": False, "error": "user_not_found"}
            return 200, {}, {"ok": True, "user": user}
        if method == "oauth.v2.access":
            return (
                200,
                {},
                {
                    "ok": True,
                    "app_id": "A0CUIDA",
                    "access_token": BOT_TOKEN,
                    "token_type": "bot",
                    "scope": "commands,chat:write,im:write,users:read,users:read.email",
                    "bot_user_id": "U0BOT",
                    "team": {"id": TEAM_ID, "name": "Cuida Contact Center"},
                    "authed_user": {"id": "U0HR"},
                },
            )
        if method == "auth.test":
            return 200, {}, {"ok": True, "bot_id": "B0BOT", "user_id": "U0BOT"}
        if method == "chat.postMessage":
            return (
                200,
                {},
                {"ok": True, "channel": params.get("channel"), "ts": "1700000000.000100"},
            )
        return 200, {}, {"ok": True}

    def add_user(self, slack_id: str, email: str, *, locale: str = "es-LA", **extra: Any) -> None:
        self.users[slack_id] = {
            "id": slack_id,
            "locale": locale,
            "is_email_confirmed": True,
            "profile": {"email": email},
            **extra,
        }

    def called(self, method: str) -> list[dict[str, Any]]:
        return [params for name, params in self.calls if name == method]

    @property
    def response_url(self) -> str:
        return f"{self.base}/response/T0CUIDA01/1234/abcd"


@pytest.fixture
def fake_slack(settings: Any) -> Iterator[FakeSlack]:
    fake = FakeSlack()
    fake.thread.start()
    settings.SLACK_CLIENT_ID = "1234567890.0987654321"
    settings.SLACK_CLIENT_SECRET = "client-secret"
    settings.SLACK_SIGNING_SECRET = SIGNING_SECRET
    settings.SLACK_API_URL = fake.api_url
    yield fake
    fake.server.shutdown()
    fake.server.server_close()


@pytest.fixture
def workspace(db: Any, fake_slack: FakeSlack) -> SlackWorkspace:
    return SlackWorkspace.objects.create(
        team_id=TEAM_ID,
        name="Cuida Contact Center",
        bot_user_id="U0BOT",
        bot_id="B0BOT",
        bot_token_encrypted=crypto.encrypt(BOT_TOKEN),
    )


def verify_email(user: Any) -> None:
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def sign(
    body: str, *, timestamp: int | None = None, secret: str = SIGNING_SECRET
) -> dict[str, str]:
    """The headers Slack sends: ``v0=`` HMAC-SHA256 of ``v0:timestamp:body``."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": stamp,
        "HTTP_X_SLACK_SIGNATURE": f"v0={digest}",
    }


def post_form(client: Client, fields: dict[str, str], **headers: str) -> Any:
    body = urlencode(fields)
    signed = {**sign(body), **headers}
    return client.post(
        EVENTS_URL, data=body, content_type="application/x-www-form-urlencoded", **signed
    )


def post_json(client: Client, payload: dict[str, Any], **headers: str) -> Any:
    body = json.dumps(payload)
    signed = {**sign(body), **headers}
    return client.post(EVENTS_URL, data=body, content_type="application/json", **signed)


def command(
    fake: FakeSlack, *, user_id: str, text: str, trigger_id: str = "111.222.aaa"
) -> dict[str, str]:
    return {
        "token": "unused",
        "team_id": TEAM_ID,
        "team_domain": "cuida",
        "channel_id": "C0GENERAL",
        "user_id": user_id,
        "user_name": "someone",
        "command": "/kudos",
        "text": text,
        "api_app_id": "A0CUIDA",
        "response_url": fake.response_url,
        "trigger_id": trigger_id,
    }


def interactive(payload: dict[str, Any]) -> dict[str, str]:
    """Shortcuts, modals and buttons come form-encoded, as one ``payload`` field."""
    return {"payload": json.dumps(payload)}
