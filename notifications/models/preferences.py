"""Where and when notifications reach a person: HR's defaults and locks, each person's
choices, their quiet and shift hours and daily cap (``notifications.routing``)."""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from notifications.kinds import KINDS
from notifications.models.deliveries import Delivery

KIND_CHOICES = [(kind.name, kind.label) for kind in KINDS]
# Delivery.Channel names and labels the channels a person or HR can choose.
CHANNEL_CHOICES = Delivery.Channel.choices


class ChannelDefault(models.Model):
    """HR's company default for one kind on one channel; ``locked`` keeps it on for
    everyone ("your reward was approved" always arrives by e-mail)."""

    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    channel = models.CharField(_("channel"), max_length=10, choices=CHANNEL_CHOICES)
    enabled = models.BooleanField(_("on"), default=True)
    locked = models.BooleanField(_("locked on"), default=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("channel default")
        verbose_name_plural = _("channel defaults")
        constraints = [
            models.UniqueConstraint(fields=["kind", "channel"], name="one_channel_default"),
            # A lock keeps a channel on; nobody can be locked out of hearing of something.
            models.CheckConstraint(
                condition=Q(locked=False) | Q(enabled=True), name="channel_default_lock_is_on"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.channel}"


class ChannelPreference(models.Model):
    """A person's own choice for one kind on one channel (absent: the default)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="channel_preferences",
    )
    kind = models.CharField(_("kind"), max_length=40, choices=KIND_CHOICES)
    channel = models.CharField(_("channel"), max_length=10, choices=CHANNEL_CHOICES)
    enabled = models.BooleanField(_("on"))

    class Meta:
        verbose_name = _("channel preference")
        verbose_name_plural = _("channel preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "channel"], name="one_channel_preference"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind} · {self.channel}"


class DeliveryHours(models.Model):
    """When a person may be interrupted, in their own time zone: nothing that can wait
    arrives during quiet hours or their shift (it waits for the end), and at most
    ``daily_cap`` messages a day on each channel (the rest wait for tomorrow, collapsed)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="delivery_hours",
    )
    quiet_hours_start = models.TimeField(_("quiet hours from"), default=dt.time(21, 0))
    quiet_hours_end = models.TimeField(_("quiet hours until"), default=dt.time(7, 0))
    # Empty end: nothing waits for a shift to end. The start also times the check-in
    # reminder (``wellbeing.services.reminders``).
    shift_start = models.TimeField(_("my shift starts at"), null=True, blank=True)
    shift_end = models.TimeField(_("my shift ends at"), null=True, blank=True)
    daily_cap = models.PositiveSmallIntegerField(
        _("at most this many a day on each channel"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    class Meta:
        verbose_name = _("delivery hours")
        verbose_name_plural = _("delivery hours")
        constraints = [
            # A start alone times the check-in reminder (wellbeing); deliveries wait for a
            # shift only when it has both ends.
            models.CheckConstraint(
                condition=Q(shift_end__isnull=True) | Q(shift_start__isnull=False),
                name="delivery_hours_shift_end_needs_start",
                violation_error_message=_("Give the start of your shift too."),
            ),
            models.CheckConstraint(
                condition=Q(daily_cap__gte=1) & Q(daily_cap__lte=100),
                name="delivery_hours_cap_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}"
