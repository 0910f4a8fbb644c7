"""Calls to Slack's Web API, as one workspace's bot, at ``settings.SLACK_API_URL``; Slack's
answers become two kinds of failure: try later (rate limit, Slack down) or give up."""

from __future__ import annotations

import logging
from typing import Any

from cryptography.fernet import InvalidToken
from django.conf import settings
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from notifications import crypto
from notifications.models import SlackWorkspace

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 10
DEFAULT_RETRY_AFTER = 30.0


class SlackError(Exception):
    """Slack refused for good (a revoked token, an inactive account, a bad request)."""


class SlackNotLinked(SlackError):
    """The person has no Slack account linked to Cuida in an installed workspace."""


class SlackRetryLater(SlackError):
    """Slack asked us to slow down (429) or is having trouble (5xx, no answer)."""

    def __init__(self, retry_after: float = DEFAULT_RETRY_AFTER) -> None:
        super().__init__(f"Slack asked to retry after {retry_after:g} s.")
        self.retry_after = retry_after


def web_client(token: str | None = None) -> WebClient:
    return WebClient(token=token, base_url=settings.SLACK_API_URL, timeout=TIMEOUT_SECONDS)


def bot_token(workspace: SlackWorkspace) -> str:
    """The workspace's bot token; ``SlackError`` (give up, and say why) when it no longer
    decrypts, which happens when ``CUIDA_ENCRYPTION_KEY`` (or the ``SECRET_KEY`` it is
    derived from) changed: only installing the app again mends it."""
    try:
        return crypto.decrypt(workspace.bot_token_encrypted)
    except InvalidToken:
        raise SlackError(
            "The workspace's token cannot be read (was CUIDA_ENCRYPTION_KEY changed?): "
            "install the app in Slack again."
        ) from None


def call(*, workspace: SlackWorkspace, method: str, **params: Any) -> dict[str, Any]:
    """``WebClient.<method>(**params)`` as the workspace's bot: its answer's data, or
    ``SlackRetryLater`` / ``SlackError``."""
    client = web_client(bot_token(workspace))
    try:
        response = getattr(client, method)(**params)
    except SlackApiError as exc:
        status = exc.response.status_code
        if status == 429 or status >= 500:
            raise SlackRetryLater(_retry_after(exc.response.headers)) from exc
        raise SlackError(str(exc.response.get("error") or status)) from exc
    except (SlackClientError, OSError) as exc:
        raise SlackRetryLater() from exc
    return dict(response.data) if isinstance(response.data, dict) else {}


def _retry_after(headers: Any) -> float:
    for name in ("Retry-After", "retry-after"):
        value = headers.get(name) if headers else None
        if value:
            try:
                return max(float(value), 0.0)
            except (TypeError, ValueError):
                break
    return DEFAULT_RETRY_AFTER
