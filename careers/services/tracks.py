"""HR's writes on career tracks, their levels.

Order is a list: positions run 1..n without gaps or repeats. Reordering takes the whole
new order (every id exactly once), so a cycle, a gap or a stranger id is refused before
anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from careers.models import (
    CareerPlan,
    CareerTrack,
    Level,
    LevelHistory,
    Promotion,
    Requirement,
)
from careers.services import HR_ONLY
from careers.services.fields import (
    NamedText,
    named_fields,
    refuse_taken_name,
    set_fields,
)
from careers.services.ordering import PARKING_OFFSET, close_gap, lock_parent, renumber, reorder

# Requirements live in careers.services.requirements; callers keep this module's names.
from careers.services.requirements import (
    add_requirement,
    delete_requirement,
    reorder_requirements,
)
from core.exceptions import ConflictError, DomainError
from core.services import record_audit_event
from core.slugs import unique_slug
from people.models import User
from people.permissions import require_hr


def _refuse_taken_track_name(name_en: str, *, other_than: CareerTrack | None = None) -> None:
    refuse_taken_name(
        CareerTrack.objects.all(),
        name_en,
        message=_("A track with this name already exists."),
        other_than=other_than,
    )


def _refuse_taken_level_name(
    track_id: int, name_en: str, *, other_than: Level | None = None
) -> None:
    refuse_taken_name(
        Level.objects.filter(track=track_id),
        name_en,
        message=_("This track already has a level with this name."),
        other_than=other_than,
    )


@transaction.atomic
def create_track(*, actor: User, **text: Unpack[NamedText]) -> CareerTrack:
    require_hr(actor, HR_ONLY)
    fields = named_fields(**text)
    _refuse_taken_track_name(fields["name_en"])
    track = CareerTrack.objects.create(
        slug=unique_slug(CareerTrack, fields["name_en"]),
        position=CareerTrack.objects.count(),
        **fields,
    )
    record_audit_event(actor=actor, verb="careers.track_created", target=track)
    return track


@transaction.atomic
def update_track(
    *, actor: User, track: CareerTrack, active: bool = True, **text: Unpack[NamedText]
) -> CareerTrack:
    require_hr(actor, HR_ONLY)
    fields = named_fields(**text)
    _refuse_taken_track_name(fields["name_en"], other_than=track)
    set_fields(track, fields)
    track.active = active
    track.save()
    record_audit_event(actor=actor, verb="careers.track_updated", target=track)
    return track


@transaction.atomic
def copy_track(*, actor: User, track: CareerTrack, name_en: str, name_es: str) -> CareerTrack:
    """A new track with the same levels and requirements, in the same order."""
    copy = create_track(
        actor=actor,
        name_en=name_en,
        name_es=name_es,
        description_en=track.description_en,
        description_es=track.description_es,
    )
    for level in track.levels.order_by("position"):
        requirements = list(level.requirements.order_by("position"))
        level.pk = None
        level.track = copy
        level.save(force_insert=True)
        for requirement in requirements:
            requirement.pk = None
            requirement.level = level
        Requirement.objects.bulk_create(requirements)
    record_audit_event(
        actor=actor, verb="careers.track_copied", target=copy, data={"from": track.pk}
    )
    return copy


@transaction.atomic
def add_level(
    *, actor: User, track: CareerTrack, position: int | None = None, **text: Unpack[NamedText]
) -> Level:
    """Append a level, or insert it at ``position`` (1..n+1) moving the later ones down."""
    require_hr(actor, HR_ONLY)
    fields = named_fields(**text)
    lock_parent(track)
    levels = list(
        Level.objects.filter(track=track).order_by("position").values_list("pk", flat=True)
    )
    if position is None:
        position = len(levels) + 1
    if not 1 <= position <= len(levels) + 1:
        raise DomainError(
            _("Levels are numbered 1 to %(n)s without gaps.") % {"n": len(levels) + 1},
            errors={"position": [_("Would leave a gap in the order.")]},
        )
    _refuse_taken_level_name(track.pk, fields["name_en"])
    level = Level.objects.create(track=track, position=len(levels) + 1 + PARKING_OFFSET, **fields)
    levels.insert(position - 1, level.pk)
    renumber(Level.objects.filter(track=track), levels)
    level.refresh_from_db()
    record_audit_event(actor=actor, verb="careers.level_added", target=level)
    return level


@transaction.atomic
def update_level(*, actor: User, level: Level, **text: Unpack[NamedText]) -> Level:
    require_hr(actor, HR_ONLY)
    fields = named_fields(**text)
    _refuse_taken_level_name(level.track_id, fields["name_en"], other_than=level)
    set_fields(level, fields)
    level.save()
    record_audit_event(actor=actor, verb="careers.level_updated", target=level)
    return level


@transaction.atomic
def reorder_levels(*, actor: User, track: CareerTrack, level_ids: Sequence[Any]) -> list[Level]:
    require_hr(actor, HR_ONLY)
    return reorder(
        actor=actor,
        parent=track,
        children=Level.objects.filter(track=track),
        new_ids=level_ids,
        field="level_ids",
        verb="careers.levels_reordered",
    )


@transaction.atomic
def delete_level(*, actor: User, level: Level) -> None:
    """Only a level nobody holds, held, targets or was endorsed for can go."""
    require_hr(actor, HR_ONLY)
    in_use = (
        LevelHistory.objects.filter(level=level).exists()
        or CareerPlan.objects.filter(target_level=level).exists()
        or Promotion.objects.filter(to_level=level).exists()
        or Promotion.objects.filter(from_level=level).exists()
    )
    if in_use:
        raise ConflictError(
            _("People hold, held or aim for this level, so it cannot be deleted."),
            errors={"level": [_("In use.")]},
        )
    track = level.track
    record_audit_event(
        actor=actor, verb="careers.level_deleted", target=track, data={"level": level.name_en}
    )
    lock_parent(track)
    level.delete()
    close_gap(Level.objects.filter(track=track))


__all__ = [
    "add_level",
    "add_requirement",
    "copy_track",
    "create_track",
    "delete_level",
    "delete_requirement",
    "reorder_levels",
    "reorder_requirements",
    "update_level",
    "update_track",
]
