"""Installing the app in a workspace (OAuth v2), with Bolt's ``OAuthFlow`` over our own
tables: ``SlackWorkspace`` holds each installation (bot token Fernet-encrypted) and
``SlackOAuthState`` the one-time states of "Add to Slack" links."""

from __future__ import annotations

import datetime as dt
import secrets
from logging import Logger
from typing import Any

from django.conf import settings
from django.utils import timezone
from slack_bolt.oauth import OAuthFlow
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk.oauth.installation_store import Bot, Installation, InstallationStore
from slack_sdk.oauth.state_store import OAuthStateStore

from notifications.models import SlackOAuthState, SlackWorkspace
from notifications.slack.client import bot_token, web_client

# What the app does with them (README, "Slack"): /kudos, the message shortcut and modals
# (commands), direct messages and public kudos (chat:write, im:write), who is who
# (users:read, users:read.email: linking by verified e-mail).
BOT_SCOPES = ["commands", "chat:write", "im:write", "users:read", "users:read.email"]
STATE_EXPIRES = dt.timedelta(minutes=10)
INSTALL_PATH = "/notifications/slack/install/"
REDIRECT_PATH = "/notifications/slack/oauth/"


class WorkspaceInstallationStore(InstallationStore):
    """Bolt's view of ``SlackWorkspace``. Saving goes through
    ``notifications.slack.services.save_installation`` (which also audits it)."""

    @property
    def logger(self) -> Logger:
        import logging

        return logging.getLogger(__name__)

    def save(self, installation: Installation) -> None:
        from notifications.slack.services import save_installation

        save_installation(actor=None, installation=installation)

    def find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        workspace = SlackWorkspace.objects.filter(team_id=team_id or "", active=True).first()
        if workspace is None:
            return None
        return Bot(
            enterprise_id=workspace.enterprise_id or None,
            team_id=workspace.team_id,
            team_name=workspace.name,
            bot_token=bot_token(workspace),
            bot_id=workspace.bot_id,
            bot_user_id=workspace.bot_user_id,
            bot_scopes=workspace.bot_scopes,
            installed_at=workspace.installed_at.timestamp(),
        )

    def find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        bot = self.find_bot(enterprise_id=enterprise_id, team_id=team_id)
        if bot is None:
            return None
        return Installation(
            user_id=user_id or "",
            enterprise_id=bot.enterprise_id,
            team_id=bot.team_id,
            team_name=bot.team_name,
            bot_token=bot.bot_token,
            bot_id=bot.bot_id,
            bot_user_id=bot.bot_user_id,
            bot_scopes=bot.bot_scopes,
        )


class DatabaseStateStore(OAuthStateStore):
    """One-time states, good for ``STATE_EXPIRES``: a stale or replayed redirect fails."""

    @property
    def logger(self) -> Logger:
        import logging

        return logging.getLogger(__name__)

    def issue(self, *args: Any, **kwargs: Any) -> str:
        state = secrets.token_urlsafe(32)
        SlackOAuthState.objects.create(state=state)
        return state

    def consume(self, state: str) -> bool:
        fresh = timezone.now() - STATE_EXPIRES
        SlackOAuthState.objects.filter(created_at__lt=fresh).delete()
        deleted, _rows = SlackOAuthState.objects.filter(state=state, created_at__gte=fresh).delete()
        return deleted == 1


def oauth_settings() -> OAuthSettings:
    return OAuthSettings(
        client_id=settings.SLACK_CLIENT_ID,
        client_secret=settings.SLACK_CLIENT_SECRET,
        scopes=BOT_SCOPES,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=WorkspaceInstallationStore(),
        installation_store_bot_only=True,
        state_store=DatabaseStateStore(),
        state_expiration_seconds=int(STATE_EXPIRES.total_seconds()),
    )


def oauth_flow() -> OAuthFlow:
    return OAuthFlow(client=web_client(), settings=oauth_settings())


def authorize_url() -> tuple[str, str]:
    """A new "Add to Slack" address and its state (the caller binds it to the browser)."""
    flow_settings = oauth_settings()
    state = flow_settings.state_store.issue()
    return flow_settings.authorize_url_generator.generate(state), state


def exchange_code(*, code: str) -> Installation | None:
    """The installation Slack granted for ``code`` (``oauth.v2.access``), or None."""
    return oauth_flow().run_installation(code)
