"""Outbound webhooks and Teams channels: where public announcements go."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryTarget(models.Model):
    """Where deliveries go (``WebhookDelivery``): an outbound webhook or a Teams channel.
    Each subclass says which event kinds it may hear (its ``Kind``)."""

    Kind: type[models.TextChoices]

    name = models.CharField(_("name"), max_length=80)
    # ``Kind`` values; a list, since a target hears one or more kinds.
    event_kinds = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-active", "name", "id"]

    def __str__(self) -> str:
        return self.name

    def kind_labels(self) -> list[str]:
        labels = dict(self.Kind.choices)
        return [str(labels.get(kind, kind)) for kind in self.event_kinds]


class OutboundWebhook(DeliveryTarget):
    """A URL of another tool that HR registered to hear of public events (README, "Outbound
    webhooks"). Never told anything about wellbeing (``services.webhooks.announce``)."""

    class Kind(models.TextChoices):
        KUDOS_GIVEN = "kudos.given", _("Kudos given")
        BADGE_AWARDED = "badge.awarded", _("Badge awarded")
        REWARD_APPROVED = "reward.approved", _("Reward approved")
        PROMOTION_APPROVED = "promotion.approved", _("Promotion approved")

    url = models.URLField(_("URL"), max_length=500)
    # The signing secret, Fernet-encrypted (notifications/crypto.py): shown once on creation.
    secret_encrypted = models.TextField(editable=False)

    class Meta(DeliveryTarget.Meta):
        verbose_name = _("outbound webhook")
        verbose_name_plural = _("outbound webhooks")


class TeamsChannel(DeliveryTarget):
    """A Microsoft Teams channel that hears of public kudos and badges through a Teams
    Workflows webhook (README, "Microsoft Teams"): of one Cuida team, or of the whole company
    when ``team`` is empty. Its deliveries are ``WebhookDelivery`` rows, sent and retried by
    the same machinery as outbound webhooks."""

    class Kind(models.TextChoices):
        KUDOS_GIVEN = "kudos.given", _("Kudos given")
        BADGE_AWARDED = "badge.awarded", _("Badge awarded")

    # The Workflows URL carries its own signature (``sig=``): whoever reads it may post to the
    # channel, so it is kept Fernet-encrypted (notifications/crypto.py) and never shown again.
    url_encrypted = models.TextField(editable=False)
    team = models.ForeignKey(
        "people.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(DeliveryTarget.Meta):
        verbose_name = _("Teams channel")
        verbose_name_plural = _("Teams channels")


class WebhookDelivery(models.Model):
    """One event sent (or to be sent) to one target, an outbound webhook or a Teams channel;
    retried until sent or failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    # Exactly one of the two targets (a check constraint says so).
    webhook = models.ForeignKey(
        OutboundWebhook,
        verbose_name=_("webhook"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    teams_channel = models.ForeignKey(
        TeamsChannel,
        verbose_name=_("Teams channel"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        null=True,
        blank=True,
    )
    event_kind = models.CharField(_("event"), max_length=40)
    event_id = models.UUIDField(_("event id"))
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # When it may be tried next; a worker that claims it moves this forward (a lease), so a
    # second copy of the task finds nothing due (``services.webhooks.deliver``).
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_status_code = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    last_response = models.TextField(_("last response"), blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["webhook", "event_id"], name="webhook_delivery_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["teams_channel", "event_id"], name="teams_delivery_once_per_event"
            ),
            models.CheckConstraint(
                condition=(Q(webhook__isnull=False) & Q(teams_channel__isnull=True))
                | (Q(webhook__isnull=True) & Q(teams_channel__isnull=False)),
                name="webhook_delivery_one_target",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.event_kind} → {self.webhook or self.teams_channel}"

    @property
    def target_active(self) -> bool:
        target = self.webhook or self.teams_channel
        return target is not None and target.active
