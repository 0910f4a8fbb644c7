"""Database helpers shared by services."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.db import OperationalError, connection

P = ParamSpec("P")
R = TypeVar("R")

# PostgreSQL: serialization_failure and deadlock_detected. Retrying the whole transaction
# is the documented remedy (shared/design.md, reliability notes).
RETRYABLE_SQLSTATES = {"40001", "40P01"}


def retry_on_conflict(attempts: int = 5) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Re-run a transactional function when the database aborts it for a conflict.

    Apply it *outside* ``transaction.atomic`` so each attempt is a fresh transaction.
    """

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for attempt in range(attempts):
                try:
                    return func(*args, **kwargs)
                except OperationalError as exc:
                    sqlstate = getattr(getattr(exc, "__cause__", None), "sqlstate", None)
                    if (
                        sqlstate not in RETRYABLE_SQLSTATES
                        or attempt == attempts - 1
                        or connection.in_atomic_block
                    ):
                        raise
                    time.sleep(0.01 * 2**attempt)
            raise AssertionError("unreachable")

        return wrapper

    return decorate
