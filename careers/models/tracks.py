"""Career tracks, their levels and each level's requirements."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from careers.models.base import NamedBilingual
from core.models import TimeStampedModel


class CareerTrack(NamedBilingual, TimeStampedModel):
    """A ladder people climb, e.g. Customer Service: Agent I → Agent II → Senior Agent."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("career track")
        verbose_name_plural = _("career tracks")
        ordering = ["position", "name_en"]


class Level(NamedBilingual):
    track = models.ForeignKey(
        CareerTrack, on_delete=models.CASCADE, related_name="levels", verbose_name=_("track")
    )
    position = models.PositiveSmallIntegerField(_("position"))

    class Meta:
        verbose_name = _("level")
        verbose_name_plural = _("levels")
        ordering = ["track", "position"]
        constraints = [
            models.UniqueConstraint(fields=["track", "position"], name="one_level_per_position"),
            models.CheckConstraint(condition=Q(position__gte=1), name="level_position_from_one"),
        ]

    def __str__(self) -> str:
        return f"{self.track.name} · {self.name}"


class Requirement(models.Model):
    """One condition of a level. Exactly the fields of its kind are set (check constraint)."""

    class Kind(models.TextChoices):
        BADGE = "badge", _("Badge held")
        TRAINING = "training", _("Training path completed")
        TENURE = "tenure", _("Time in the current level")
        METRIC = "metric", _("Result over a period")
        ENDORSEMENT = "endorsement", _("Lead endorsement")

    class Aggregate(models.TextChoices):
        MEAN = "mean", _("average")
        SUM = "sum", _("total")
        COUNT = "count", _("number of events")

    class Operator(models.TextChoices):
        GTE = ">=", "≥"
        LTE = "<=", "≤"

    level = models.ForeignKey(
        Level, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("level")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    badge_class = models.ForeignKey(
        "recognition.BadgeClass",
        verbose_name=_("badge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    training_path = models.ForeignKey(
        "careers.TrainingPath",
        verbose_name=_("training path"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="required_by",
    )
    min_tenure_days = models.PositiveIntegerField(_("days in the current level"), null=True)
    event_type = models.ForeignKey(
        "performance.EventType",
        verbose_name=_("event type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    metric = models.CharField(_("metric"), max_length=60, blank=True)
    aggregate = models.CharField(
        _("aggregate"), max_length=5, choices=Aggregate.choices, blank=True
    )
    operator = models.CharField(_("comparison"), max_length=2, choices=Operator.choices, blank=True)
    threshold = models.FloatField(_("threshold"), null=True, blank=True)
    window_days = models.PositiveSmallIntegerField(_("period (days)"), null=True, blank=True)
    min_events = models.PositiveIntegerField(_("at least this many events"), default=1)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["level", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "position"], name="one_requirement_per_position"
            ),
            models.CheckConstraint(
                name="requirement_fields_match_kind",
                condition=(
                    Q(kind="badge", badge_class__isnull=False)
                    | Q(kind="training", training_path__isnull=False)
                    | Q(kind="tenure", min_tenure_days__isnull=False)
                    | Q(
                        kind="metric",
                        event_type__isnull=False,
                        threshold__isnull=False,
                        window_days__gte=1,
                    )
                    | Q(kind="endorsement")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} · {self.get_kind_display()}"
