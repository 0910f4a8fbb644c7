"""One notification sent (or to be sent) to one person over one channel."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.kinds import EMAIL, PUSH, SLACK


class Delivery(models.Model):
    """A notification on its way to a person over e-mail, web push or Slack (the inbox in
    Cuida is the ``Notification`` itself). Queued until sent; deferred by moving
    ``next_attempt_at`` (quiet hours, shift hours, the daily cap); retried with backoff;
    collapsed into a similar one sent at the same time (``services.deliveries``)."""

    class Channel(models.TextChoices):
        EMAIL = EMAIL, _("E-mail")
        PUSH = PUSH, _("Push")
        SLACK = SLACK, _("Slack")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        COLLAPSED = "collapsed", _("Sent together with a similar one")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        "notifications.Notification",
        verbose_name=_("notification"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    # The notification's person and kind, copied: the daily cap and collapsing look for a
    # person's deliveries of one kind on one channel without a join.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=40)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # When it may be tried next: later for quiet or shift hours and the cap, after a failure
    # for backoff, and a minute ahead while a worker holds it (a lease: a second copy of the
    # task finds nothing due).
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    collapsed_into = models.ForeignKey(
        "self",
        verbose_name=_("sent with"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="collapsed",
    )
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["notification", "channel"], name="notification_delivery_once_per_channel"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False) | ~Q(status="sent"),
                name="notification_delivery_sent_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["user", "channel", "status", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.user_id} · {self.channel}"
