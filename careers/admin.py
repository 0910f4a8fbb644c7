"""Admin for careers. HR edit tracks, levels, requirements, paths, modules and quizzes here
too; what people earn or decide (enrollments, plans, level history, promotions) is
read-only, because those go through services that award badges and points and keep the
history. A plan's private notes are never shown."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from careers.models import (
    CareerPlan,
    CareerTrack,
    CoachingNote,
    Enrollment,
    Goal,
    Level,
    LevelHistory,
    Module,
    ModuleProgress,
    Promotion,
    QuizChoice,
    QuizQuestion,
    Requirement,
    TrainingPath,
)
from core.admin import HTTPS_LINKS, CuidaModelAdmin, ReadOnlyAdmin


class LevelInline(admin.TabularInline):
    model = Level
    extra = 0
    fields = ("position", "name_en", "name_es")
    ordering = ("position",)


@admin.register(CareerTrack)
class CareerTrackAdmin(CuidaModelAdmin):
    list_display = ("name_en", "name_es", "slug", "active", "position")
    list_editable = ("active", "position")
    search_fields = ("name_en", "name_es")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [LevelInline]


class RequirementInline(admin.StackedInline):
    model = Requirement
    extra = 0
    ordering = ("position",)
    autocomplete_fields = ("badge_class", "training_path")


@admin.register(Level)
class LevelAdmin(CuidaModelAdmin):
    list_display = ("name_en", "track", "position")
    list_filter = ("track",)
    list_select_related = ("track",)
    search_fields = ("name_en", "name_es", "track__name_en")
    inlines = [RequirementInline]


class ModuleInline(admin.StackedInline):
    model = Module
    formfield_overrides = HTTPS_LINKS  # an inline is not a CuidaModelAdmin
    extra = 0
    ordering = ("position",)
    show_change_link = True


@admin.register(TrainingPath)
class TrainingPathAdmin(CuidaModelAdmin):
    list_display = ("name_en", "track", "badge_class", "points", "active")
    list_filter = ("active", "track")
    list_select_related = ("track", "badge_class")
    search_fields = ("name_en", "name_es", "slug")
    prepopulated_fields = {"slug": ("name_en",)}
    inlines = [ModuleInline]


class QuizQuestionInline(admin.StackedInline):
    model = QuizQuestion
    extra = 0
    ordering = ("position",)
    show_change_link = True


@admin.register(Module)
class ModuleAdmin(CuidaModelAdmin):
    list_display = ("title_en", "path", "position", "estimated_minutes", "pass_mark")
    list_filter = ("path",)
    list_select_related = ("path",)
    search_fields = ("title_en", "title_es")
    inlines = [QuizQuestionInline]


class QuizChoiceInline(admin.TabularInline):
    model = QuizChoice
    extra = 2


@admin.register(QuizQuestion)
class QuizQuestionAdmin(CuidaModelAdmin):
    list_display = ("prompt_en", "module", "position")
    list_select_related = ("module",)
    inlines = [QuizChoiceInline]


@admin.register(Enrollment)
class EnrollmentAdmin(ReadOnlyAdmin):
    list_display = ("user", "path", "assigned_by", "due_on", "completed_at", "created_at")
    list_filter = ("path",)
    search_fields = ("user__email", "path__name_en")
    list_select_related = ("user", "path", "assigned_by")


@admin.register(ModuleProgress)
class ModuleProgressAdmin(ReadOnlyAdmin):
    list_display = ("enrollment", "module", "attempts", "last_score", "completed_at")
    list_select_related = ("enrollment__user", "enrollment__path", "module")


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
    fields = ("text", "due_on", "status", "created_by")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CoachingNoteInline(admin.TabularInline):
    model = CoachingNote
    extra = 0
    fields = ("created_at", "author", "text")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CareerPlan)
class CareerPlanAdmin(ReadOnlyAdmin):
    list_display = ("agent", "target_level", "updated_at")
    search_fields = ("agent__email", "agent__display_name")
    list_select_related = ("agent", "target_level__track")
    # The agent's private notes stay out of the admin like everywhere else.
    fields = ("agent", "target_level", "created_at", "updated_at")
    inlines = [GoalInline, CoachingNoteInline]


@admin.register(LevelHistory)
class LevelHistoryAdmin(ReadOnlyAdmin):
    list_display = ("user", "level", "started_at", "ended_at", "set_by")
    list_filter = ("level__track",)
    search_fields = ("user__email",)
    list_select_related = ("user", "level__track", "set_by")


@admin.register(Promotion)
class PromotionAdmin(ReadOnlyAdmin):
    list_display = ("agent", "to_level", "status", "readiness_percent", "created_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("agent__email",)
    list_select_related = ("agent", "to_level__track")
