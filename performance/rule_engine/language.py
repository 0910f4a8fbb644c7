"""The declarative rule language: conditions over event metrics (no code) and the message
templates effects fill in.

A condition is ``{}`` (always true), a comparison ``{"metric": "score", "op": ">=",
"value": 4}``, or a group ``{"all": [...]}`` / ``{"any": [...]}`` of conditions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from core import numbers

# Comparisons go through core.numbers.compare: values within rounding noise of the
# threshold are equal, so a weekly mean of 4.5 meets "≥ 4.5" however the floats added up.
OPERATORS = numbers.OPERATORS
MAX_DEPTH = 4


class InvalidCondition(ValueError):
    pass


def validate_condition(condition: Any, *, depth: int = 0) -> None:
    """Raise ``InvalidCondition`` with a readable reason when ``condition`` is malformed."""
    if depth > MAX_DEPTH:
        raise InvalidCondition(_("Conditions may nest at most four levels."))
    if not isinstance(condition, Mapping):
        raise InvalidCondition(_("A condition must be an object."))
    if not condition:
        return
    groups = [key for key in ("all", "any") if key in condition]
    if groups:
        if len(condition) != 1:
            raise InvalidCondition(_("A group has exactly one key: “all” or “any”."))
        items = condition[groups[0]]
        if not isinstance(items, list) or not items:
            raise InvalidCondition(
                _("“%(group)s” needs a non-empty list of conditions.") % {"group": groups[0]}
            )
        for item in items:
            validate_condition(item, depth=depth + 1)
        return
    if set(condition) != {"metric", "op", "value"}:
        raise InvalidCondition(_("A comparison has exactly “metric”, “op” and “value”."))
    if not isinstance(condition["metric"], str) or not condition["metric"]:
        raise InvalidCondition(_("The metric must be a name."))
    if condition["op"] not in OPERATORS:
        raise InvalidCondition(_("Unknown comparison “%(op)s”.") % {"op": condition["op"]})
    value = condition["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidCondition(_("The value must be a number."))


def matches(condition: Mapping[str, Any], metrics: Mapping[str, Any]) -> bool:
    """Evaluate a validated condition; a missing metric makes its comparison false."""
    if not condition:
        return True
    if "all" in condition:
        return all(matches(item, metrics) for item in condition["all"])
    if "any" in condition:
        return any(matches(item, metrics) for item in condition["any"])
    value = metrics.get(condition["metric"])
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return numbers.compare(value, condition["op"], condition["value"])


PLACEHOLDER = re.compile(r"\{(\w+)\}")


def render(template: str, context: Mapping[str, Any]) -> str:
    """Fill ``{placeholders}`` with plain values (no attribute access, unlike
    ``str.format``); unknown ones stay visible instead of failing."""

    def fill(match: re.Match[str]) -> str:
        value = context.get(match.group(1))
        if value is None:
            return match.group(0)
        # a person reads it: 4,5 in Spanish, 4.5 in English (the active language)
        return numbers.readable(value, decimals=2) if isinstance(value, float) else str(value)

    return PLACEHOLDER.sub(fill, template)
