from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Localized, TimeStampedModel


def reward_image_path(instance: RewardItem, filename: str) -> str:
    """A name Cuida chooses: the uploaded file's own name never reaches the storage."""
    return f"rewards/{uuid.uuid4().hex}.png"


class RewardItem(Bilingual, TimeStampedModel):
    """Something agents can spend points on: a gift card, first pick of shifts, a half day off.

    Name and description in both languages, like company values (``Bilingual``)."""

    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Empty: the Spanish text is shown.")
    )
    description_es = models.TextField(_("description (Spanish)"), blank=True)
    cost = models.PositiveIntegerField(_("cost in points"), validators=[MinValueValidator(1)])
    stock = models.PositiveIntegerField(
        _("stock"), null=True, blank=True, help_text=_("Empty means unlimited.")
    )
    image = models.ImageField(_("image"), upload_to=reward_image_path, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # A seasonal reward: agents see and request it only between these days (both included,
    # in the organisation's time zone); empty ends are open (selectors.catalog,
    # services.redemptions).
    available_from = models.DateField(_("available from"), null=True, blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["cost", "name_es"]
        constraints = [
            models.CheckConstraint(condition=Q(cost__gte=1), name="reward_cost_positive"),
            models.CheckConstraint(
                condition=Q(stock__isnull=True) | Q(stock__gte=0), name="reward_stock_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(available_from__isnull=True)
                | Q(available_until__isnull=True)
                | Q(available_until__gte=F("available_from")),
                name="reward_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    name = Localized()
    description = Localized()


class Redemption(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for your lead")
        APPROVED = "approved", _("Approved, on its way")
        FULFILLED = "fulfilled", _("Delivered")
        REJECTED = "rejected", _("Not approved")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="redemptions",
        verbose_name=_("person"),
    )
    item = models.ForeignKey(
        RewardItem, on_delete=models.PROTECT, related_name="redemptions", verbose_name=_("reward")
    )
    cost = models.PositiveIntegerField(_("points"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    idempotency_key = models.CharField(max_length=120, null=True, blank=True)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("reward request")
        verbose_name_plural = _("reward requests")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status", "requested_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "idempotency_key"], name="redemption_idempotency_key_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.item} · {self.status}"
