"""Addresses Cuida no longer e-mails: the provider reported a hard bounce, a refusal or a
spam complaint (``services.suppressions``; the e-mail channel skips them)."""

from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _


class EmailSuppression(models.Model):
    """One address, lowercased, and why mail to it stopped. A person whose address changes
    is e-mailed again at the new one; deleting the row (the admin) e-mails the old one again."""

    class Reason(models.TextChoices):
        BOUNCE = "bounce", _("Bounced")
        REJECTED = "rejected", _("Refused by the provider")
        COMPLAINT = "complaint", _("Marked as spam")

    address = models.EmailField(_("address"), max_length=254, unique=True)
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    provider = models.CharField(_("provider"), max_length=40, blank=True)
    # The provider's id of the event: a webhook delivered twice is recorded once.
    provider_event_id = models.CharField(_("provider event id"), max_length=200, blank=True)
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("suppressed e-mail address")
        verbose_name_plural = _("suppressed e-mail addresses")
        ordering = ["-created_at", "-id"]
        constraints = [
            # Lowercased by the service; the database refuses any other spelling.
            models.CheckConstraint(
                condition=models.Q(address=Lower("address")), name="email_suppression_lowercase"
            ),
        ]
        indexes = [models.Index(fields=["provider_event_id"])]

    def __str__(self) -> str:
        return self.address
