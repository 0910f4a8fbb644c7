"""Saying things in Slack: a direct message to a linked person (the notification channel
calls ``post_direct_message``), a private answer to a request (its ``response_url``)."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.webhook import WebhookClient

from notifications.slack.client import (
    TIMEOUT_SECONDS,
    SlackNotLinked,
    SlackRetryLater,
    call,
)
from notifications.slack.linking import link_of
from people.models import User

logger = logging.getLogger(__name__)


def post_direct_message(
    *, user: User, text: str, blocks: list[dict[str, Any]] | None = None
) -> None:
    """Post to the person's direct messages with the app.

    Raises ``SlackRetryLater`` (its ``retry_after``) for a rate limit or Slack trouble,
    ``SlackNotLinked`` when they have no linked Slack account, ``SlackError`` otherwise.
    """
    link = link_of(user=user)
    if link is None or not user.is_active:
        raise SlackNotLinked(f"{user.pk} has no linked Slack account.")
    params: dict[str, Any] = {"channel": link.slack_user_id, "text": text}
    if blocks:
        params["blocks"] = blocks
    call(workspace=link.workspace, method="chat_postMessage", **params)


def respond(*, response_url: str, text: str, **extra: Any) -> None:
    """A private (ephemeral) answer through the request's ``response_url``."""
    body: dict[str, Any] = {"response_type": "ephemeral", "text": text, **extra}
    response = WebhookClient(response_url, timeout=TIMEOUT_SECONDS).send_dict(body)
    if response.status_code == 429 or response.status_code >= 500:
        raise SlackRetryLater()
    if response.status_code >= 400:
        logger.warning("Slack refused a response (%s): %s", response.status_code, response.body)
