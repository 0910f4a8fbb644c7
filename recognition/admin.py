"""Admin for what HR manage (values, badges, rewards). The ledger is read-only here like
everywhere else: no add, change or delete."""

from django.contrib import admin

from core.admin import BilingualTagAdmin, CuidaModelAdmin, ReadOnlyAdmin
from recognition.models import (
    BadgeAward,
    BadgeClass,
    Kudos,
    LedgerEntry,
    PointsBalance,
    Redemption,
    RewardItem,
    ValueTag,
)


@admin.register(ValueTag)
class ValueTagAdmin(BilingualTagAdmin):
    pass


@admin.register(BadgeClass)
class BadgeClassAdmin(CuidaModelAdmin):
    list_display = ("slug", "name_en", "name_es", "repeatable", "active")
    list_filter = ("active", "repeatable")
    search_fields = ("slug", "name_en", "name_es")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(RewardItem)
class RewardItemAdmin(CuidaModelAdmin):
    list_display = ("name_en", "name_es", "cost", "stock", "active")
    list_editable = ("active",)
    search_fields = ("name_en", "name_es")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "account", "amount", "kind", "reference_type", "reference_id")
    list_filter = ("kind",)
    search_fields = ("account__email", "idempotency_key")
    list_select_related = ("account",)


@admin.register(PointsBalance)
class PointsBalanceAdmin(ReadOnlyAdmin):
    list_display = ("user", "balance", "updated_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)


@admin.register(Kudos)
class KudosAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "giver", "points_each")
    list_select_related = ("giver",)


@admin.register(BadgeAward)
class BadgeAwardAdmin(ReadOnlyAdmin):
    list_display = ("issued_on", "badge_class", "recipient", "awarded_by", "revoked_at")
    list_select_related = ("badge_class", "recipient", "awarded_by")


@admin.register(Redemption)
class RedemptionAdmin(ReadOnlyAdmin):
    list_display = ("requested_at", "user", "item", "cost", "status")
    list_filter = ("status",)
    list_select_related = ("user", "item")
