"""HR's writes on a level's requirements: what a person must meet to reach it.

A metric requirement names an event type and a metric the integrations send; the
performance app answers which (``performance.selectors``), careers never reads its tables.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from careers.models import (
    Level,
    Requirement,
    TrainingPath,
)
from careers.services import HR_ONLY
from careers.services.fields import existing_active, whole_number
from careers.services.ordering import close_gap, lock_parent, reorder
from core.exceptions import ConflictError, DomainError
from core.services import record_audit_event
from people.models import User
from people.permissions import require_hr
from performance import selectors as performance_selectors
from recognition.models import BadgeClass

METRIC_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,59}$")
MAX_WINDOW_DAYS = 730
MAX_TENURE_DAYS = 3650


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
                performance_selectors.active_event_types(),
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
            known = performance_selectors.recent_metric_names(event_type_id=event_type.pk)
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
    actor: User,
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
    require_hr(actor, HR_ONLY)
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
    *, actor: User, level: Level, requirement_ids: Sequence[Any]
) -> list[Requirement]:
    require_hr(actor, HR_ONLY)
    return reorder(
        actor=actor,
        parent=level,
        children=Requirement.objects.filter(level=level),
        new_ids=requirement_ids,
        field="requirement_ids",
        verb="careers.requirements_reordered",
    )


@transaction.atomic
def delete_requirement(*, actor: User, requirement: Requirement) -> None:
    require_hr(actor, HR_ONLY)
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
