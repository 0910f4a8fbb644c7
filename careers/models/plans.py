"""Career plans: the agent's target level, goals and the lead's coaching notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from careers.models.base import GOAL_MAX_LENGTH, NOTE_MAX_LENGTH
from careers.models.tracks import Level
from core.models import TimeStampedModel


class CareerPlan(TimeStampedModel):
    agent = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="career_plan"
    )
    target_level = models.ForeignKey(
        Level,
        verbose_name=_("target level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Only the agent ever reads this (careers.selectors / serializers never hand it to
    # anyone else); tests/unit/careers/test_plan_privacy.py holds the line.
    private_notes = models.TextField(_("my private notes"), blank=True)

    class Meta:
        verbose_name = _("career plan")
        verbose_name_plural = _("career plans")

    def __str__(self) -> str:
        return str(self.agent)


class Goal(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=GOAL_MAX_LENGTH)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["status", "due_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class CoachingNote(models.Model):
    """A lead's check-in note on a plan; the agent reads it too."""

    plan = models.ForeignKey(CareerPlan, on_delete=models.CASCADE, related_name="coaching_notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("coaching note")
        verbose_name_plural = _("coaching notes")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.text[:60]
