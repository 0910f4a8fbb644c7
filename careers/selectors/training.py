"""Reads of the training catalog, its paths and modules, and people's enrollments."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from careers.models import (
    Enrollment,
    Module,
    ModuleProgress,
    TrainingPath,
)
from people.models import User


def training_catalog(
    *,
    track_id: int | None = None,
    max_minutes: int | None = None,
    include_archived: bool = False,
) -> QuerySet[TrainingPath]:
    queryset = TrainingPath.objects.select_related("track", "badge_class").annotate(
        total_minutes=Sum("modules__estimated_minutes"), module_count=Count("modules")
    )
    if not include_archived:
        queryset = queryset.filter(active=True, module_count__gt=0)
    if track_id:
        queryset = queryset.filter(track_id=track_id)
    if max_minutes:
        queryset = queryset.filter(total_minutes__lte=max_minutes)
    return queryset.order_by("name_en")


def get_path(*, pk: int) -> TrainingPath:
    return get_object_or_404(TrainingPath.objects.select_related("track", "badge_class"), pk=pk)


def path_modules(*, path: TrainingPath) -> QuerySet[Module]:
    return path.modules.order_by("position").prefetch_related("questions__choices")


def get_module(*, pk: int) -> Module:
    return get_object_or_404(Module.objects.select_related("path"), pk=pk)


def enrollments_of(*, user: User) -> QuerySet[Enrollment]:
    """The person's enrollments with ``module_count`` and ``done_count`` for progress bars."""
    return (
        Enrollment.objects.filter(user=user)
        .select_related("path", "assigned_by")
        .annotate(
            module_count=Count("path__modules", distinct=True),
            done_count=Count(
                "progress", filter=Q(progress__completed_at__isnull=False), distinct=True
            ),
        )
        .order_by("completed_at", "due_on", "-created_at")
    )


def get_enrollment_for_user(*, user: User, pk: int) -> Enrollment:
    return get_object_or_404(enrollments_of(user=user), pk=pk)


def enrollment_progress(*, enrollment: Enrollment) -> dict[int, ModuleProgress]:
    return {p.module_id: p for p in enrollment.progress.all()}


def enrollments_by_path(*, user: User) -> dict[int, Enrollment]:
    return {e.path_id: e for e in Enrollment.objects.filter(user=user)}


def active_paths() -> QuerySet[TrainingPath]:
    return TrainingPath.objects.filter(active=True).order_by("name_en")


def get_path_detail(*, pk: int) -> TrainingPath:
    """A path (archived ones too) with its catalog totals, modules and quiz in 4 queries."""
    modules = Module.objects.order_by("position").prefetch_related("questions__choices")
    return get_object_or_404(
        training_catalog(include_archived=True).prefetch_related(
            Prefetch("modules", queryset=modules)
        ),
        pk=pk,
    )


def get_module_with_quiz(*, pk: int) -> Module:
    return get_object_or_404(
        Module.objects.select_related("path").prefetch_related("questions__choices"), pk=pk
    )


def enrollment_modules(*, enrollment: Enrollment) -> QuerySet[Module]:
    return Module.objects.filter(path_id=enrollment.path_id).order_by("position")


def find_enrollment(*, user: User, path: TrainingPath) -> Enrollment | None:
    return Enrollment.objects.filter(user=user, path=path).first()


def next_training_due(*, user: User) -> Enrollment | None:
    """The unfinished training whose due date comes first (overdue ones included)."""
    return (
        Enrollment.objects.filter(user=user, completed_at__isnull=True, due_on__isnull=False)
        .select_related("path")
        .order_by("due_on", "id")
        .first()
    )
