"""HR's writes on training paths: names, track, the badge and points completing one gives."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from careers.models import (
    CareerTrack,
    TrainingPath,
)
from careers.services import HR_ONLY
from careers.services.fields import existing_active, unique_slug, whole_number
from core.exceptions import ConflictError, DomainError
from core.services import clean_names, record_audit_event
from people.models import User
from people.permissions import require_hr
from recognition.models import BadgeClass

MAX_POINTS = 10000


def _path_fields(
    *,
    name_en: str,
    name_es: str,
    description_en: str,
    description_es: str,
    track_id: Any,
    badge_class_id: Any,
    points: Any,
) -> dict[str, Any]:
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {
        "name_en": name_en,
        "name_es": name_es,
        "description_en": description_en.strip(),
        "description_es": description_es.strip(),
        "track": None,
        "badge_class": None,
    }
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


@transaction.atomic
def create_path(
    *,
    actor: User,
    name_en: str,
    name_es: str,
    description_en: str = "",
    description_es: str = "",
    track_id: Any = None,
    badge_class_id: Any = None,
    points: Any = 0,
) -> TrainingPath:
    require_hr(actor, HR_ONLY)
    fields = _path_fields(
        name_en=name_en,
        name_es=name_es,
        description_en=description_en,
        description_es=description_es,
        track_id=track_id,
        badge_class_id=badge_class_id,
        points=points,
    )
    if TrainingPath.objects.filter(name_en__iexact=fields["name_en"]).exists():
        raise ConflictError(
            _("A training path with this name already exists."),
            errors={"name_en": [_("Already used.")]},
        )
    path = TrainingPath.objects.create(slug=unique_slug(TrainingPath, fields["name_en"]), **fields)
    record_audit_event(actor=actor, verb="careers.path_created", target=path)
    return path


@transaction.atomic
def update_path(
    *,
    actor: User,
    path: TrainingPath,
    name_en: str,
    name_es: str,
    description_en: str = "",
    description_es: str = "",
    track_id: Any = None,
    badge_class_id: Any = None,
    points: Any = 0,
    active: bool = True,
) -> TrainingPath:
    require_hr(actor, HR_ONLY)
    fields = _path_fields(
        name_en=name_en,
        name_es=name_es,
        description_en=description_en,
        description_es=description_es,
        track_id=track_id,
        badge_class_id=badge_class_id,
        points=points,
    )
    if TrainingPath.objects.filter(name_en__iexact=name_en.strip()).exclude(pk=path.pk).exists():
        raise ConflictError(
            _("A training path with this name already exists."),
            errors={"name_en": [_("Already used.")]},
        )
    for name, value in fields.items():
        setattr(path, name, value)
    path.active = active
    path.save()
    record_audit_event(actor=actor, verb="careers.path_updated", target=path)
    return path
