"""Checks the careers services share on what HR type: whole numbers in a range, references
to rows that still exist and are active, the name and description of a track, level or path
and its uniqueness. Names in both languages: ``core.services``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Required, TypedDict

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError
from core.services import clean_names


def existing_active(
    rows: type[models.Model] | QuerySet[Any], pk: Any, *, field: str, message: str
) -> Any:
    """The active row ``pk`` of ``rows`` (a model, or a queryset another app's selector
    gives), or a 400 naming ``field`` (deleted or archived)."""
    queryset = rows if isinstance(rows, QuerySet) else rows._default_manager.all()
    try:
        obj = queryset.get(pk=int(pk))
    except (ObjectDoesNotExist, TypeError, ValueError):
        raise DomainError(message, errors={field: [message]}) from None
    if not getattr(obj, "active", True):
        raise DomainError(message, errors={field: [message]})
    return obj


def whole_number(value: Any, *, field: str, low: int, high: int) -> int:
    number = None
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    if number is None or not low <= number <= high:
        message = _("Give a whole number from %(low)s to %(high)s.") % {"low": low, "high": high}
        raise DomainError(message, errors={field: [message]})
    return number


class NamedText(TypedDict, total=False):
    """The name and description HR write for a track, level or path; the descriptions may be
    left out."""

    name_en: Required[str]
    name_es: Required[str]
    description_en: str
    description_es: str


def named_fields(
    *, name_en: str, name_es: str, description_en: str = "", description_es: str = ""
) -> dict[str, str]:
    """Both names (a 400 naming the missing one) and both descriptions, stripped."""
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    return {
        "name_en": name_en,
        "name_es": name_es,
        "description_en": description_en.strip(),
        "description_es": description_es.strip(),
    }


def refuse_taken_name(
    rows: QuerySet[Any], name_en: str, *, message: str, other_than: models.Model | None = None
) -> None:
    """A 409 on ``name_en`` when another of ``rows`` has this English name, in any case."""
    taken = rows.filter(name_en__iexact=name_en)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        raise ConflictError(message, errors={"name_en": [_("Already used.")]})


def set_fields(row: models.Model, fields: Mapping[str, Any]) -> None:
    """Set the checked ``fields`` on ``row`` (saving is the caller's)."""
    for name, value in fields.items():
        setattr(row, name, value)
