from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import Bilingual, Localized, TimeStampedModel


def badge_image_path(instance: BadgeClass, filename: str) -> str:
    return f"badges/{instance.slug}-{uuid.uuid4().hex[:8]}.png"


class BadgeClass(Bilingual, TimeStampedModel):
    """A badge people can earn. Names in both languages, like company values; the longer
    texts need Spanish, and an English text left empty reads as the Spanish one."""

    slug = models.SlugField(_("code"), max_length=60, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_es = models.CharField(_("name (Spanish)"), max_length=120)
    description_en = models.TextField(
        _("description (English)"), blank=True, help_text=_("Empty: the Spanish text is shown.")
    )
    description_es = models.TextField(_("description (Spanish)"))
    criteria_en = models.TextField(
        _("how to earn it (English)"),
        blank=True,
        help_text=_("Empty: the Spanish text is shown."),
    )
    criteria_es = models.TextField(_("how to earn it (Spanish)"))
    image = models.ImageField(_("image"), upload_to=badge_image_path, blank=True)
    repeatable = models.BooleanField(
        _("can be earned more than once"),
        default=False,
        help_text=_("Off: a person holds this badge at most once."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["name_es"]

    def __str__(self) -> str:
        return self.name

    name = Localized()
    description = Localized()
    criteria = Localized()


class BadgeAward(models.Model):
    """A badge given to a person; exported as an Open Badges 2.0 hosted assertion."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    badge_class = models.ForeignKey(
        BadgeClass, on_delete=models.PROTECT, related_name="awards", verbose_name=_("badge")
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="badge_awards",
        verbose_name=_("recipient"),
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("awarded by"),
        help_text=_("Empty when a rule awarded it."),
    )
    evidence_text = models.TextField(_("evidence"), blank=True)
    evidence_url = models.URLField(_("evidence link"), blank=True)
    # Copied from the badge class when awarded, so the database itself can refuse a second
    # live award of a one-per-person badge (see the constraint below).
    one_per_person = models.BooleanField(default=True, editable=False)
    idempotency_key = models.CharField(max_length=160, null=True, blank=True, unique=True)
    recipient_salt = models.CharField(max_length=32, editable=False)
    issued_on = models.DateTimeField(_("issued on"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revocation_reason = models.CharField(_("revocation reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["badge_class", "recipient"],
                condition=Q(one_per_person=True, revoked_at__isnull=True),
                name="one_live_award_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.badge_class} → {self.recipient}"
