from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, BilingualTag, Localized, TimeStampedModel


class Integration(TimeStampedModel):
    """A contact-center tool (telephony, QA, CSAT survey, WFM) that pushes events."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ApiKey(models.Model):
    """A secret an integration sends as ``Authorization: Api-Key <key>``.

    Only a SHA-256 hash is stored; the key is shown once, when it is created. The prefix
    (public) finds the row without scanning every hash.
    """

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="keys")
    name = models.CharField(_("label"), max_length=80, blank=True)
    prefix = models.CharField(max_length=16, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.integration} · {self.prefix}…"


class AgentMapping(models.Model):
    """How one integration names an agent (its own agent id), mapped to a person."""

    integration = models.ForeignKey(
        Integration, on_delete=models.CASCADE, related_name="agent_mappings"
    )
    external_agent_id = models.CharField(_("agent id in the tool"), max_length=120)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_mappings"
    )

    class Meta:
        verbose_name = _("agent mapping")
        verbose_name_plural = _("agent mappings")
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "external_agent_id"], name="one_mapping_per_external_id"
            )
        ]

    def __str__(self) -> str:
        return f"{self.integration}: {self.external_agent_id} → {self.user}"


class EventType(BilingualTag):
    """Kinds of performance event (call_completed, csat_response, …); HR can add more."""

    class Meta(BilingualTag.Meta):
        verbose_name = _("event type")
        verbose_name_plural = _("event types")


class Metric(Bilingual):
    """A number an event type carries (``handle_time_s`` on a call), in the words HR and agents
    read: its name, its unit and which way is better. Rules may use only metrics declared
    here, and "What Cuida uses about me" lists them."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")
        # Context only (number of calls): no rule may reward moving it either way.
        NEUTRAL = "neutral", _("Neither: context only")

    class Unit(models.TextChoices):
        SECONDS = "seconds", _("seconds")
        PERCENT = "percent", _("percent")
        SCORE = "score", _("score")
        RATIO = "ratio", _("ratio (0 to 1)")
        COUNT = "count", _("count")

    event_type = models.ForeignKey(EventType, on_delete=models.CASCADE, related_name="metrics")
    # The name in the events' ``metrics`` object, as the integration sends it.
    key = models.CharField(_("name in the events"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=80)
    name_es = models.CharField(_("name (Spanish)"), max_length=80)
    unit = models.CharField(_("unit"), max_length=8, choices=Unit.choices, default=Unit.SCORE)
    direction = models.CharField(
        _("which way is better"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        ordering = ["event_type", "position", "key"]
        constraints = [
            models.UniqueConstraint(fields=["event_type", "key"], name="one_metric_per_key")
        ]

    name = Localized()

    def __str__(self) -> str:
        return f"{self.event_type.slug}.{self.key}"


class IngestionBatch(models.Model):
    """The answer given to one request body, so a resent batch gets the same answer."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="+")
    body_sha256 = models.CharField(max_length=64)
    # Kept as the exact JSON text sent, not a JSONField: PostgreSQL's jsonb reorders keys,
    # and a replay must answer the very same bytes.
    response_json = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "body_sha256"], name="one_answer_per_batch_body"
            )
        ]

    def __str__(self) -> str:
        return f"{self.integration_id}:{self.body_sha256[:12]}"


class PerformanceEvent(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        PROCESSED = "processed", _("Processed")
        FAILED = "failed", _("Failed")

    integration = models.ForeignKey(Integration, on_delete=models.PROTECT, related_name="events")
    external_id = models.CharField(_("id in the tool"), max_length=120)
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="performance_events"
    )
    event_type = models.ForeignKey(EventType, on_delete=models.PROTECT, related_name="events")
    occurred_at = models.DateTimeField(_("occurred at"))
    metrics = models.JSONField(_("metrics"), default=dict)
    text = models.TextField(_("text"), blank=True)
    received_at = models.DateTimeField(_("received at"), auto_now_add=True)
    # When the sweeper last re-enqueued it: at most once per grace period, so a backlog
    # does not fill the queue with copies of the same work.
    swept_at = models.DateTimeField(null=True, blank=True)
    # The batch that stored this event: tells "accepted" from "lost a race" exactly.
    batch = models.ForeignKey(
        IngestionBatch, null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    processed_at = models.DateTimeField(_("processed at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    # Flagged by the integration or HR (an outage, coaching time): stored and shown to the
    # agent, but never counted by any rule (``rule_engine`` filters it out everywhere).
    excluded = models.BooleanField(_("excluded from rules"), default=False)
    exclusion_reason = models.CharField(_("why it is excluded"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("performance event")
        verbose_name_plural = _("performance events")
        ordering = ["-occurred_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["integration", "external_id"], name="one_event_per_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["agent", "event_type", "occurred_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.integration}:{self.external_id}"


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


class PerformanceProfile(models.Model):
    """An agent's choices about comparison: with ``team_comparison`` off, their events count
    toward no team goal and they receive no team-goal effect; personal rules still apply.
    (Leaderboards are a separate opt-in, ``recognition.RecognitionProfile``.)"""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="performance_profile"
    )
    team_comparison = models.BooleanField(_("include me in team goals"), default=True)

    class Meta:
        verbose_name = _("performance profile")
        verbose_name_plural = _("performance profiles")

    def __str__(self) -> str:
        return f"{self.user}"


class Feedback(models.Model):
    """Kind, specific words for an agent: from a rule or a customer's compliment."""

    class Kind(models.TextChoices):
        PRAISE = "praise", _("Recognition")
        COMPLIMENT = "compliment", _("Customer compliment")
        BREAK = "break", _("Break suggestion")

    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feedback"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    # ``message`` is the text in the agent's language when it was written; ``texts`` holds it
    # in every language, so whoever reads it (the agent, or their lead in another language)
    # reads their own. Rows written before ``texts`` existed show ``message``.
    message = models.TextField(_("message"))
    texts = models.JSONField(default=dict, blank=True, editable=False)
    customer_text = models.TextField(_("what the customer said"), blank=True)
    firing = models.ForeignKey(
        RuleFiring, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    event = models.ForeignKey(
        PerformanceEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=160, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    shared_as_kudos = models.ForeignKey(
        "recognition.Kudos", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["agent", "read_at"])]

    def __str__(self) -> str:
        return self.message[:60]

    @property
    def text(self) -> str:
        """The message in the reader's (active) language."""
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        return self.texts.get(language) or self.message
