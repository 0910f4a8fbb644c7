from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Digest(models.Model):
    """One person's weekly digest (Monday to Sunday on their clock), as it was written for
    them when it was sent: ``sections`` in ``language``, so it reads later as it arrived.

    Written once per person and week (the unique constraint: the beat may run twice). A
    week with nothing to say leaves a row with ``sent`` False and no sections, so the runs
    every quarter of an hour that Monday morning do not build it again."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    week_start = models.DateField(_("week of"))
    language = models.CharField(_("language"), max_length=8)
    sections = models.JSONField(_("sections"), default=list, blank=True)
    sent = models.BooleanField(_("sent"), default=False)
    # The inbox message that announced it; the e-mail channel reaches the digest through it
    # (templates/notifications/email/digest_message.html).
    notification = models.OneToOneField(
        "notifications.Notification",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="digest",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("weekly digest")
        verbose_name_plural = _("weekly digests")
        ordering = ["-week_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "week_start"], name="one_digest_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.week_start}"

    @property
    def week_end(self) -> dt.date:
        return self.week_start + dt.timedelta(days=6)
