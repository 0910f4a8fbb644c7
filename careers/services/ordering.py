"""Ordered children (levels of a track, requirements of a level, modules of a path): their
positions run 1..n without gaps or repeats. Every change locks the parent row first, so two
HR editors reordering or adding at once queue up instead of interleaving."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import record_audit_event
from people.models import User

# Positions are moved out of the way before renumbering so the unique (parent, position)
# constraint never sees two rows on one position mid-way (SQLite has no deferrable checks).
PARKING_OFFSET = 10000


def lock_parent(parent: models.Model) -> None:
    type(parent)._default_manager.select_for_update().filter(pk=parent.pk).first()


def renumber(children: models.QuerySet[Any], ordered_ids: Sequence[int]) -> None:
    """Give the rows of ``children`` positions 1..n in the order of ``ordered_ids``."""
    children.update(position=F("position") + PARKING_OFFSET)
    for position, pk in enumerate(ordered_ids, start=1):
        children.filter(pk=pk).update(position=position)


def close_gap(children: models.QuerySet[Any]) -> None:
    """Renumber 1..n in the current order, after one was deleted."""
    renumber(children, list(children.order_by("position").values_list("pk", flat=True)))


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


def reorder(
    *,
    actor: User,
    parent: models.Model,
    children: models.QuerySet[Any],
    new_ids: Sequence[Any],
    field: str,
    verb: str,
) -> list[Any]:
    """Put ``children`` of ``parent`` in the order of ``new_ids`` (every id exactly once)."""
    lock_parent(parent)
    current = list(children.values_list("pk", flat=True))
    ids = check_new_order(current_ids=current, new_ids=new_ids, field=field)
    renumber(children, ids)
    record_audit_event(actor=actor, verb=verb, target=parent, data={"order": ids})
    return list(children.order_by("position"))
