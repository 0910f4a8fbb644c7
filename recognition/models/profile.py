from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecognitionProfile(models.Model):
    """Per-person recognition choices. Leaderboards show only people who opted in."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recognition_profile"
    )
    leaderboard_opt_in = models.BooleanField(_("show me on leaderboards"), default=False)

    class Meta:
        verbose_name = _("recognition profile")
        verbose_name_plural = _("recognition profiles")

    def __str__(self) -> str:
        return f"{self.user}"
