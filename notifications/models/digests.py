from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Digest(models.Model):
    """One person's weekly digest (Monday to Sunday on their clock), as it was written when
    it was sent: ``sections`` in every language of the site (``{"es": [...], "en": [...]}``),
    so it reads later as it arrived, in whichever language its reader then uses.

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
    # The recipient's language when it was sent: what a reader in another language reads if
    # the site has gained a language since.
    language = models.CharField(_("language"), max_length=8)
    sections = models.JSONField(_("sections"), default=dict, blank=True)
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

    @property
    def readable_sections(self) -> list[dict[str, Any]]:
        """The sections in the active language (the reader's, on a page or in an e-mail)."""
        language = (translation.get_language() or self.language)[:2]
        return self.sections.get(language) or self.sections.get(self.language) or []
