"""A real Celery worker process on the real Redis broker and PostgreSQL test database."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class WorkerProcess:
    process: subprocess.Popen[bytes]
    queue: str
    hostname: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(sig)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _database_url_for_test_db() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(
    tmp_path: Path,
    *,
    queue: str | None = None,
    concurrency: int = 1,
    env: dict[str, str] | None = None,
) -> WorkerProcess:
    """A worker process on the test database; ``env`` adds or overrides its environment
    (e.g. ``REDIS_URL`` of a private Redis the test points the app at too)."""
    from config.celery import app

    queue = queue or f"test-{uuid.uuid4().hex[:8]}"
    hostname = f"{queue}-{uuid.uuid4().hex[:6]}@localhost"
    log_path = tmp_path / f"worker-{hostname.split('@')[0]}.log"
    env = {
        **os.environ,
        "DATABASE_URL": _database_url_for_test_db(),
        "CONN_MAX_AGE": "0",
        "CELERY_QUEUE": queue,
        **(env or {}),
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool",
            "prefork",
            "--concurrency",
            str(concurrency),
            "-Q",
            queue,
            "-n",
            hostname,
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("wb"),
        stderr=subprocess.STDOUT,
    )
    worker = WorkerProcess(process, queue, hostname, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"worker exited early:\n{worker.log()}")
        if app.control.ping(destination=[hostname], timeout=0.5):
            return worker
    worker.stop(signal.SIGKILL)
    raise RuntimeError(f"worker did not become ready:\n{worker.log()}")


@pytest.fixture
def celery_worker_process(transactional_db, tmp_path) -> Iterator[WorkerProcess]:
    worker = start_worker(tmp_path)
    try:
        yield worker
    finally:
        worker.stop()


def wait_for(predicate, *, timeout: float = 30, interval: float = 0.1):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return predicate()


def run_concurrently(
    count: int, target: Callable[[int], Any]
) -> tuple[list[Any], list[BaseException]]:
    """Start ``count`` threads at the same instant; return their results and errors."""
    barrier = threading.Barrier(count)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            result = target(index)
            with lock:
                results.append(result)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results, errors


# --- Killing workers and cleaning up after them ----------------------------------------


def forget_queue(name: str) -> None:
    """Drop the queue's list, binding and unacknowledged messages (a killed worker leaves
    some behind, which Redis would otherwise restore in an hour to a queue nobody reads)."""
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for key in client.scan_iter(match=f"{name}*"):
        client.delete(key)
    client.delete(f"_kombu.binding.{name}")
    for tag, payload in client.hscan_iter("unacked"):
        try:
            _message, exchange, routing_key = json.loads(payload)
        except (ValueError, TypeError):
            continue
        if name in (exchange, routing_key):
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def pool_children(pid: int) -> list[int]:
    """The worker's pool processes (children of any of its threads)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            children += [int(c) for c in (task / "children").read_text().split()]
    return children


def kill_hard(worker: WorkerProcess) -> list[int]:
    """SIGKILL the whole worker, as an OOM kill or a lost machine would: the main process
    first (so it cannot requeue or replace anything), then its pool processes."""
    children = pool_children(worker.process.pid)
    worker.stop(signal.SIGKILL)
    for pid in children:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    return children


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return True
    return state in ("Z", "X")
