from django.contrib import admin

from core.models import AuditEvent, Heartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """For evidence (audit trail, points ledger): nobody adds, edits or deletes here."""

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "verb", "target_type", "target_id")
    list_filter = ("verb", "target_type")
    search_fields = ("target_id", "actor__email")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ("source", "beat_at", "count")
    readonly_fields = ("source", "beat_at", "count")
