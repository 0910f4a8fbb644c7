"""Stand-ins for a Redis or a broker that has gone away, shared by unit and integration tests.

Two kinds of outage behave very differently for a client: a *stopped* server refuses the
connection at once, while a *hung* one (a process stopped with SIGSTOP, a full accept queue,
a network that drops packets) accepts it and then never answers, so only a timeout ends the
wait.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest import mock


def free_port() -> int:
    """A port nothing listens on (the kernel's pick, released at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def hung_server() -> Iterator[int]:
    """A server that accepts connections and never sends a byte; yields its port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                conn, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            held.append(conn)

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(timeout=5)
        for conn in held:
            conn.close()
        listener.close()


SERVICE_VARIABLES = {"REDIS_URL", "CELERY_BROKER_URL"}


def settings_for(**env: str) -> ModuleType:
    """``config/settings.py`` evaluated afresh as a deployment with ``env`` would load it,
    so tests check what the real settings build (cache backend, Celery transport options)
    without restarting Django."""
    path = Path(__file__).resolve().parents[1] / "config" / "settings.py"
    spec = importlib.util.spec_from_file_location("_cuida_settings_probe", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, env):
        # The services this run was started with are not the deployment's unless named.
        for name in SERVICE_VARIABLES - env.keys():
            os.environ.pop(name, None)
        spec.loader.exec_module(module)
    return module


@contextlib.contextmanager
def app_pointed_at(settings: Any, **env: str) -> Iterator[ModuleType]:
    """Run the app under test with the Redis, cache and Celery settings a deployment with
    ``env`` gets: Django's settings through the pytest-django ``settings`` fixture, and the
    Celery app's ``CELERY_*`` values (it read them once, at start-up), restored after."""
    from config.celery import app

    built = settings_for(**env)
    celery = {
        name.removeprefix("CELERY_").lower(): getattr(built, name)
        for name in dir(built)
        if name.startswith("CELERY_")
    }
    # Before Django's settings change: the Celery app reads them as a layer of its own
    # configuration, so what it answers afterwards is already the new value.
    previous = {name: app.conf.get(name) for name in celery}
    settings.REDIS_URL = built.REDIS_URL
    settings.CELERY_BROKER_URL = built.CELERY_BROKER_URL
    settings.CACHES = built.CACHES
    app.conf.update(celery)
    _forget_broker_connections(app)
    try:
        yield built
    finally:
        app.conf.update(previous)
        _forget_broker_connections(app)


def _forget_broker_connections(app: Any) -> None:
    # The Celery app caches its connection and producer pools; drop them so the next
    # publish connects to the broker the configuration names now.
    app._pool = None
    app.amqp._producer_pool = None
