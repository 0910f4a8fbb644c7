from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, BilingualTag, Localized, TimeStampedModel

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]
NOTE_MAX_LENGTH = 2000


class MoodTag(BilingualTag):
    """A word an agent can attach to a check-in (tired, proud, tough call…); HR manages them."""

    class Meta(BilingualTag.Meta):
        verbose_name = _("check-in tag")
        verbose_name_plural = _("check-in tags")


class CheckIn(TimeStampedModel):
    """How one person felt on one local day. Private to them unless they share it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    local_date = models.DateField(_("day"))
    mood = models.PositiveSmallIntegerField(_("mood"), validators=SCORE_VALIDATORS)
    energy = models.PositiveSmallIntegerField(_("energy"), validators=SCORE_VALIDATORS)
    stress = models.PositiveSmallIntegerField(_("stress"), validators=SCORE_VALIDATORS)
    tags = models.ManyToManyField(MoodTag, verbose_name=_("tags"), blank=True)
    note = models.TextField(
        _("private note"), blank=True, validators=[MaxLengthValidator(NOTE_MAX_LENGTH)]
    )
    shared_with_lead = models.BooleanField(_("shared with my lead"), default=False)
    # Set the first time the check-in is shared and never cleared: the lead has read it, so
    # trends leave it out for good (services.trends), or a total minus it would tell them
    # about the others. Sharing closes with the check-in's week (services.set_check_in_sharing).
    ever_shared = models.BooleanField(_("ever shared"), default=False, editable=False)
    # The team the author was an agent of that day. Trends count a check-in for this team
    # for good, so a person moving teams never changes numbers already published
    # (services.trends: published numbers must never be differenced over time).
    team = models.ForeignKey(
        "people.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-local_date"]
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="wellbeing_one_per_day"),
            models.CheckConstraint(
                condition=Q(mood__gte=1, mood__lte=5)
                & Q(energy__gte=1, energy__lte=5)
                & Q(stress__gte=1, stress__lte=5),
                name="wellbeing_scores_1_to_5",
            ),
        ]
        indexes = [models.Index(fields=["local_date", "user"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.local_date}"


class WellbeingPreference(models.Model):
    """Whether to remind someone to check in. When (their shift start, never in their quiet
    hours) and where (in the app, by e-mail, push or Slack) are their notification choices,
    kept by ``notifications`` for every kind of message."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="wellbeing_preference",
    )
    reminders_enabled = models.BooleanField(_("remind me to check in"), default=True)

    class Meta:
        verbose_name = _("wellbeing preference")
        verbose_name_plural = _("wellbeing preferences")

    def __str__(self) -> str:
        return f"{self.user}"


class SlackCheckInPrompt(models.Model):
    """The daily check-in message in Slack, one per person per local day (the unique key
    makes the job safe to run twice); ``sent_at`` stays empty until Slack took it, so a
    later run tries again (``services.slack_check_ins``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="slack_check_in_prompts"
    )
    local_date = models.DateField(_("day"))
    created_at = models.DateTimeField(auto_now_add=True)
    # A sender holds the prompt until then (a lease), so two copies of its task send once.
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("Slack check-in message")
        verbose_name_plural = _("Slack check-in messages")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "local_date"], name="wellbeing_one_slack_prompt"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.local_date}"


class CheckInReminder(models.Model):
    """One row per person per local day a reminder went out; the unique key makes the
    reminder job safe to run twice or concurrently (``services.send_due_reminders``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="check_in_reminders"
    )
    local_date = models.DateField(_("day"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("check-in reminder")
        verbose_name_plural = _("check-in reminders")
        constraints = [
            models.UniqueConstraint(fields=["user", "local_date"], name="wellbeing_one_reminder")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.local_date}"


class CareResource(Bilingual):
    """Supportive text and links HR offers to someone whose recent check-ins stay low."""

    title_en = models.CharField(_("title (English)"), max_length=120)
    title_es = models.CharField(_("title (Spanish)"), max_length=120)
    body_en = models.TextField(_("text (English)"), blank=True)
    body_es = models.TextField(_("text (Spanish)"), blank=True)
    url = models.URLField(_("link"), blank=True)
    # A helpline agents can call from their phone (the card links it as tel:).
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("care resource")
        verbose_name_plural = _("care resources")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title

    title = Localized()
    body = Localized()


class ChatRequest(models.Model):
    """An agent asked their lead for a chat. The lead learns that, and nothing else."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_requests"
    )
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("chat request")
        verbose_name_plural = _("chat requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(resolved_at__isnull=True),
                name="wellbeing_one_open_chat_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


class TrendPeriod(models.TextChoices):
    DAY = "day", _("Day")
    WEEK = "week", _("Week")
    MONTH = "month", _("Month")


class TrendCell(models.Model):
    """One calendar window of anonymous trend numbers, decided once and kept as published.

    Written only by ``services.trends.publish_trends`` when the window's week has ended
    everywhere; never edited afterwards, so no later change (an erased check-in, a person
    moving teams, a new setting) can be read by comparing old and new numbers. A hidden
    window keeps no numbers at all.
    """

    scope = models.CharField(_("scope"), max_length=255)  # "team:<id>", "company", ...
    period = models.CharField(_("period"), max_length=5, choices=TrendPeriod.choices)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    shown = models.BooleanField(_("shown"))
    respondents = models.PositiveIntegerField(_("people"), null=True)
    check_ins = models.PositiveIntegerField(_("check-ins"), null=True)
    mood_sum = models.PositiveIntegerField(null=True)
    energy_sum = models.PositiveIntegerField(null=True)
    stress_sum = models.PositiveIntegerField(null=True)
    mood_counts = models.JSONField(default=list)  # check-ins with mood 1..5
    tag_counts = models.JSONField(default=dict)  # tag slug -> check-ins with it
    members = models.PositiveIntegerField(_("members"), null=True)
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)

    class Meta:
        verbose_name = _("published trend window")
        verbose_name_plural = _("published trend windows")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "period", "start"], name="wellbeing_one_cell_per_window"
            ),
            # The floor of WELLBEING_MIN_GROUP_SIZE: whatever the setting, the database
            # refuses to keep numbers about fewer than three people.
            models.CheckConstraint(
                condition=Q(shown=False, respondents__isnull=True, check_ins__isnull=True)
                | Q(shown=True, respondents__gte=3, check_ins__gte=3),
                name="wellbeing_cell_numbers_only_when_shown",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} · {self.period} {self.start}"
