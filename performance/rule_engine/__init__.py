"""The rule engine: the declarative rule language (conditions over event metrics, no code),
fixed windows, the kinds of rule and ``evaluate``, which judges one event against one rule.

Editing rules is ``services.rules``; turning a firing into effects is ``services.processing``.
Nothing here writes.
"""

from performance.rule_engine.kinds import Outcome, evaluate, higher_is_better
from performance.rule_engine.language import (
    MAX_DEPTH,
    OPERATORS,
    PLACEHOLDER,
    InvalidCondition,
    matches,
    render,
    validate_condition,
)
from performance.rule_engine.statistics import Improvement, aggregate, improvement
from performance.rule_engine.windows import window_start

__all__ = [
    "MAX_DEPTH",
    "OPERATORS",
    "PLACEHOLDER",
    "Improvement",
    "InvalidCondition",
    "Outcome",
    "aggregate",
    "evaluate",
    "higher_is_better",
    "improvement",
    "matches",
    "render",
    "validate_condition",
    "window_start",
]
