from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.admin import CuidaModelAdmin
from notifications.models import EmailSuppression, Notification, PushSubscription


@admin.register(Notification)
class NotificationAdmin(CuidaModelAdmin):
    list_display = ("created_at", "user", "kind", "message", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "message")
    list_select_related = ("user",)


@admin.register(EmailSuppression)
class EmailSuppressionAdmin(CuidaModelAdmin):
    """Addresses no longer e-mailed. Deleting one e-mails it again (when the person says
    their mailbox works again); the provider may still refuse it until it is cleared there."""

    list_display = ("address", "reason", "provider", "created_at")
    list_filter = ("reason",)
    search_fields = ("address",)
    readonly_fields = ("address", "reason", "provider", "provider_event_id", "detail", "created_at")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(PushSubscription)
class PushSubscriptionAdmin(CuidaModelAdmin):
    """A person's devices for web push: which browser, since when, last used. The endpoint
    and keys stay encrypted and unseen; a device can be removed (its person turns it on
    again from My notifications), never written."""

    list_display = ("user", "user_agent", "created_at", "last_used_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    fields = ("user", "user_agent", "created_at", "last_used_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
