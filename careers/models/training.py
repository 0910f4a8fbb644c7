"""Training paths, their modules and quizzes, and who is enrolled how far."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from careers.models.base import NamedBilingual
from careers.models.tracks import CareerTrack
from core.models import Bilingual, Localized, TimeStampedModel


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

    title = Localized()
    body = Localized()

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

    prompt = Localized()


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

    text = Localized()


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
