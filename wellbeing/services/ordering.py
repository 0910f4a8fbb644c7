"""The order HR give a list of wellbeing content (check-in tags, care resources): the move
buttons post the whole new order, so a repeated, missing or stranger id is refused before
anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from core.exceptions import DomainError


def _whole_id(value: Any) -> int:
    """An id given as an int or a string of digits; int() alone would read 3.5 as 3."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ValueError(value)


def put_in_order(rows: models.QuerySet[Any], new_ids: Sequence[Any]) -> list[int]:
    """Give every row of ``rows`` positions 1..n in the order of ``new_ids``, which must list
    each of them exactly once. The rows are locked in id order first, so two HR editors
    reordering at once queue up."""
    current = list(rows.select_for_update().order_by("pk").values_list("pk", flat=True))
    try:
        ids = [_whole_id(i) for i in new_ids]
    except (TypeError, ValueError):
        message = _("The new order must list every item exactly once.")
        raise DomainError(message, errors={"ids": [message]}) from None
    if len(ids) != len(set(ids)) or set(ids) != set(current):
        message = _("The list changed while you were looking at it. Please try again.")
        raise DomainError(message, errors={"ids": [message]})
    for position, pk in enumerate(ids, start=1):
        rows.filter(pk=pk).update(position=position)
    return ids


def next_position(rows: models.QuerySet[Any]) -> int:
    """The position after the last row: a new item goes to the end of the list."""
    last = rows.aggregate(last=models.Max("position"))["last"]
    return (last or 0) + 1
