"""The tools that push events: integrations, their API keys, how they name agents, and the
answers given to each batch they sent."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


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
