"""The shared cache keeps its promises while Redis is unreachable (core.cache)."""

from __future__ import annotations

import logging
import time
from typing import Any

import pytest
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError

from core import cache as cache_module
from core.cache import ResilientRedisCache
from tests.outage import free_port, hung_server, settings_for


@pytest.fixture(autouse=True)
def _redis_up_again_before_each_test(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cache_module, "_down_until", {})


def app_cache(location: str) -> ResilientRedisCache:
    """The cache exactly as config/settings.py builds it for ``REDIS_URL=location``."""
    entry = settings_for(REDIS_URL=location).CACHES["default"]
    params = {key: value for key, value in entry.items() if key not in {"BACKEND", "LOCATION"}}
    return ResilientRedisCache(entry["LOCATION"], params)


def test_settings_put_the_resilient_backend_in_front_of_redis():
    entry = settings_for(REDIS_URL="redis://cache.internal:6379/2").CACHES["default"]

    assert entry["BACKEND"] == "core.cache.ResilientRedisCache"
    assert entry["LOCATION"] == "redis://cache.internal:6379/2"


def test_while_redis_is_unreachable_the_cache_keeps_its_meaning_in_this_process(caplog):
    cache = app_cache(f"redis://127.0.0.1:{free_port()}/0")

    with caplog.at_level(logging.WARNING, logger="core.cache"):
        cache.set("history", [3, 2, 1], 60)
        first_add = cache.add("totp-used:123456", "y", 30)
        second_add = cache.add("totp-used:123456", "y", 30)
        cache.set("count", 1)
        cache.incr("count", 4)
        many = cache.get_many(["history", "count", "missing"])
        cache.delete("history")

    # a value set is read back, a key added twice is refused the second time (allauth's
    # TOTP replay guard and rate-limit lock rely on it), counters count
    assert (first_add, second_add) == (True, False)
    assert many == {"history": [3, 2, 1], "count": 5}
    assert cache.get("history", "gone") == "gone"
    assert "Redis cache unreachable" in caplog.text


def test_after_a_failure_the_cache_stops_waiting_for_a_hung_redis():
    with hung_server() as port:
        cache = app_cache(f"redis://127.0.0.1:{port}/0")

        began = time.monotonic()
        cache.get("first")
        first_s = time.monotonic() - began
        began = time.monotonic()
        for n in range(50):
            cache.set(f"key-{n}", n)
            cache.get(f"key-{n}")
        next_hundred_s = time.monotonic() - began

    assert first_s < 1.5, first_s
    assert next_hundred_s < 0.2, next_hundred_s


def test_redis_is_tried_again_after_a_pause_and_used_once_it_answers(monkeypatch, caplog):
    # given a Redis that fails, then answers
    calls: list[str] = []
    redis_answers = False

    def fake_redis_get(self: Any, key: str, default: Any = None, version: Any = None) -> Any:
        calls.append(key)
        if not redis_answers:
            raise RedisConnectionError("Connection refused.")
        return "from redis"

    monkeypatch.setattr(RedisCache, "get", fake_redis_get)
    clock = [1000.0]
    monkeypatch.setattr(cache_module, "monotonic", lambda: clock[0])
    cache = app_cache("redis://127.0.0.1:6390/0")

    # when it is read three times in the pause after a failure
    for _ in range(3):
        assert cache.get("key", "default") == "default"
    assert calls == ["key"]

    # and again once the pause is over and Redis is back
    clock[0] += cache_module.RETRY_AFTER_SECONDS + 0.1
    redis_answers = True
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        value = cache.get("key", "default")

    # then Redis was asked once during the pause, and serves again afterwards
    assert value == "from redis"
    assert calls == ["key", "key"]
    assert "Redis cache reachable again" in caplog.text
