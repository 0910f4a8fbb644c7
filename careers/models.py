"""Career tracks and levels, training paths, enrollments, career plans and promotions.

Positions (levels in a track, requirements in a level, modules in a path) are kept
contiguous from 1 by ``careers.services.ordering``; the
unique constraints below make a duplicate position (a "cycle" in the order) impossible.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, TimeStampedModel

GOAL_MAX_LENGTH = 500
NOTE_MAX_LENGTH = 4000
MODULE_BODY_MAX_LENGTH = 20000


class NamedBilingual(Bilingual):
    """A name and a description HR write in both languages (tracks, levels, paths)."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_es = models.TextField(_("description (Spanish)"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.localized("name")

    @property
    def description(self) -> str:
        return self.localized("description")


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


class TrainingPath(NamedBilingual, TimeStampedModel):
    slug = models.SlugField(_("code"), max_length=60, unique=True)
    track = models.ForeignKey(
        CareerTrack,
        verbose_name=_("track"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_paths",
        help_text=_("Shown under this track in the catalog."),
    )
    badge_class = models.ForeignKey(
        "recognition.BadgeClass",
        verbose_name=_("badge on completion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.PositiveIntegerField(_("points on completion"), default=0)
    # Archived paths keep their enrollments and history but accept no new enrollments.
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("training path")
        verbose_name_plural = _("training paths")
        ordering = ["name_en"]


class Module(Bilingual):
    path = models.ForeignKey(
        TrainingPath, on_delete=models.CASCADE, related_name="modules", verbose_name=_("path")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    title_en = models.CharField(_("title (English)"), max_length=160)
    title_es = models.CharField(_("title (Spanish)"), max_length=160)
    body_en = models.TextField(_("text (English, Markdown)"), blank=True)
    body_es = models.TextField(_("text (Spanish, Markdown)"), blank=True)
    url = models.URLField(_("link"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=10)
    pass_mark = models.PositiveSmallIntegerField(
        _("quiz pass mark (%)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the module has no quiz."),
    )

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["path", "position"]
        constraints = [
            models.UniqueConstraint(fields=["path", "position"], name="one_module_per_position"),
            models.CheckConstraint(
                condition=Q(pass_mark__isnull=True) | Q(pass_mark__gte=1, pass_mark__lte=100),
                name="module_pass_mark_percent",
            ),
            models.CheckConstraint(
                condition=~Q(body_en="", url=""), name="module_has_text_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return self.localized("title")

    @property
    def body(self) -> str:
        return self.localized("body")

    @property
    def has_quiz(self) -> bool:
        return self.pass_mark is not None


class QuizQuestion(Bilingual):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(_("position"))
    prompt_en = models.CharField(_("question (English)"), max_length=300)
    prompt_es = models.CharField(_("question (Spanish)"), max_length=300)

    class Meta:
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        ordering = ["module", "position"]
        constraints = [
            models.UniqueConstraint(fields=["module", "position"], name="one_question_per_position")
        ]

    def __str__(self) -> str:
        return self.prompt

    @property
    def prompt(self) -> str:
        return self.localized("prompt")


class QuizChoice(Bilingual):
    question = models.ForeignKey(QuizQuestion, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text_en = models.CharField(_("answer (English)"), max_length=200)
    text_es = models.CharField(_("answer (Spanish)"), max_length=200)
    correct = models.BooleanField(_("correct"), default=False)

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.localized("text")


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
        TrainingPath,
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


class Enrollment(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments"
    )
    path = models.ForeignKey(
        TrainingPath, on_delete=models.PROTECT, related_name="enrollments", verbose_name=_("path")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "path"], name="one_enrollment_per_path")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.path}"


class ModuleProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="progress")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_score = models.PositiveSmallIntegerField(_("last quiz score (%)"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("module progress")
        verbose_name_plural = _("module progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "module"], name="one_progress_per_module")
        ]

    def __str__(self) -> str:
        return f"{self.enrollment} · {self.module}"


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
