"""What arrives about agents: event types, the metrics they carry, and the events."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, BilingualTag, Localized
from performance.models.integrations import IngestionBatch, Integration


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
