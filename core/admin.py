from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.admin.filters import EmptyFieldListFilter, SimpleListFilter
from django.contrib.admin.utils import get_fields_from_path
from django.db import models
from django.http import HttpRequest

from core.models import AuditEvent, Heartbeat


class OfferedLookupsOnly:
    """A changelist filters only through the filters it shows (``list_filter`` and
    ``date_hierarchy``), never through a query string naming any other field.

    Django's default allows a lookup on any field of the model and on one hop of any
    relation, so ``?private_notes__startswith=I`` or ``?chat_requests__isnull=False`` showed
    or hid rows: enough to read a hidden field one guess at a time. Refused lookups raise
    ``DisallowedModelAdminLookup`` (a 400) before any query runs. Every admin gets this:
    ours inherit it, the installed packages' are wrapped by ``guard_every_admin``.
    """

    model: type[models.Model]
    date_hierarchy: ClassVar[str | None]

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in self.offered_lookups(request)

    def offered_lookups(self, request: HttpRequest | None) -> set[str]:
        """The query parameters the changelist's own filters use, as Django's filter classes
        name them (``django.contrib.admin.filters``, ``ChangeList.get_filters``)."""
        offered: set[str] = set()
        if self.date_hierarchy:
            offered.update(f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day"))
        for item in self.get_list_filter(request):  # type: ignore[attr-defined]
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                offered.add(str(item.parameter_name))
                continue
            path, filter_class = item if isinstance(item, list | tuple) else (item, None)
            if isinstance(path, models.Field):
                path = path.name
            if isinstance(filter_class, type) and issubclass(filter_class, EmptyFieldListFilter):
                offered.add(f"{path}__isempty")
                continue
            offered.update(_field_filter_lookups(self.model, path))
        return offered


def _field_filter_lookups(model: type[models.Model], path: str) -> set[str]:
    field: Any = get_fields_from_path(model, path)[-1]
    if field.remote_field:  # RelatedFieldListFilter
        return {f"{path}__{field.target_field.name}__exact", f"{path}__isnull"}
    if field.choices or isinstance(field, models.BooleanField):
        return {f"{path}__exact", f"{path}__isnull"}
    if isinstance(field, models.DateField):  # DateTimeField too
        return {f"{path}__gte", f"{path}__lt"} | ({f"{path}__isnull"} if field.null else set())
    return {path, f"{path}__isnull"}  # AllValuesFieldListFilter


# Links typed without a scheme are read as https (Django 6's default).
HTTPS_LINKS: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.URLField: {"assume_scheme": "https"}
}


class CuidaModelAdmin(OfferedLookupsOnly, admin.ModelAdmin):
    """The base of every admin in this project."""

    formfield_overrides = HTTPS_LINKS


class BilingualTagAdmin(CuidaModelAdmin):
    """HR's list of a ``core.models.BilingualTag`` (check-in tags, company values): both
    names, on or off, in their order, the code made from the English name."""

    list_display = ("slug", "name_en", "name_es", "active", "position")
    list_editable = ("active", "position")
    prepopulated_fields = {"slug": ("name_en",)}


class ReadOnlyAdmin(CuidaModelAdmin):
    """For evidence (audit trail, points ledger) and what the system records itself
    (heartbeats): nobody adds, edits or deletes here."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def guard_every_admin(site: admin.AdminSite) -> None:
    """Give the admins of installed packages (auth, allauth, celery beat, …) the same guard:
    their models hold secrets too (OIDC tokens, TOTP seeds). Runs once every admin module
    is imported (``core.apps.CoreConfig.ready``, after the admin app's autodiscovery)."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, OfferedLookupsOnly):
            continue
        original = type(model_admin)
        guarded = type(original.__name__, (OfferedLookupsOnly, original), {})
        guarded.__module__ = original.__module__
        site.unregister(model)
        site.register(model, guarded)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "actor", "verb", "target_type", "target_id")
    list_filter = ("verb", "target_type")
    search_fields = ("target_id", "actor__email")
    list_select_related = ("actor",)
    date_hierarchy = "created_at"


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    """Beat and the workers write heartbeats (``core.services.record_heartbeat``); an
    operator only reads their age here."""

    list_display = ("source", "beat_at", "count")
