from django.contrib import admin
from django.http import HttpRequest

from core.admin import CuidaModelAdmin
from notifications.models import EmailSuppression, Notification


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
