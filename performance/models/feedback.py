"""What reaches the agent (feedback) and the agent's choices about comparison."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from performance.models.events import PerformanceEvent
from performance.models.rules import RuleFiring


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
