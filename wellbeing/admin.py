"""Admin for what HR manages. Check-ins are deliberately absent: not even staff may read
an individual's check-in (design.md invariant 3)."""

from django.contrib import admin

from core.admin import BilingualTagAdmin, CuidaModelAdmin
from wellbeing.models import CareResource, MoodTag


@admin.register(MoodTag)
class MoodTagAdmin(BilingualTagAdmin):
    search_fields = ("slug", "name_en", "name_es")


@admin.register(CareResource)
class CareResourceAdmin(CuidaModelAdmin):
    list_display = ("title_en", "title_es", "url", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("title_en", "title_es")
