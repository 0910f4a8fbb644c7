"""HR's writes about the Slack app: an installed workspace, its public kudos channel, and
uninstalling it."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _
from slack_sdk.oauth.installation_store import Installation

from core.exceptions import DomainError
from core.services import record_audit_event
from notifications import crypto
from notifications.models import SlackWorkspace
from people.models import User
from people.permissions import require_hr

CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{2,30}$")


def save_installation(*, actor: User | None, installation: Installation) -> SlackWorkspace:
    """Store (or renew) a workspace's installation; the bot token only encrypted."""
    if actor is not None:
        require_hr(actor)
    if not installation.team_id or not installation.bot_token:
        raise DomainError(_("Slack did not grant the app a bot token; please try again."))
    with transaction.atomic():
        workspace, created = SlackWorkspace.objects.update_or_create(
            team_id=installation.team_id,
            defaults={
                "enterprise_id": installation.enterprise_id or "",
                "name": installation.team_name or "",
                "bot_user_id": installation.bot_user_id or "",
                "bot_id": installation.bot_id or "",
                "bot_scopes": ",".join(installation.bot_scopes or []),
                "bot_token_encrypted": crypto.encrypt(installation.bot_token),
                "active": True,
                "installed_by": actor,
            },
        )
        record_audit_event(
            actor=actor,
            verb="slack.installed" if created else "slack.reinstalled",
            target=workspace,
            data={"team_id": workspace.team_id},
        )
    return workspace


def set_kudos_channel(*, actor: User, workspace_id: int, channel_id: str) -> SlackWorkspace:
    """Where public kudos are posted in this workspace; empty: nowhere."""
    require_hr(actor)
    channel_id = channel_id.strip().upper()
    if channel_id and not CHANNEL_ID.match(channel_id):
        raise DomainError(
            _("Please correct the highlighted fields."),
            errors={"channel_id": [_("A Slack channel id looks like C0123ABCD.")]},
        )
    with transaction.atomic():
        workspace = SlackWorkspace.objects.select_for_update().get(pk=workspace_id)
        workspace.kudos_channel_id = channel_id
        workspace.save(update_fields=["kudos_channel_id"])
        record_audit_event(
            actor=actor,
            verb="slack.kudos_channel_set",
            target=workspace,
            data={"channel_id": channel_id},
        )
    return workspace


def uninstall(*, actor: User | None, workspace_id: int) -> SlackWorkspace:
    """Switch the workspace off and forget its token; its people's links go with it.
    ``actor`` is None when Slack told us the app was removed there (``app_uninstalled``)."""
    if actor is not None:
        require_hr(actor)
    with transaction.atomic():
        workspace = SlackWorkspace.objects.select_for_update().get(pk=workspace_id)
        workspace.active = False
        workspace.bot_token_encrypted = ""
        workspace.kudos_channel_id = ""
        workspace.save(update_fields=["active", "bot_token_encrypted", "kudos_channel_id"])
        workspace.links.all().delete()
        record_audit_event(actor=actor, verb="slack.uninstalled", target=workspace, data={})
    return workspace


def removed_in_slack(*, team_id: str) -> None:
    """The app was uninstalled (or its tokens revoked) from Slack's side: forget it here."""
    workspace = SlackWorkspace.objects.filter(team_id=team_id, active=True).first()
    if workspace is not None:
        uninstall(actor=None, workspace_id=workspace.pk)
