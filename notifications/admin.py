from django.contrib import admin

from core.admin import CuidaModelAdmin
from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(CuidaModelAdmin):
    list_display = ("created_at", "user", "kind", "message", "read_at")
    list_filter = ("kind",)
    search_fields = ("user__email", "message")
    list_select_related = ("user",)
