"""HR's writes on career tracks, their levels and each level's requirements.

Order is a list: positions run 1..n without gaps or repeats. Reordering takes the whole
new order (every id exactly once), so a cycle, a gap or a stranger id is refused before
anything is written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.text import slugify
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
from core.exceptions import ConflictError, DomainError
from core.services import record_audit_event
from performance.models import EventType
from recognition.models import BadgeClass

METRIC_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")
MAX_WINDOW_DAYS = 730
MAX_TENURE_DAYS = 3650
# Positions are moved out of the way before renumbering so the unique (parent, position)
# constraint never sees two rows on one position mid-way (SQLite has no deferrable checks).
_PARKING_OFFSET = 10000


def _unique_slug(model: type[models.Model], text: str) -> str:
    base = slugify(text)[:50] or "item"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _clean_names(*, name_en: str, name_es: str) -> tuple[str, str]:
    name_en, name_es = name_en.strip(), name_es.strip()
    errors: dict[str, list[str]] = {}
    if not name_en:
        errors["name_en"] = [_("Give the name in English.")]
    if not name_es:
        errors["name_es"] = [_("Give the name in Spanish.")]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return name_en, name_es


def renumber(queryset: models.QuerySet[Any], ordered_ids: Sequence[int]) -> None:
    """Give the rows of ``queryset`` positions 1..n in the order of ``ordered_ids``."""
    queryset.update(position=F("position") + _PARKING_OFFSET)
    for position, pk in enumerate(ordered_ids, start=1):
        queryset.filter(pk=pk).update(position=position)


def _whole_id(value: Any) -> int:
    """An id given as an int or a string of digits; int() alone would truncate 3.5 to 3
    and read True as 1."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ValueError(value)


def check_new_order(*, current_ids: Sequence[int], new_ids: Sequence[Any], field: str) -> list[int]:
    """Refuse an order that repeats an id (a cycle), leaves one out (a gap) or adds one."""
    try:
        ids = [_whole_id(i) for i in new_ids]
    except (TypeError, ValueError):
        raise DomainError(
            _("The new order must be a list of ids."), errors={field: [_("Not a list of ids.")]}
        ) from None
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    missing = sorted(set(current_ids) - set(ids))
    unknown = sorted(set(ids) - set(current_ids))
    problems = []
    if repeated:
        problems.append(_("listed more than once: %(ids)s") % {"ids": repeated})
    if missing:
        problems.append(_("missing: %(ids)s") % {"ids": missing})
    if unknown:
        problems.append(_("not part of this list: %(ids)s") % {"ids": unknown})
    if problems:
        raise DomainError(
            _("The new order must list every item exactly once."),
            errors={field: problems},
        )
    return ids


@transaction.atomic
def create_track(
    *, actor: Any, name_en: str, name_es: str, description_en: str = "", description_es: str = ""
) -> CareerTrack:
    require_hr(actor)
    name_en, name_es = _clean_names(name_en=name_en, name_es=name_es)
    if CareerTrack.objects.filter(name_en__iexact=name_en).exists():
        raise ConflictError(
            _("A track with this name already exists."),
            errors={"name_en": [_("Already used.")]},
        )
    track = CareerTrack.objects.create(
        slug=_unique_slug(CareerTrack, name_en),
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
    name_en, name_es = _clean_names(name_en=name_en, name_es=name_es)
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
    name_en, name_es = _clean_names(name_en=name_en, name_es=name_es)
    levels = list(
        Level.objects.select_for_update()
        .filter(track=track)
        .order_by("position")
        .values_list("pk", flat=True)
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
        position=len(levels) + 1 + _PARKING_OFFSET,
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
    name_en, name_es = _clean_names(name_en=name_en, name_es=name_es)
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
    current = list(
        Level.objects.select_for_update()
        .filter(track=track)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    ids = check_new_order(current_ids=current, new_ids=level_ids, field="level_ids")
    renumber(Level.objects.filter(track=track), ids)
    record_audit_event(
        actor=actor, verb="careers.levels_reordered", target=track, data={"order": ids}
    )
    return list(Level.objects.filter(track=track).order_by("position"))


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
    level.delete()
    remaining = list(
        Level.objects.filter(track=track).order_by("position").values_list("pk", flat=True)
    )
    renumber(Level.objects.filter(track=track), remaining)


def _existing(model: type[models.Model], pk: Any, *, field: str, message: str) -> Any:
    """The active row ``pk`` of ``model``, or a 400 naming ``field`` (deleted or archived)."""
    try:
        obj = model._default_manager.get(pk=int(pk))
    except (model.DoesNotExist, TypeError, ValueError):  # type: ignore[attr-defined]
        raise DomainError(message, errors={field: [message]}) from None
    if not getattr(obj, "active", True):
        raise DomainError(message, errors={field: [message]})
    return obj


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
        badge = _existing(
            BadgeClass,
            badge_class_id,
            field="badge_class",
            message=_("This badge does not exist or was retired."),
        )
        return {"badge_class": badge}
    if kind == Requirement.Kind.TRAINING:
        path = _existing(
            TrainingPath,
            training_path_id,
            field="training_path",
            message=_("This training path does not exist or was archived."),
        )
        return {"training_path": path}
    if kind == Requirement.Kind.TENURE:
        days = _whole_number(min_tenure_days, field="min_tenure_days", low=1, high=MAX_TENURE_DAYS)
        return {"min_tenure_days": days}
    if kind == Requirement.Kind.METRIC:
        errors: dict[str, list[str]] = {}
        event_type = None
        try:
            event_type = _existing(
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
                fields[name] = _whole_number(
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


def _whole_number(value: Any, *, field: str, low: int, high: int) -> int:
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not low <= number <= high:
        message = _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        raise DomainError(message, errors={field: [message]})
    return number


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
    Level.objects.select_for_update().filter(pk=level.pk).first()
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
    Level.objects.select_for_update().filter(pk=level.pk).first()
    current = list(Requirement.objects.filter(level=level).values_list("pk", flat=True))
    ids = check_new_order(current_ids=current, new_ids=requirement_ids, field="requirement_ids")
    renumber(Requirement.objects.filter(level=level), ids)
    record_audit_event(
        actor=actor, verb="careers.requirements_reordered", target=level, data={"order": ids}
    )
    return list(Requirement.objects.filter(level=level).order_by("position"))


@transaction.atomic
def delete_requirement(*, actor: Any, requirement: Requirement) -> None:
    require_hr(actor)
    level = requirement.level
    Level.objects.select_for_update().filter(pk=level.pk).first()
    record_audit_event(
        actor=actor,
        verb="careers.requirement_deleted",
        target=level,
        data={"kind": requirement.kind},
    )
    requirement.delete()
    remaining = list(
        Requirement.objects.filter(level=level).order_by("position").values_list("pk", flat=True)
    )
    renumber(Requirement.objects.filter(level=level), remaining)
