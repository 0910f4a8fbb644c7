"""HR's writes on career tracks, their levels and each level's requirements.

Order is a list: positions run 1..n without gaps or repeats. Reordering takes the whole
new order (every id exactly once), so a cycle, a gap or a stranger id is refused before
anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from careers.models import (
    CareerPlan,
    CareerTrack,
    Level,
    LevelHistory,
    Promotion,
    Requirement,
    TrainingPath,
)
from careers.services import require_hr
from careers.services.fields import existing_active, unique_slug, whole_number
from careers.services.ordering import PARKING_OFFSET, close_gap, lock_parent, renumber, reorder
from core.exceptions import ConflictError, DomainError
from core.services import clean_names, record_audit_event
from performance.models import EventType, PerformanceEvent
from recognition.models import BadgeClass

METRIC_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")
MAX_WINDOW_DAYS = 730
MAX_TENURE_DAYS = 3650


@transaction.atomic
def create_track(
    *, actor: Any, name_en: str, name_es: str, description_en: str = "", description_es: str = ""
) -> CareerTrack:
    require_hr(actor)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    if CareerTrack.objects.filter(name_en__iexact=name_en).exists():
        raise ConflictError(
            _("A track with this name already exists."),
            errors={"name_en": [_("Already used.")]},
        )
    track = CareerTrack.objects.create(
        slug=unique_slug(CareerTrack, name_en),
        name_en=name_en,
        name_es=name_es,
        description_en=description_en.strip(),
        description_es=description_es.strip(),
        position=CareerTrack.objects.count(),
    )
    record_audit_event(actor=actor, verb="careers.track_created", target=track)
    return track


@transaction.atomic
def update_track(
    *,
    actor: Any,
    track: CareerTrack,
    name_en: str,
    name_es: str,
    description_en: str = "",
    description_es: str = "",
    active: bool = True,
) -> CareerTrack:
    require_hr(actor)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    if CareerTrack.objects.filter(name_en__iexact=name_en).exclude(pk=track.pk).exists():
        raise ConflictError(
            _("A track with this name already exists."),
            errors={"name_en": [_("Already used.")]},
        )
    track.name_en, track.name_es = name_en, name_es
    track.description_en, track.description_es = description_en.strip(), description_es.strip()
    track.active = active
    track.save()
    record_audit_event(actor=actor, verb="careers.track_updated", target=track)
    return track


@transaction.atomic
def copy_track(*, actor: Any, track: CareerTrack, name_en: str, name_es: str) -> CareerTrack:
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
    *,
    actor: Any,
    track: CareerTrack,
    name_en: str,
    name_es: str,
    description_en: str = "",
    description_es: str = "",
    position: int | None = None,
) -> Level:
    """Append a level, or insert it at ``position`` (1..n+1) moving the later ones down."""
    require_hr(actor)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
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
    if Level.objects.filter(track=track, name_en__iexact=name_en).exists():
        raise ConflictError(
            _("This track already has a level with this name."),
            errors={"name_en": [_("Already used.")]},
        )
    level = Level.objects.create(
        track=track,
        position=len(levels) + 1 + PARKING_OFFSET,
        name_en=name_en,
        name_es=name_es,
        description_en=description_en.strip(),
        description_es=description_es.strip(),
    )
    levels.insert(position - 1, level.pk)
    renumber(Level.objects.filter(track=track), levels)
    level.refresh_from_db()
    record_audit_event(actor=actor, verb="careers.level_added", target=level)
    return level


@transaction.atomic
def update_level(
    *,
    actor: Any,
    level: Level,
    name_en: str,
    name_es: str,
    description_en: str = "",
    description_es: str = "",
) -> Level:
    require_hr(actor)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    if (
        Level.objects.filter(track=level.track_id, name_en__iexact=name_en)
        .exclude(pk=level.pk)
        .exists()
    ):
        raise ConflictError(
            _("This track already has a level with this name."),
            errors={"name_en": [_("Already used.")]},
        )
    level.name_en, level.name_es = name_en, name_es
    level.description_en, level.description_es = description_en.strip(), description_es.strip()
    level.save()
    record_audit_event(actor=actor, verb="careers.level_updated", target=level)
    return level


@transaction.atomic
def reorder_levels(*, actor: Any, track: CareerTrack, level_ids: Sequence[Any]) -> list[Level]:
    require_hr(actor)
    return reorder(
        actor=actor,
        parent=track,
        children=Level.objects.filter(track=track),
        new_ids=level_ids,
        field="level_ids",
        verb="careers.levels_reordered",
    )


@transaction.atomic
def delete_level(*, actor: Any, level: Level) -> None:
    """Only a level nobody holds, held, targets or was endorsed for can go."""
    require_hr(actor)
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


RECENT_EVENTS_FOR_METRIC_NAMES = 200


def _recent_metric_names(event_type: EventType) -> set[str]:
    """The metric names the integrations sent lately for ``event_type`` (empty: none yet)."""
    recent = PerformanceEvent.objects.filter(event_type=event_type).order_by("-id")
    names: set[str] = set()
    for metrics in recent.values_list("metrics", flat=True)[:RECENT_EVENTS_FOR_METRIC_NAMES]:
        names.update(metrics or {})
    return names


def _requirement_fields(
    *,
    kind: str,
    badge_class_id: Any,
    training_path_id: Any,
    min_tenure_days: Any,
    event_type_id: Any,
    metric: str,
    aggregate: str,
    operator: str,
    threshold: Any,
    window_days: Any,
    min_events: Any,
) -> dict[str, Any]:
    if kind not in Requirement.Kind.values:
        raise DomainError(_("Unknown requirement kind."), errors={"kind": [_("Unknown.")]})
    if kind == Requirement.Kind.BADGE:
        badge = existing_active(
            BadgeClass,
            badge_class_id,
            field="badge_class",
            message=_("This badge does not exist or was retired."),
        )
        return {"badge_class": badge}
    if kind == Requirement.Kind.TRAINING:
        path = existing_active(
            TrainingPath,
            training_path_id,
            field="training_path",
            message=_("This training path does not exist or was archived."),
        )
        return {"training_path": path}
    if kind == Requirement.Kind.TENURE:
        days = whole_number(min_tenure_days, field="min_tenure_days", low=1, high=MAX_TENURE_DAYS)
        return {"min_tenure_days": days}
    if kind == Requirement.Kind.METRIC:
        errors: dict[str, list[str]] = {}
        event_type = None
        try:
            event_type = existing_active(
                EventType,
                event_type_id,
                field="event_type",
                message=_("This event type does not exist or is not active."),
            )
        except DomainError as exc:
            errors.update(exc.errors)
        aggregate = aggregate or Requirement.Aggregate.MEAN
        metric = (metric or "").strip()
        if aggregate not in Requirement.Aggregate.values:
            errors["aggregate"] = [_("Unknown aggregate.")]
        elif aggregate != Requirement.Aggregate.COUNT and not METRIC_NAME.match(metric):
            errors["metric"] = [_("Name the metric, e.g. score (letters, digits, _).")]
        elif aggregate != Requirement.Aggregate.COUNT and event_type is not None:
            # A misspelt metric would read "0 events" for everyone, forever.
            known = _recent_metric_names(event_type)
            if known and metric not in known:
                errors["metric"] = [
                    _("Recent “%(type)s” events carry %(names)s, not “%(metric)s”.")
                    % {"type": event_type.name, "names": ", ".join(sorted(known)), "metric": metric}
                ]
        if operator not in Requirement.Operator.values:
            errors["operator"] = [_("Unknown comparison.")]
        try:
            value = float(threshold)
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError
        except (TypeError, ValueError):
            errors["threshold"] = [_("Give the threshold as a number.")]
            value = 0.0
        fields: dict[str, Any] = {}
        for name, low, high in (("window_days", 1, MAX_WINDOW_DAYS), ("min_events", 1, 100000)):
            try:
                fields[name] = whole_number(
                    {"window_days": window_days, "min_events": min_events}[name],
                    field=name,
                    low=low,
                    high=high,
                )
            except DomainError as exc:
                errors.update(exc.errors)
        if errors:
            raise DomainError(_("Please correct the highlighted fields."), errors=errors)
        return {
            "event_type": event_type,
            "metric": metric if aggregate != Requirement.Aggregate.COUNT else "",
            "aggregate": aggregate,
            "operator": operator,
            "threshold": value,
            **fields,
        }
    return {}


@transaction.atomic
def add_requirement(
    *,
    actor: Any,
    level: Level,
    kind: str,
    badge_class_id: Any = None,
    training_path_id: Any = None,
    min_tenure_days: Any = None,
    event_type_id: Any = None,
    metric: str = "",
    aggregate: str = "",
    operator: str = ">=",
    threshold: Any = None,
    window_days: Any = None,
    min_events: Any = 1,
) -> Requirement:
    require_hr(actor)
    fields = _requirement_fields(
        kind=kind,
        badge_class_id=badge_class_id,
        training_path_id=training_path_id,
        min_tenure_days=min_tenure_days,
        event_type_id=event_type_id,
        metric=metric,
        aggregate=aggregate,
        operator=operator,
        threshold=threshold,
        window_days=window_days,
        min_events=min_events,
    )
    lock_parent(level)
    existing = Requirement.objects.filter(level=level)
    if kind == Requirement.Kind.ENDORSEMENT and existing.filter(kind=kind).exists():
        raise ConflictError(
            _("This level already asks for a lead endorsement."),
            errors={"kind": [_("Already required.")]},
        )
    for unique_field in ("badge_class", "training_path"):
        if unique_field in fields and existing.filter(**{unique_field: fields[unique_field]}):
            raise ConflictError(
                _("This level already has this requirement."),
                errors={unique_field: [_("Already required.")]},
            )
    try:
        requirement = Requirement.objects.create(
            level=level, position=existing.count() + 1, kind=kind, **fields
        )
    except IntegrityError as exc:
        raise ConflictError(_("The level changed meanwhile; please try again.")) from exc
    record_audit_event(
        actor=actor,
        verb="careers.requirement_added",
        target=requirement,
        data={"level": level.pk, "kind": kind},
    )
    return requirement


@transaction.atomic
def reorder_requirements(
    *, actor: Any, level: Level, requirement_ids: Sequence[Any]
) -> list[Requirement]:
    require_hr(actor)
    return reorder(
        actor=actor,
        parent=level,
        children=Requirement.objects.filter(level=level),
        new_ids=requirement_ids,
        field="requirement_ids",
        verb="careers.requirements_reordered",
    )


@transaction.atomic
def delete_requirement(*, actor: Any, requirement: Requirement) -> None:
    require_hr(actor)
    level = requirement.level
    lock_parent(level)
    record_audit_event(
        actor=actor,
        verb="careers.requirement_deleted",
        target=level,
        data={"kind": requirement.kind},
    )
    requirement.delete()
    close_gap(Requirement.objects.filter(level=level))
