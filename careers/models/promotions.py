"""Promotions (a lead endorses, HR decides) and the levels people held."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from careers.models.base import NOTE_MAX_LENGTH
from careers.models.tracks import Level
from core.models import TimeStampedModel


class LevelHistory(models.Model):
    """Which level a person held and when; the row without ``ended_at`` is the current one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="level_history"
    )
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="holders")
    started_at = models.DateTimeField(_("since"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    promotion = models.OneToOneField(
        "careers.Promotion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="history_entry",
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("level history entry")
        verbose_name_plural = _("level history")
        ordering = ["-started_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(ended_at__isnull=True), name="one_current_level"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.level}"


class Promotion(TimeStampedModel):
    """A lead's endorsement of an agent for a level, then HR's decision."""

    class Status(models.TextChoices):
        ENDORSED = "endorsed", _("Waiting for HR")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="promotions"
    )
    from_level = models.ForeignKey(
        Level, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_level = models.ForeignKey(
        Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="promotions"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ENDORSED
    )
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    endorsement_note = models.TextField(_("why"), max_length=NOTE_MAX_LENGTH, blank=True)
    # What the lead saw when endorsing, so HR decides on the same evidence later on.
    readiness_percent = models.PositiveSmallIntegerField(_("readiness when endorsed"))
    evidence = models.JSONField(default=list)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=NOTE_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agent"], condition=Q(status="endorsed"), name="one_open_promotion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agent} → {self.to_level}"

    @property
    def localized_evidence(self) -> list[dict[str, Any]]:
        """The snapshot's facts with their sentences in the reader's language."""
        language = (translation.get_language() or "es")[:2]

        def pick(text: Any) -> Any:
            if not isinstance(text, dict):
                return text
            return text.get(language) or next(iter(text.values()), "")

        return [
            {**fact, "summary": pick(fact["summary"]), "evidence": pick(fact["evidence"])}
            for fact in self.evidence
        ]
