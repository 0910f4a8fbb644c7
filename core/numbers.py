"""Comparing measured numbers with the thresholds people typed.

Metric values arrive as binary floats (JSON) and are averaged or summed in SQL or Python:
the mean of 21 adherence values that is 92.0 on paper comes out as 91.99999999999999, and
ten 0.1 sum to 0.9999999999999999. A person reading "92 vs ≥ 92" expects ✓, so every
threshold comparison (careers.readiness for promotion requirements, performance.rule_engine
for rules) goes through ``compare``: two numbers closer than
``TOLERANCE`` (relative, with the same absolute floor near zero) are equal. Inputs carry at
most a few decimals and thresholds are typed by people, so a difference that small is always
rounding noise, never a real difference (docs/decisions.md, "Threshold comparisons").
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Iterable

from django.utils.formats import get_format

TOLERANCE = 1e-9

_STRICT: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
    "!=": operator.ne,
}
OPERATORS = tuple(_STRICT)  # in the order the rule form offers them


def nearly_equal(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def compare(value: float, op: str, threshold: float) -> bool:
    """``value op threshold`` where values within ``TOLERANCE`` of each other are equal."""
    if op not in _STRICT:
        raise ValueError(f"Unknown comparison {op!r}.")
    if math.isfinite(value) and math.isfinite(threshold) and nearly_equal(value, threshold):
        return op in {">=", "<=", "=="}
    return _STRICT[op](value, threshold)


def total(values: Iterable[float]) -> float:
    """The correctly rounded sum (``math.fsum``), so the order of the values never matters."""
    return math.fsum(values)


def mean(values: Iterable[float]) -> float:
    items = list(values)
    return math.fsum(items) / len(items) if items else 0.0


def readable(value: float, *, decimals: int = 1) -> str:
    """``value`` for a person to read in the active language: rounded to ``decimals``,
    without trailing zeros, with the language's decimal separator (92, 4,5 / 4.5). Never
    for markup a machine reads (SVG, CSS, data-*): those stay plain."""
    if not math.isfinite(value):
        return str(value)
    text = f"{round(value, decimals):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in {"-0", ""}:
        text = "0"
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))
