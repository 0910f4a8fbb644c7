"""HR's writes on training paths: names, track, the badge and points completing one gives."""

from __future__ import annotations

from typing import Any, Unpack

from django.db import transaction
from django.utils.translation import gettext as _

from careers.models import (
    CareerTrack,
    TrainingPath,
)
from careers.services import HR_ONLY
from careers.services.fields import (
    NamedText,
    existing_active,
    named_fields,
    refuse_taken_name,
    set_fields,
    whole_number,
)
from core.exceptions import DomainError
from core.services import record_audit_event
from core.slugs import unique_slug
from people.models import User
from people.permissions import require_hr
from recognition.models import BadgeClass

MAX_POINTS = 10000


def _path_fields(
    *,
    track_id: Any = None,
    badge_class_id: Any = None,
    points: Any = 0,
    **text: Unpack[NamedText],
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {**named_fields(**text), "track": None, "badge_class": None}
    if track_id not in (None, ""):
        try:
            fields["track"] = existing_active(
                CareerTrack, track_id, field="track", message=_("This track does not exist.")
            )
        except DomainError as exc:
            errors.update(exc.errors)
    if badge_class_id not in (None, ""):
        try:
            fields["badge_class"] = existing_active(
                BadgeClass,
                badge_class_id,
                field="badge_class",
                message=_("This badge does not exist or was retired."),
            )
        except DomainError as exc:
            errors.update(exc.errors)
    try:
        fields["points"] = whole_number(points or 0, field="points", low=0, high=MAX_POINTS)
    except DomainError as exc:
        errors.update(exc.errors)
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return fields


class PathContent(NamedText, total=False):
    """What HR write for a path; everything but the names may be left out."""

    track_id: Any
    badge_class_id: Any
    points: Any


def _refuse_taken_name(name_en: str, *, other_than: TrainingPath | None = None) -> None:
    refuse_taken_name(
        TrainingPath.objects.all(),
        name_en,
        message=_("A training path with this name already exists."),
        other_than=other_than,
    )


@transaction.atomic
def create_path(*, actor: User, **content: Unpack[PathContent]) -> TrainingPath:
    require_hr(actor, HR_ONLY)
    fields = _path_fields(**content)
    _refuse_taken_name(fields["name_en"])
    path = TrainingPath.objects.create(slug=unique_slug(TrainingPath, fields["name_en"]), **fields)
    record_audit_event(actor=actor, verb="careers.path_created", target=path)
    return path


@transaction.atomic
def update_path(
    *, actor: User, path: TrainingPath, active: bool = True, **content: Unpack[PathContent]
) -> TrainingPath:
    require_hr(actor, HR_ONLY)
    fields = _path_fields(**content)
    _refuse_taken_name(fields["name_en"], other_than=path)
    set_fields(path, fields)
    path.active = active
    path.save()
    record_audit_event(actor=actor, verb="careers.path_updated", target=path)
    return path
