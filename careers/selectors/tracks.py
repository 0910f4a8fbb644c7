"""Reads of career tracks, their levels and requirements, and who holds which level."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from careers.models import (
    CareerPlan,
    CareerTrack,
    Level,
    LevelHistory,
    Requirement,
)
from people.models import User
from performance import selectors as performance_selectors
from recognition import selectors as recognition_selectors
from recognition.models import BadgeClass


def level_history(*, agent: User) -> QuerySet[LevelHistory]:
    return LevelHistory.objects.filter(user=agent).select_related("level__track", "set_by")


def current_level(*, agent: User) -> LevelHistory | None:
    return level_history(agent=agent).filter(ended_at__isnull=True).first()


def tracks(*, include_inactive: bool = False) -> QuerySet[CareerTrack]:
    requirements = Requirement.objects.select_related(
        "badge_class", "training_path", "event_type"
    ).order_by("position")
    levels = Level.objects.order_by("position").prefetch_related(
        Prefetch("requirements", queryset=requirements)
    )
    queryset = CareerTrack.objects.prefetch_related(Prefetch("levels", queryset=levels))
    return queryset if include_inactive else queryset.filter(active=True)


def get_track(*, pk: int) -> CareerTrack:
    return get_object_or_404(tracks(include_inactive=True), pk=pk)


def get_level(*, pk: int) -> Level:
    return get_object_or_404(Level.objects.select_related("track"), pk=pk)


def get_requirement(*, pk: int) -> Requirement:
    return get_object_or_404(Requirement.objects.select_related("level__track"), pk=pk)


def levels_for_targets() -> QuerySet[Level]:
    return Level.objects.filter(track__active=True).select_related("track")


def track_ladder(*, track_id: int) -> list[Level]:
    levels = Level.objects.filter(track_id=track_id).select_related("track")
    return list(levels.order_by("position"))


def target_levels_for(*, current: LevelHistory | None) -> QuerySet[Level]:
    """Levels a plan may aim at: those of active tracks, above the current level in its own
    track (``plans.set_target_level`` refuses the others)."""
    levels = levels_for_targets().order_by("track__position", "track__name_en", "position")
    if current is not None:
        levels = levels.exclude(
            track_id=current.level.track_id, position__lte=current.level.position
        )
    return levels


def active_badges() -> QuerySet[BadgeClass]:
    return recognition_selectors.active_badge_classes()


def active_tracks() -> QuerySet[CareerTrack]:
    return CareerTrack.objects.filter(active=True)


def active_event_types() -> QuerySet[Any]:
    """The event types a metric requirement may name (performance answers)."""
    return performance_selectors.active_event_types()


def get_level_detail(*, pk: int) -> Level:
    requirements = Requirement.objects.select_related(
        "badge_class", "training_path", "event_type"
    ).order_by("position")
    return get_object_or_404(
        Level.objects.select_related("track").prefetch_related(
            Prefetch("requirements", queryset=requirements)
        ),
        pk=pk,
    )


def people_placed_on_track(*, track: CareerTrack) -> int:
    """People who hold a level of ``track`` now or aim for one: reordering its levels
    changes what their promotions mean, so the track editor asks to confirm first."""
    holders = LevelHistory.objects.filter(level__track=track, ended_at__isnull=True).values(
        "user_id"
    )
    aiming = CareerPlan.objects.filter(target_level__track=track).values("agent_id")
    return User.objects.filter(Q(pk__in=holders) | Q(pk__in=aiming)).count()
