"""The shared cache: Redis when it answers, this process's memory while it does not.

Everything that uses ``django.core.cache`` (DRF's throttles, allauth's login rate limits and
its TOTP replay guard) goes through this one backend, so a Redis outage is handled here
instead of at each call site (shared/design.md invariant 9: no 500 because Redis is down).

While Redis is unreachable the cache falls back to a per-process ``LocMemCache`` rather than
failing open: rate limits keep counting, per process, instead of letting every request
through. The trade-off, documented in the README: with N web processes an attacker gets up
to N times each limit for as long as the outage lasts, and counts start again from zero on
each side of it. Failing closed would lock everybody out of signing in whenever Redis falls
over; failing open would make "take Redis down" the first step of a password-guessing run.
"""

from __future__ import annotations

import logging
import threading
from time import monotonic
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Errors that mean "Redis is not there", as opposed to a bug in how it is used.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# After a failure, skip Redis for this long: a hung Redis then costs one short timeout per
# process and period, not one per cache call.
RETRY_AFTER_SECONDS = 5.0

# Per process, shared by every thread's backend instance (Django makes one per thread).
_down_until: dict[str, float] = {}
_state_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    """Django's Redis cache that, when Redis cannot be reached, logs a warning and serves
    the call from a per-process memory cache instead of raising."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)
        fallback_params = {
            key: value
            for key, value in params.items()
            if key in {"TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION"}
        }
        # Rate-limit keys are one per client IP and account: keep far more than LocMem's
        # default 300, whose culling would forget the counts an attacker is racing.
        fallback_params["OPTIONS"] = {"MAX_ENTRIES": 10_000}
        self._fallback = LocMemCache(f"redis-fallback:{self._location}", fallback_params)

    def _call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        if monotonic() < _down_until.get(self._location, 0.0):
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNREACHABLE as exc:
            self._mark_down(exc)
            return getattr(self._fallback, name)(*args, **kwargs)
        if self._location in _down_until:
            self._mark_up()
        return result

    def _mark_down(self, exc: BaseException) -> None:
        with _state_lock:
            _down_until[self._location] = monotonic() + RETRY_AFTER_SECONDS
        logger.warning(
            "Redis cache unreachable (%s); using this process's memory for %.0f s.",
            exc,
            RETRY_AFTER_SECONDS,
        )

    def _mark_up(self) -> None:
        with _state_lock:
            was_down = _down_until.pop(self._location, None) is not None
        if was_down:
            logger.warning("Redis cache reachable again.")

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("add", key, value, timeout, version)

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        return self._call("get", key, default, version)

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("set", key, value, timeout, version)

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("touch", key, timeout, version)

    def delete(self, key: Any, version: Any = None) -> Any:
        return self._call("delete", key, version)

    def get_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("get_many", keys, version)

    def has_key(self, key: Any, version: Any = None) -> Any:
        return self._call("has_key", key, version)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> Any:
        return self._call("incr", key, delta, version)

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> Any:
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys: Any, version: Any = None) -> Any:
        return self._call("delete_many", keys, version)

    def clear(self) -> Any:
        return self._call("clear")
