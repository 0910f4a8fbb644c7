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
    aggregated per agent over a fixed window, with effects (see ``performance.rule_engine``)."""

    class Aggregate(models.TextChoices):
        NONE = "", _("Each event on its own")
        COUNT = "count", _("Number of events")
        SUM = "sum", _("Sum of a metric")
        MEAN = "mean", _("Average of a metric")

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
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("rule")
        verbose_name_plural = _("rules")
        ordering = ["name_es"]
        constraints = [
            models.CheckConstraint(
                condition=Q(aggregate="") | Q(window_days__gte=1), name="windowed_rule_has_window"
            )
        ]

    def __str__(self) -> str:
        return self.name

    name = Localized()


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
    """One firing of a rule for one agent: per event, or per window. Its unique key is what
    makes every effect happen exactly once, however often the event is processed."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="firings")
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="rule_firings"
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

    def __str__(self) -> str:
        return self.key


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
