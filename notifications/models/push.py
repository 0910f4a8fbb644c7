"""Web push: the devices (browsers) a person turned notifications on for, and which of
them already received a delivery."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PushSubscription(models.Model):
    """One browser's push subscription (``PushManager.subscribe``). The endpoint is a
    capability URL (whoever knows it can push to the device) and the keys encrypt for it,
    so all three are kept Fernet-encrypted (notifications/crypto.py); the endpoint's
    SHA-256 keeps one row per device."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="push_subscriptions",
    )
    endpoint_hash = models.CharField(_("endpoint digest"), max_length=64, unique=True)
    endpoint_encrypted = models.TextField(_("endpoint (encrypted)"))
    p256dh_encrypted = models.TextField(_("device key (encrypted)"))
    auth_encrypted = models.TextField(_("authentication secret (encrypted)"))
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last push"), null=True, blank=True)

    class Meta:
        verbose_name = _("push subscription")
        verbose_name_plural = _("push subscriptions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.user_agent[:40]}"


class PushReceipt(models.Model):
    """This device accepted this delivery: a delivery retried because another device
    failed is not pushed twice to the ones that already have it."""

    delivery = models.ForeignKey(
        "notifications.Delivery", on_delete=models.CASCADE, related_name="push_receipts"
    )
    subscription = models.ForeignKey(
        PushSubscription, on_delete=models.CASCADE, related_name="receipts"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["delivery", "subscription"], name="push_receipt_once_per_device"
            )
        ]

    def __str__(self) -> str:
        return f"{self.delivery_id} → {self.subscription_id}"
