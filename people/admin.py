from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from core.admin import CuidaModelAdmin, OfferedLookupsOnly, ReadOnlyAdmin
from people.models import ApiToken, Membership, Team, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("team",)


class PersonCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class PersonChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(OfferedLookupsOnly, DjangoUserAdmin):
    form = PersonChangeForm
    add_form = PersonCreationForm
    ordering = ("email",)
    list_display = ("email", "display_name", "preferred_language", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "groups", "preferred_language")
    search_fields = ("email", "display_name")
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Profile"), {"fields": ("display_name", "preferred_language", "time_zone")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "email",
                    "display_name",
                    "usable_password",
                    "password1",
                    "password2",
                ),
            },
        ),
    )


@admin.register(Team)
class TeamAdmin(CuidaModelAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(CuidaModelAdmin):
    list_display = ("user", "team", "role")
    list_filter = ("role", "team")
    search_fields = ("user__email", "user__display_name", "team__name")
    list_select_related = ("user", "team")
    autocomplete_fields = ("user", "team")


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """People create and revoke their tokens on their settings page. ``key_hash`` is
    deliberately left out of every list below; the key itself is nowhere."""

    fields = ("user", "name", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked_at")
    search_fields = ("prefix", "user__email")
    list_select_related = ("user",)
