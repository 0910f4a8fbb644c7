"""Admin for what HR manages. Check-ins are deliberately absent: not even staff may read
an individual's check-in (design.md invariant 3)."""

from django.contrib import admin
from django.db import models

from core.admin import CuidaModelAdmin
from wellbeing.models import CareResource, MoodTag


@admin.register(MoodTag)
class MoodTagAdmin(CuidaModelAdmin):
    list_display = ("slug", "name_en", "name_es", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("slug", "name_en", "name_es")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(CareResource)
class CareResourceAdmin(CuidaModelAdmin):
    list_display = ("title_en", "title_es", "url", "active", "position")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_editable = ("active", "position")
    search_fields = ("title_en", "title_es")
