"""The Bolt app behind ``/notifications/slack/events/``, built on first use and only when
Slack is configured (``SLACK_CLIENT_ID``, ``SLACK_CLIENT_SECRET``, ``SLACK_SIGNING_SECRET``).

Bolt verifies each request (signature over ``v0:timestamp:body``, timestamp within five
minutes: 401 otherwise, before anything here runs). Every listener acknowledges at once and
only claims the request (``dispatch.receive``); the work runs in a Celery task after commit,
well inside Slack's three seconds.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from django.conf import settings
from slack_bolt import Ack, App, BoltContext
from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.authorize import Authorize

from notifications.models import SlackWorkspace
from notifications.slack import dispatch, registry, services
from notifications.slack.client import bot_token, web_client
from notifications.slack.oauth import oauth_settings

ANY = re.compile(r".+")


def is_configured() -> bool:
    return all(
        (settings.SLACK_CLIENT_ID, settings.SLACK_CLIENT_SECRET, settings.SLACK_SIGNING_SECRET)
    )


def slack_app() -> App | None:
    if not is_configured():
        return None
    return _build(
        settings.SLACK_CLIENT_ID,
        settings.SLACK_CLIENT_SECRET,
        settings.SLACK_SIGNING_SECRET,
        settings.SLACK_API_URL,
    )


class WorkspaceAuthorize(Authorize):
    """The installed workspace's bot, from our table: no ``auth.test`` call per request."""

    def __call__(
        self,
        *,
        context: BoltContext,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None,
        **_actor: Any,
    ) -> AuthorizeResult | None:
        workspace = SlackWorkspace.objects.filter(team_id=team_id or "", active=True).first()
        if workspace is None:
            return None
        return AuthorizeResult(
            enterprise_id=workspace.enterprise_id or None,
            team_id=workspace.team_id,
            bot_token=bot_token(workspace),
            bot_id=workspace.bot_id,
            bot_user_id=workspace.bot_user_id,
            user_id=user_id,
        )


# One app per configuration (tests switch settings): the arguments are the cache key.
@functools.cache
def _build(client_id: str, client_secret: str, signing_secret: str, api_url: str) -> App:
    app = App(
        signing_secret=signing_secret,
        client=web_client(),
        oauth_settings=oauth_settings(),
        # Bolt takes an ``Authorize`` instance as is (its stubs only name plain functions).
        authorize=WorkspaceAuthorize(),  # type: ignore[arg-type]
        # The listeners only claim the request: run them before answering, in the request's
        # thread (and its database connection and transaction).
        process_before_response=True,
    )
    app.command(ANY)(_on_command)
    app.shortcut(ANY)(_on_shortcut)
    app.view(ANY)(_on_view_submission)
    app.action(ANY)(_on_action)
    app.event("app_home_opened")(_on_app_home_opened)
    app.event("app_uninstalled")(_on_removed)
    app.event("tokens_revoked")(_on_removed)
    return app


def _claim(context: BoltContext, kind: str, name: str, key: str, body: dict[str, Any]) -> None:
    dispatch.receive(
        kind=kind,
        name=name,
        key=key,
        team_id=context.team_id or "",
        slack_user_id=context.user_id or "",
        payload=body,
    )


def _on_command(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    name = str(body.get("command", "")).lstrip("/")
    _claim(context, registry.COMMAND, name, f"command:{name}:{body.get('trigger_id')}", body)


def _on_shortcut(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    name = str(body.get("callback_id", ""))
    _claim(context, registry.SHORTCUT, name, f"shortcut:{body.get('trigger_id')}", body)


def _on_view_submission(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    view = body.get("view", {})
    key = f"view_submission:{view.get('id')}:{view.get('hash')}"
    _claim(context, registry.VIEW_SUBMISSION, str(view.get("callback_id", "")), key, body)


def _on_action(ack: Ack, body: dict[str, Any], context: BoltContext) -> None:
    ack()
    for action in body.get("actions", [])[:1]:
        action_id = str(action.get("action_id", ""))
        key = f"action:{action_id}:{body.get('trigger_id')}"
        _claim(context, registry.ACTION, action_id, key, body)


def _on_app_home_opened(
    ack: Ack, body: dict[str, Any], event: dict[str, Any], context: BoltContext
) -> None:
    ack()
    if event.get("tab", "home") == "home":
        _claim(context, registry.APP_HOME, "", f"event:{body.get('event_id')}", body)


def _on_removed(ack: Ack, context: BoltContext) -> None:
    """Removed from the workspace in Slack: its token no longer works, so it is forgotten."""
    ack()
    services.removed_in_slack(team_id=context.team_id or "")
