"""Admin for performance. Events, feedback and keys are evidence: read-only. A key's hash is
never shown; the key itself exists only in the response that created it."""

from typing import Any

from django import forms
from django.contrib import admin

from core.admin import CuidaModelAdmin, ReadOnlyAdmin
from performance.models import (
    AgentMapping,
    ApiKey,
    EventType,
    Feedback,
    Integration,
    PerformanceEvent,
    Rule,
    RuleEffect,
)
from performance.services.rules import rule_field_errors


@admin.register(Integration)
class IntegrationAdmin(CuidaModelAdmin):
    list_display = ("name", "active", "created_at")
    list_filter = ("active",)
    search_fields = ("name",)


@admin.register(EventType)
class EventTypeAdmin(CuidaModelAdmin):
    list_display = ("slug", "name_en", "name_es", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("slug", "name_en", "name_es")
    prepopulated_fields = {"slug": ("name_en",)}


class RuleAdminForm(forms.ModelForm):
    """Runs the same checks as the rules page, so a malformed condition never reaches the
    workers (``services.processing`` evaluates conditions it trusts to be valid)."""

    class Meta:
        model = Rule
        fields = (
            "name_en",
            "name_es",
            "event_type",
            "condition",
            "aggregate",
            "aggregate_metric",
            "aggregate_op",
            "aggregate_value",
            "window_days",
            "min_count",
            "cooldown_days",
            "active",
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.errors:  # the field errors come first; the rule language checks the rest
            return data
        errors = rule_field_errors(
            condition=data.get("condition", {}),
            aggregate=data.get("aggregate", ""),
            aggregate_metric=data.get("aggregate_metric", ""),
            aggregate_op=data.get("aggregate_op", ""),
            aggregate_value=data.get("aggregate_value"),
            window_days=data.get("window_days"),
        )
        if errors:
            raise forms.ValidationError(errors)
        return data


class RuleEffectInline(admin.TabularInline):
    model = RuleEffect
    extra = 1


@admin.register(Rule)
class RuleAdmin(CuidaModelAdmin):
    form = RuleAdminForm
    inlines = [RuleEffectInline]
    list_display = ("name_en", "name_es", "event_type", "aggregate", "window_days", "active")
    list_filter = ("active", "event_type")
    search_fields = ("name_en", "name_es")
    list_select_related = ("event_type",)


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    # ``key_hash`` is deliberately left out of every list below.
    fields = (
        "integration",
        "name",
        "prefix",
        "created_at",
        "created_by",
        "last_used_at",
        "revoked_at",
    )
    readonly_fields = fields
    list_display = ("prefix", "integration", "name", "created_at", "last_used_at", "revoked_at")
    list_filter = ("integration",)
    search_fields = ("prefix", "name")
    list_select_related = ("integration",)


@admin.register(AgentMapping)
class AgentMappingAdmin(ReadOnlyAdmin):
    list_display = ("integration", "external_agent_id", "user")
    list_filter = ("integration",)
    search_fields = ("external_agent_id", "user__email")
    list_select_related = ("integration", "user")


@admin.register(PerformanceEvent)
class PerformanceEventAdmin(ReadOnlyAdmin):
    list_display = (
        "received_at",
        "occurred_at",
        "integration",
        "external_id",
        "event_type",
        "agent",
        "status",
        "attempts",
    )
    list_filter = ("status", "event_type")
    search_fields = ("external_id",)
    list_select_related = ("integration", "event_type", "agent")
    date_hierarchy = "received_at"


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "agent", "kind", "read_at")
    list_filter = ("kind",)
    search_fields = ("agent__email",)
    list_select_related = ("agent",)
    date_hierarchy = "created_at"
