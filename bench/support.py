"""Shared plumbing for the benchmarks: Django set up for a script, a throw-away database,
timing, percentiles, query capture and profiles.

Import it first, before anything from Django or the project: importing it puts the project
on the path and sets Django up (a script in bench/ is run as ``python bench/bench_x.py``).
"""

from __future__ import annotations

import contextlib
import cProfile
import io
import math
import os
import pstats
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment, teardown_test_environment  # noqa: E402


@contextlib.contextmanager
def throwaway_database(name: str, *, keep: bool = False) -> Iterator[None]:
    """Create, migrate and finally drop a database of its own, so a benchmark never
    touches the developer's data: a temporary SQLite file, or ``name`` on PostgreSQL.

    ``keep`` (PostgreSQL only) reuses the database of an earlier run and leaves it in place,
    to time a page again after a change without building the data again."""
    keep = keep and connection.vendor == "postgresql"
    began = time.perf_counter()
    database = connection.settings_dict  # TEST already holds Django's defaults
    temp_dir = None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        # A file, like the dev database (WAL and all), but in a temporary directory.
        temp_dir = tempfile.mkdtemp(prefix="cuida-bench-")
        database["TEST"]["NAME"] = str(Path(temp_dir) / f"{name}.sqlite3")
    else:
        # Not test_<name>: pytest may be using that one at the same time.
        database["TEST"]["NAME"] = name

    setup_test_environment(debug=False)  # DEBUG off: no query log skewing the timings
    if "testserver" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name, created = database["NAME"], False
    try:
        connection.creation.create_test_db(
            verbosity=0, autoclobber=True, serialize=False, keepdb=keep
        )
        created = True
        print(
            f"database: {connection.vendor} {connection.settings_dict['NAME']} "
            f"(throw-away, migrated in {time.perf_counter() - began:.1f} s)"
        )
        yield
    finally:
        if created:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=keep)
        teardown_test_environment()
        if temp_dir:
            shutil.rmtree(temp_dir, ignore_errors=True)


def run_in_throwaway_database(name: str, run: Callable[[], None], *, keep: bool = False) -> float:
    """``run()`` in the throw-away database ``name``; prints and returns the seconds it all
    took, building and dropping the database included."""
    began = time.perf_counter()
    with throwaway_database(name, keep=keep):
        run()
    total = time.perf_counter() - began
    print(f"\ntotal: {total:.1f} s")
    return total


def note_postgresql_is_the_target() -> None:
    if connection.vendor != "postgresql":
        print("note: PostgreSQL is the target; set DATABASE_URL=postgres://… for real numbers")


def note_if_slow(total: float, *, budget_s: float, hint: str = "") -> None:
    """Say so when a default run took longer than the budget its docstring promises."""
    if total > budget_s:
        print(f"note: the default run took longer than ~{budget_s} s{hint}")


def analyze() -> None:
    """Fresh tables have no planner statistics until autovacuum gets to them; a live
    database would have them, so collect them now rather than time a blind planner."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- Timing ------------------------------------------------------------------------------


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def timings_ms(fn: Callable[[], Any], repeat: int) -> list[float]:
    """Milliseconds of ``repeat`` calls of ``fn``, after one warm-up call (connection,
    statement, template and page caches)."""
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def getter(client: Client, url: str, **headers: Any) -> Callable[[], None]:
    """A GET of ``url`` that stops the benchmark unless it answers 200: timing a 4xx/5xx
    would measure the wrong thing."""

    def get() -> None:
        response = client.get(url, **headers)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}, not 200")

    return get


def statements_of(fn: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SQL statements (with their parameters) ``fn`` runs."""
    captured: list[tuple[str, Any]] = []

    def keep(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        fn()
    return captured


# --- Profiles ----------------------------------------------------------------------------


def profile(label: str, fn: Callable[[], Any], *, sort: str, top: int, sql: bool = False) -> None:
    """cProfile's ``top`` functions of one call of ``fn`` by ``sort`` ("tottime": where
    the Python time goes; "cumulative": which calls cost most); with ``sql``, then the
    statements that took longest."""
    statements: dict[str, list[float]] = {}

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            shape = " ".join(sql.split())
            shape = shape[:60] + (" … " + shape[-40:] if "FOR UPDATE" in shape[-40:] else "")
            statements.setdefault(shape, []).append(time.perf_counter() - started)

    profiler = cProfile.Profile()
    with connection.execute_wrapper(timed):
        profiler.enable()
        fn()
        profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(sort).print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    order = "own time" if sort == "tottime" else "cumulative time"
    print(f"\ncProfile of {label}: top {top} by {order}")
    for line in lines[start:]:
        print(f"  {line.rstrip()[:140]}")
    if not sql:
        return
    total = sum(sum(times) for times in statements.values())
    print(f"SQL: {sum(map(len, statements.values())):,} statements, {total:.2f} s; longest:")
    print(f"  {'total s':>8}{'calls':>7}{'ms each':>9}  statement")
    ranked = sorted(statements.items(), key=lambda item: -sum(item[1]))
    for shape, times in ranked[:8]:
        print(f"  {sum(times):>8.2f}{len(times):>7}{sum(times) / len(times) * 1000:>9.2f}  {shape}")
