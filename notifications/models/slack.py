"""The Slack app's tables: installed workspaces, OAuth states, people linked by verified
e-mail, and the claims that make Slack's retries harmless (README, "Slack")."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SlackWorkspace(models.Model):
    """A Slack workspace where HR installed the app (OAuth v2), with its bot token."""

    team_id = models.CharField(_("Slack team id"), max_length=32, unique=True)
    enterprise_id = models.CharField(_("Slack enterprise id"), max_length=32, blank=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    bot_user_id = models.CharField(max_length=32, blank=True)
    bot_id = models.CharField(max_length=32, blank=True)
    bot_scopes = models.CharField(max_length=1000, blank=True)
    # Whoever holds the bot token speaks as the app in the workspace: Fernet-encrypted
    # (notifications/crypto.py), never shown.
    bot_token_encrypted = models.TextField(editable=False)
    # Where public kudos are posted (a channel id HR chose); empty: nowhere.
    kudos_channel_id = models.CharField(_("public kudos channel"), max_length=32, blank=True)
    active = models.BooleanField(_("active"), default=True)
    installed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("installed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    installed_at = models.DateTimeField(_("installed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("Slack workspace")
        verbose_name_plural = _("Slack workspaces")
        ordering = ["-active", "name", "id"]

    def __str__(self) -> str:
        return self.name or self.team_id


class SlackOAuthState(models.Model):
    """A state issued with an "Add to Slack" link, consumed once by the OAuth redirect."""

    state = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"OAuth state of {self.created_at:%Y-%m-%d %H:%M}"


class SlackUserLink(models.Model):
    """A Slack user known to be a Cuida person: the same verified e-mail on both sides."""

    workspace = models.ForeignKey(SlackWorkspace, on_delete=models.CASCADE, related_name="links")
    slack_user_id = models.CharField(max_length=32)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slack_links"
    )
    # Slack's locale for this person ("es-LA"), when Slack said.
    locale = models.CharField(max_length=20, blank=True)
    linked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Slack user link")
        verbose_name_plural = _("Slack user links")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "slack_user_id"], name="slack_link_once_per_slack_user"
            ),
            models.UniqueConstraint(
                fields=["workspace", "user"], name="slack_link_once_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slack_user_id} → {self.user}"


class SlackRequest(models.Model):
    """One request from Slack, claimed by its key (the event id, the trigger id...): a retry
    (``X-Slack-Retry-Num``) finds the claim and does nothing again."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        REFUSED = "refused", _("Refused")
        FAILED = "failed", _("Failed")

    key = models.CharField(max_length=200, unique=True)
    workspace = models.ForeignKey(SlackWorkspace, on_delete=models.CASCADE, related_name="requests")
    slack_user_id = models.CharField(max_length=32)
    kind = models.CharField(max_length=30)  # command, shortcut, view_submission, action, ...
    name = models.CharField(max_length=100)  # the command, callback id or action id
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Slack request")
        verbose_name_plural = _("Slack requests")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.key


class SlackPost(models.Model):
    """A public announcement (kudos given) to a workspace's chosen channel: one per event per
    workspace, sent by a task and retried after Slack's ``Retry-After`` by the sweeper."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    workspace = models.ForeignKey(SlackWorkspace, on_delete=models.CASCADE, related_name="posts")
    event_id = models.UUIDField()
    channel_id = models.CharField(max_length=32)
    text = models.TextField()
    blocks = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    # When it may be tried next; a sender moves it forward first (a lease), so a second copy
    # of the task finds nothing due.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Slack post")
        verbose_name_plural = _("Slack posts")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "event_id"], name="slack_post_once_per_event"
            )
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.workspace} · {self.event_id}"
