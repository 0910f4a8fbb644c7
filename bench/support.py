"""Shared plumbing for the benchmarks: a throw-away database and percentiles.

Import after ``django.setup()``.
"""

from __future__ import annotations

import contextlib
import math
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.test.utils import setup_test_environment, teardown_test_environment


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


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]
