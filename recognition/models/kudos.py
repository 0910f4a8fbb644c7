from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import BilingualTag, Localized

KUDOS_MESSAGE_MAX_LENGTH = 1000


class ValueTag(BilingualTag):
    """A company value kudos can celebrate (Empathy, First-contact resolution…); HR-managed."""

    description_en = models.CharField(_("description (English)"), max_length=200, blank=True)
    description_es = models.CharField(_("description (Spanish)"), max_length=200, blank=True)

    class Meta(BilingualTag.Meta):
        verbose_name = _("company value")
        verbose_name_plural = _("company values")

    description = Localized()


class Kudos(models.Model):
    """A thank-you from one person to one or more colleagues, public in the feed."""

    giver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="kudos_given",
    )
    recipients = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("to"), related_name="kudos_received"
    )
    message = models.TextField(
        _("message"), validators=[MaxLengthValidator(KUDOS_MESSAGE_MAX_LENGTH)]
    )
    values = models.ManyToManyField(ValueTag, verbose_name=_("values"), related_name="kudos")
    points_each = models.PositiveIntegerField(_("points for each person"), default=0)
    interaction_ref = models.CharField(_("call, ticket or chat id"), max_length=120, blank=True)
    # A customer's compliment the agent chose to share (performance.services.feedback):
    # the agent is both the one sharing and the one praised, and no points move.
    from_customer = models.BooleanField(_("customer compliment"), default=False)
    # A client's retry key, unique per giver: two people may happen to pick the same key.
    idempotency_key = models.CharField(max_length=120, null=True, blank=True)
    request_fingerprint = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("given at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("kudos")
        verbose_name_plural = _("kudos")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["giver", "idempotency_key"], name="kudos_idempotency_key_per_giver"
            )
        ]

    def __str__(self) -> str:
        return f"{self.giver} → {self.message[:40]}"


class Reaction(models.Model):
    class Emoji(models.TextChoices):
        CLAP = "clap", "👏"
        HEART = "heart", "❤️"
        STAR = "star", "⭐"
        SMILE = "smile", "😊"

    kudos = models.ForeignKey(Kudos, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="kudos_reactions"
    )
    emoji = models.CharField(_("reaction"), max_length=12, choices=Emoji.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(fields=["kudos", "user", "emoji"], name="one_reaction_each")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.get_emoji_display()}"
