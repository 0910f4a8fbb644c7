"""One real Celery worker process for a benchmark, on a queue of its own.

Needs REDIS_URL (a real broker) and PostgreSQL (the worker is another process, so it must
reach the same database). Import after ``support`` (which sets Django up).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from support import PROJECT_ROOT

# isort: split
from django.db import connection

from config.celery import app


@contextlib.contextmanager
def private_worker(prefix: str) -> Iterator[bool]:
    """Start one worker (prefork, concurrency 1) reading a private queue, and make it the
    queue tasks are sent to, so a developer's running worker never takes them; yields
    whether the worker answered within a minute. Afterwards the worker is stopped and the
    queue's keys are removed from Redis."""
    queue = f"{prefix}-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        "CELERY_QUEUE": queue,
        "CONN_MAX_AGE": "60",
    }
    log = Path(os.environ.get("TMPDIR", "/tmp")) / f"{queue}.log"  # noqa: S108 - a log file
    worker = subprocess.Popen(
        [
            *(sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork"),
            *("--concurrency", "1", "-Q", queue, "-n", f"{queue}@localhost"),
            *("--loglevel", "WARNING", "--without-gossip", "--without-mingle"),
            "--without-heartbeat",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = queue
    try:
        yield _answers(worker, f"{queue}@localhost", log)
    finally:
        app.conf.task_default_queue = previous
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        for key in client.scan_iter(match=f"{queue}*"):
            client.delete(key)
        client.delete(f"_kombu.binding.{queue}")


def _answers(worker: subprocess.Popen[bytes], name: str, log: Path) -> bool:
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[name], timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            print(f"worker did not start; see {log}")
            return False
    return True
