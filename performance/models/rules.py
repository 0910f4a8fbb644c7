"""HR's declarative rules, their guardrails and effects, and each firing."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Localized, TimeStampedModel
from performance.models.events import EventType, Metric, PerformanceEvent


class Rule(Bilingual, TimeStampedModel):
    """A declarative rule: on an event type, a condition over metrics, optionally
    aggregated per agent (or per team) over a fixed window, with effects (see
    ``performance.rule_engine``).

    Its ``kind`` says what the window's aggregate is compared with: a fixed threshold, the
    agent's own best or baseline of the previous ``baseline_windows`` windows, or (a team
    goal) the same threshold for the team's aggregate. Guardrails hold any kind back when
    another metric got worse in the same window."""

    class Kind(models.TextChoices):
        THRESHOLD = "threshold", _("Compare with a fixed value")
        PERSONAL_BEST = "personal_best", _("Personal best")
        MOST_IMPROVED = "most_improved", _("Most improved")
        TEAM_GOAL = "team_goal", _("Team goal")

    class Aggregate(models.TextChoices):
        NONE = "", _("Each event on its own")
        COUNT = "count", _("Number of events")
        SUM = "sum", _("Sum of a metric")
        MEAN = "mean", _("Average of a metric")
        MIN = "min", _("Lowest value of a metric")
        MAX = "max", _("Highest value of a metric")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.THRESHOLD)

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    event_type = models.ForeignKey(EventType, on_delete=models.PROTECT, related_name="rules")
    condition = models.JSONField(
        _("condition"),
        default=dict,
        blank=True,
        help_text=_(
            'Filters each event, e.g. {"all": [{"metric": "score", "op": ">=", "value": 5}]}'
        ),
    )
    aggregate = models.CharField(
        _("aggregate"), max_length=8, choices=Aggregate.choices, default="", blank=True
    )
    aggregate_metric = models.CharField(_("metric to aggregate"), max_length=60, blank=True)
    aggregate_op = models.CharField(_("comparison"), max_length=2, default=">=", blank=True)
    aggregate_value = models.FloatField(_("threshold"), null=True, blank=True)
    window_days = models.PositiveSmallIntegerField(_("window (days)"), null=True, blank=True)
    min_count = models.PositiveIntegerField(_("at least this many events"), default=1)
    cooldown_days = models.PositiveSmallIntegerField(_("cool-down (days)"), default=0)
    # Personal best and most improved: how many previous windows make the agent's own
    # baseline (each counts only with at least ``min_count`` events).
    baseline_windows = models.PositiveSmallIntegerField(_("previous windows compared"), default=4)
    # Most improved: the window must beat the baseline by more than this share of it, and
    # by more than two standard errors, so that noise does not win it.
    margin_percent = models.FloatField(_("improvement margin (%)"), default=10)
    # A team goal for one team; empty: each team is measured on its own.
    team = models.ForeignKey(
        "people.Team",
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["name_es"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aggregate="") | Q(window_days__gte=1), name="windowed_rule_has_window"
            ),
            # Every kind but a plain threshold compares windows.
            models.CheckConstraint(
                condition=Q(kind="threshold") | ~Q(aggregate=""), name="comparing_rule_is_windowed"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    name = Localized()


class RuleGuardrail(models.Model):
    """ "Only if this did not get worse": the rule fires for a window only when the agent's
    (or team's) mean of ``metric`` in that window is no worse than their baseline of the
    rule's previous windows, give or take ``tolerance_percent``. No data on it: it held."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="guardrails")
    metric = models.ForeignKey(
        Metric, verbose_name=_("metric"), on_delete=models.PROTECT, related_name="+"
    )
    tolerance_percent = models.FloatField(_("tolerance (%)"), default=0)

    class Meta:
        verbose_name = _("guardrail")
        verbose_name_plural = _("guardrails")
        constraints = [
            models.UniqueConstraint(fields=["rule", "metric"], name="one_guardrail_per_metric")
        ]

    def __str__(self) -> str:
        return f"{self.rule} ⟂ {self.metric}"


class RuleEffect(Bilingual):
    class Kind(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback message")
        POINTS = "points", _("Points")
        BADGE = "badge", _("Badge")
        BREAK = "break", _("Break suggestion")

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="effects")
    kind = models.CharField(_("effect"), max_length=10, choices=Kind.choices)
    message_en = models.TextField(_("message (English)"), blank=True)
    message_es = models.TextField(_("message (Spanish)"), blank=True)
    points = models.PositiveIntegerField(_("points"), default=0)
    badge_class = models.ForeignKey(
        "recognition.BadgeClass", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("rule effect")
        verbose_name_plural = _("rule effects")

    def __str__(self) -> str:
        return f"{self.rule} → {self.get_kind_display()}"

    # The feedback or break message in the reader's language (Spanish if untranslated).
    message = Localized()


class RuleFiring(models.Model):
    """One firing of a rule for one agent (per event, or per window) or for one team (a team
    goal's window, whose effects go to each member). Its unique key is what makes every
    effect happen exactly once, however often the event is processed."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="firings")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="rule_firings",
    )
    team = models.ForeignKey(
        "people.Team", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(max_length=160, unique=True)
    event = models.ForeignKey(
        PerformanceEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    window_start = models.DateField(null=True, blank=True)
    context = models.JSONField(default=dict)
    fired_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-fired_at"]
        indexes = [models.Index(fields=["rule", "agent", "fired_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(agent__isnull=False) | Q(team__isnull=False),
                name="firing_is_for_someone",
            )
        ]

    def __str__(self) -> str:
        return self.key
