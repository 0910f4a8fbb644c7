"""Benchmark: career readiness for 1,000 agents over a year of performance events.

Builds 1,000 agents (``--agents``) with 12 months (``--months``) of events: a QA review a
week ({"score"} 0-100), a few CSAT answers a working day ({"score"} 1-5) and adherence once
a working day ({"percent"}), ~1.2 million rows at the defaults. One career track; its second
level asks for every kind of requirement: a badge, a training path, 180 days of tenure, QA
mean >= 85 over 90 days, CSAT mean >= 4.2 over 30 days, adherence mean >= 92 over 365
days, and the lead's endorsement. Every agent holds the first level (started 0-2 years
ago) and has a plan targeting the second; some hold the badge, completed the path or were
endorsed.

Then, in the same run:

(a) ``careers.readiness.readiness_for_agents`` for all agents (what HR's readiness view
    and the lead's team plans call): p50/p95 over ``--repeat`` runs, its number of queries
    and how much of it is spent in SQL;
(b) the baseline: ONE aggregate query over the same events (each type in its own window,
    GROUP BY agent with one FILTERed average per type), the raw cost of reading those
    events once; prints readiness / baseline. Also timed: the same query over the longest
    window (365 days) for all three types, which reads ~3x the rows;
(c) ``readiness_of`` one agent at a time for ``--per-agent`` agents, extrapolated to all
    of them, to show what the bulk reader saves.

Nothing is asserted about time. It builds its own throw-away database (a temporary SQLite
file by default; ``cuida_bench_readiness`` on PostgreSQL when DATABASE_URL points there)
and drops it at the end.

    [DATABASE_URL=postgres://postgres@127.0.0.1:5432/test] .venv/bin/python \\
        bench/bench_readiness.py [--agents 1000] [--months 12] [--repeat 5]
        [--per-agent 50] [--seed 42] [--explain] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import os
import pstats
import random
import re
import secrets
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Avg, Count, FloatField, Q, QuerySet  # noqa: E402
from django.db.models.fields.json import KT  # noqa: E402
from django.db.models.functions import Cast  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402
from support import percentile, throwaway_database  # noqa: E402

from careers.models import (  # noqa: E402
    CareerPlan,
    Enrollment,
    Level,
    LevelHistory,
    Promotion,
    Requirement,
)
from careers.readiness import readiness_for_agents, readiness_of  # noqa: E402
from careers.services import tracks as track_services  # noqa: E402
from careers.services import training as training_services  # noqa: E402
from people.models import User  # noqa: E402
from people.services import set_hr  # noqa: E402
from performance.models import EventType, Integration, PerformanceEvent  # noqa: E402
from recognition.models import BadgeAward, BadgeClass  # noqa: E402

BATCH = 10000
CSAT_PER_DAY = (2, 3, 4, 5)  # answers per working day, equally likely: ~3.5 on average
SHIFT_START_UTC = 13  # 9:00 in the Americas; the hour does not matter to the windows
SHIFT_SECONDS = 8 * 3600
SOFT_BUDGET_S = 600

LONG_ID_LIST = re.compile(r"\{\d+(,\d+){20,}\}")
QA_WINDOW, CSAT_WINDOW, ADHERENCE_WINDOW = 90, 30, 365


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--months", type=int, default=12, help="months of events per agent")
    parser.add_argument("--repeat", type=int, default=5, help="runs of (a) and (b)")
    parser.add_argument("--per-agent", type=int, default=50, help="agents timed one by one (c)")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--explain", action="store_true", help="print the query plans of (a)'s and (b)'s SQL"
    )
    parser.add_argument("--profile", action="store_true", help="print a cProfile of one run of (a)")
    args = parser.parse_args()
    if args.agents < 1 or args.months < 1 or args.repeat < 1 or args.per_agent < 1:
        parser.error("--agents, --months, --repeat and --per-agent must be at least 1")
    args.per_agent = min(args.per_agent, args.agents)
    return args


# --- Data --------------------------------------------------------------------------------


def create_agents(count: int) -> list[User]:
    now = timezone.now()
    users = [
        User(
            email=f"agent{i:05d}@bench.example",
            display_name=f"Agent {i:05d}",
            date_joined=now - dt.timedelta(days=800),
        )
        for i in range(count)
    ]
    for user in users:
        user.set_unusable_password()
    User.objects.bulk_create(users, batch_size=BATCH)
    return list(User.objects.filter(email__endswith="@bench.example").order_by("id"))


def create_career(hr: User) -> tuple[Level, dict[str, Any]]:
    """One track of three levels through the services; level 2 has every requirement kind."""
    types = {t.slug: t for t in EventType.objects.filter(slug__in=_TYPE_SLUGS)}
    badge = BadgeClass.objects.create(
        slug="bench-patience",
        name_en="Patience Pro",
        name_es="Paciencia de oro",
        description_en="Stayed calm and kind with a very difficult customer.",
        description_es="Mantuvo la calma y la amabilidad con un cliente muy difícil.",
        criteria_en="A lead saw it on a call.",
        criteria_es="Un líder lo vio en una llamada.",
    )
    path = training_services.create_path(
        actor=hr, name_en="De-escalation", name_es="Desescalada", points=0
    )
    training_services.add_module(
        actor=hr, path=path, title_en="Listen first", title_es="Escucha primero", body_en="…"
    )
    track = track_services.create_track(
        actor=hr, name_en="Customer Service", name_es="Atención al cliente"
    )
    for name in ("Agent I", "Agent II", "Senior Agent"):
        track_services.add_level(actor=hr, track=track, name_en=name, name_es=name)
    level_one, level_two = track.levels.get(position=1), track.levels.get(position=2)

    def add(kind: str, **fields: Any) -> None:
        track_services.add_requirement(actor=hr, level=level_two, kind=kind, **fields)

    add("badge", badge_class_id=badge.pk)
    add("training", training_path_id=path.pk)
    add("tenure", min_tenure_days=180)
    for slug, metric, threshold, window in (
        ("qa_review", "score", 85, QA_WINDOW),
        ("csat_response", "score", 4.2, CSAT_WINDOW),
        ("adherence", "percent", 92, ADHERENCE_WINDOW),
    ):
        add(
            "metric",
            event_type_id=types[slug].pk,
            metric=metric,
            aggregate="mean",
            operator=">=",
            threshold=threshold,
            window_days=window,
            min_events=1,
        )
    add("endorsement")
    return level_two, {"level_one": level_one, "badge": badge, "path": path, "types": types}


_TYPE_SLUGS = ("qa_review", "csat_response", "adherence")


def create_career_records(
    agents: list[User], hr: User, level_two: Level, parts: dict[str, Any], rng: random.Random
) -> dict[str, int]:
    """Level history, plans, and some badges, completed paths and endorsements, in bulk."""
    now = timezone.now()
    history, plans, awards, enrollments, promotions = [], [], [], [], []
    for agent in agents:
        started = now - dt.timedelta(days=rng.randint(0, 730), hours=rng.randint(0, 23))
        history.append(
            LevelHistory(user=agent, level=parts["level_one"], started_at=started, set_by=hr)
        )
        plans.append(CareerPlan(agent=agent, target_level=level_two))
        if rng.random() < 0.4:
            awards.append(
                BadgeAward(
                    badge_class=parts["badge"],
                    recipient=agent,
                    evidence_text="Bench",
                    recipient_salt=secrets.token_hex(8),
                )
            )
        if rng.random() < 0.5:
            enrollments.append(Enrollment(user=agent, path=parts["path"], completed_at=now))
        if rng.random() < 0.05:
            promotions.append(
                Promotion(
                    agent=agent,
                    from_level=parts["level_one"],
                    to_level=level_two,
                    endorsed_by=hr,
                    readiness_percent=0,
                )
            )
    LevelHistory.objects.bulk_create(history, batch_size=BATCH)
    CareerPlan.objects.bulk_create(plans, batch_size=BATCH)
    BadgeAward.objects.bulk_create(awards, batch_size=BATCH)
    Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)
    Promotion.objects.bulk_create(promotions, batch_size=BATCH)
    return {
        "badges": len(awards),
        "completed paths": len(enrollments),
        "endorsements": len(promotions),
    }


def agent_events(
    agent_id: int, *, days: list[dt.datetime], types: dict[str, int], rng: random.Random
) -> Iterator[tuple[int, str, dt.datetime, dict[str, Any]]]:
    """(event type id, external id, occurred_at, metrics) of one agent's working days."""
    qa_mean = rng.uniform(76, 94)
    adherence_mean = rng.uniform(88, 97)
    # Weights of CSAT 1..5: most customers give 4 or 5, some agents a bit more often.
    lift = rng.uniform(-0.15, 0.25)
    csat_weights = [0.03, 0.04, 0.08, 0.25, 0.60 * (1 + lift)]
    qa_weekday = rng.randrange(5)
    qa, csat, adherence = types["qa_review"], types["csat_response"], types["adherence"]
    for n, start in enumerate(days):
        if start.weekday() >= 5:
            continue
        stamp = f"{agent_id}-{n}"
        yield (
            adherence,
            f"a-{stamp}",
            start + dt.timedelta(seconds=SHIFT_SECONDS),
            {"percent": round(min(100.0, max(75.0, rng.gauss(adherence_mean, 3))), 1)},
        )
        for k in range(rng.choice(CSAT_PER_DAY)):
            yield (
                csat,
                f"c-{stamp}-{k}",
                start + dt.timedelta(seconds=rng.randrange(SHIFT_SECONDS)),
                {"score": rng.choices((1, 2, 3, 4, 5), weights=csat_weights)[0]},
            )
        if start.weekday() == qa_weekday:
            yield (
                qa,
                f"q-{stamp}",
                start + dt.timedelta(seconds=rng.randrange(SHIFT_SECONDS)),
                {"score": min(100, max(50, round(rng.gauss(qa_mean, 7))))},
            )


def create_events(
    agents: list[User], *, months: int, types: dict[str, EventType], rng: random.Random
) -> int:
    """Every agent's events up to an hour ago, through ``bulk_create`` in batches."""
    integration = Integration.objects.create(name="Bench contact center")
    type_ids = {slug: t.pk for slug, t in types.items()}
    last = (timezone.now() - dt.timedelta(hours=1)).replace(microsecond=0)
    total_days = round(months * 365 / 12)
    first_day = (last - dt.timedelta(days=total_days)).date()
    # Each day's shift start; the shift of the last day may end after ``last``, so its
    # events are cut off there (events are never in the future).
    days = [
        dt.datetime.combine(
            first_day + dt.timedelta(days=d), dt.time(SHIFT_START_UTC), tzinfo=dt.UTC
        )
        for d in range(total_days + 1)
    ]
    received = timezone.now()
    rows: list[PerformanceEvent] = []
    stored = 0
    with transaction.atomic():
        for agent in agents:
            for type_id, external_id, occurred_at, metrics in agent_events(
                agent.pk, days=days, types=type_ids, rng=rng
            ):
                if occurred_at > last:
                    continue
                rows.append(
                    PerformanceEvent(
                        integration=integration,
                        external_id=external_id,
                        agent_id=agent.pk,
                        event_type_id=type_id,
                        occurred_at=occurred_at,
                        metrics=metrics,
                        received_at=received,
                        status=PerformanceEvent.Status.PROCESSED,
                        processed_at=received,
                    )
                )
            if len(rows) >= BATCH:
                PerformanceEvent.objects.bulk_create(rows, batch_size=BATCH)
                stored += len(rows)
                rows = []
        PerformanceEvent.objects.bulk_create(rows, batch_size=BATCH)
        stored += len(rows)
    return stored


def create_data(args: argparse.Namespace, rng: random.Random) -> tuple[list[User], Level, dict]:
    hr = User.objects.create_user("hr@bench-hr.example", None, display_name="HR")
    set_hr(actor=None, user=hr, is_hr=True)
    agents = create_agents(args.agents)
    level_two, parts = create_career(hr)
    counts = create_career_records(agents, hr, level_two, parts, rng)
    began = time.perf_counter()
    events = create_events(agents, months=args.months, types=parts["types"], rng=rng)
    mix = dict(PerformanceEvent.objects.values_list("event_type__slug").annotate(n=Count("id")))
    print(
        f"data: {len(agents):,} agents, {args.months} months, {events:,} events ("
        + ", ".join(f"{slug} {mix.get(slug, 0):,}" for slug in _TYPE_SLUGS)
        + f") stored in {time.perf_counter() - began:.1f} s; "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    if connection.vendor == "postgresql":
        # Fresh tables have no planner statistics until autovacuum gets to them; a live
        # database would have them, so collect them now rather than time a blind planner.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return agents, level_two, parts


# --- Measuring ---------------------------------------------------------------------------


def timings_ms(fn: Callable[[], Any], repeat: int) -> list[float]:
    fn()  # warm-up: connection, statement and page caches
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def raw_sql_ms(statements: list[tuple[str, Any]], repeat: int) -> float:
    """Median ms of running ``statements`` on a bare cursor and fetching every row: the
    database's share of a call, without Django's model building and conversions."""

    def run_all() -> None:
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                cursor.fetchall()

    return percentile(timings_ms(run_all, repeat), 50)


def baseline_events(
    agent_ids: list[int], types: dict[str, EventType], now: dt.datetime, *, wide: bool = False
) -> QuerySet[PerformanceEvent]:
    """The events the three metric requirements look at, each type over its own window;
    ``wide``: all three types over the longest window (365 days)."""
    qa, csat, adherence = (types[slug].pk for slug in _TYPE_SLUGS)
    windows = {qa: QA_WINDOW, csat: CSAT_WINDOW, adherence: ADHERENCE_WINDOW}
    if wide:
        windows = dict.fromkeys(windows, max(windows.values()))
    in_window = Q()
    for type_id, days in windows.items():
        in_window |= Q(event_type_id=type_id, occurred_at__gt=now - dt.timedelta(days=days))
    return PerformanceEvent.objects.filter(in_window, agent_id__in=agent_ids, occurred_at__lte=now)


def baseline_query(
    agent_ids: list[int], types: dict[str, EventType], now: dt.datetime, *, wide: bool = False
) -> list[dict[str, Any]]:
    """Those events read once, in one GROUP BY agent with one filtered average per type."""
    score = Cast(KT("metrics__score"), FloatField())
    percent = Cast(KT("metrics__percent"), FloatField())
    qa, csat, adherence = (types[slug].pk for slug in _TYPE_SLUGS)
    since = {days: now - dt.timedelta(days=days) for days in (QA_WINDOW, CSAT_WINDOW)}
    return list(
        baseline_events(agent_ids, types, now, wide=wide)
        .values("agent_id")
        .annotate(
            qa=Avg(score, filter=Q(event_type_id=qa, occurred_at__gt=since[QA_WINDOW])),
            csat=Avg(score, filter=Q(event_type_id=csat, occurred_at__gt=since[CSAT_WINDOW])),
            adherence=Avg(percent, filter=Q(event_type_id=adherence)),
        )
        .order_by()
    )


def explain(label: str, sql: str, params: Any) -> None:
    prefix = "EXPLAIN ANALYZE " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
    with connection.cursor() as cursor:
        cursor.execute(prefix + sql, params)
        rows = cursor.fetchall()
    print(f"\nplan of {label}:")
    for row in rows:
        # The 1,000 agent ids would fill the screen: show how many there are instead.
        line = LONG_ID_LIST.sub(lambda m: f"{{…{m.group(0).count(',') + 1} ids…}}", str(row[-1]))
        print(f"  {line[:220]}")


def check_agreement(
    readiness: dict[int, Any], baseline: list[dict[str, Any]], types: dict[str, EventType]
) -> int:
    """Agents whose metric values differ between readiness and the baseline (should be 0)."""
    by_agent = {row["agent_id"]: row for row in baseline}
    field = {types["qa_review"].pk: "qa", types["csat_response"].pk: "csat"}
    field[types["adherence"].pk] = "adherence"
    differ = 0
    for agent_id, result in readiness.items():
        for status in result.statuses:
            if status.requirement.kind != Requirement.Kind.METRIC:
                continue
            expected = by_agent.get(agent_id, {}).get(field[status.requirement.event_type_id])
            if (expected is None) != (status.current is None) or (
                expected is not None and abs(expected - status.current) > 1e-6
            ):
                differ += 1
                break
    return differ


# --- The benchmark -----------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)  # noqa: S311 - seeded test data, not secrets
    agents, level_two, parts = create_data(args, rng)
    types = parts["types"]
    agent_ids = [a.pk for a in agents]
    now = timezone.now()

    # (a) Bulk readiness for everyone, as HR's view and the lead's team plans call it.
    def bulk() -> dict[int, Any]:
        return readiness_for_agents(agents=agents, now=now)

    with CaptureQueriesContext(connection) as captured:
        result = bulk()
    queries = len(captured.captured_queries)
    bulk_ms = timings_ms(bulk, args.repeat)
    statements = statements_of(bulk)
    sql_ms = raw_sql_ms(statements, args.repeat)
    percents = sorted(r.percent for r in result.values())
    ready = sum(r.ready for r in result.values())
    print(
        f"\ncheck: readiness of {len(result):,} agents for {level_two} "
        f"({len(next(iter(result.values())).statuses)} requirements): median "
        f"{percents[len(percents) // 2]} %, {ready} ready, "
        f"{sum(p >= 50 for p in percents):,} at 50 % or more"
    )

    # (b) The raw cost of reading the same events once.
    def single() -> list[dict[str, Any]]:
        return baseline_query(agent_ids, types, now)

    def single_wide() -> list[dict[str, Any]]:
        return baseline_query(agent_ids, types, now, wide=True)

    rows = single()
    base_ms = timings_ms(single, args.repeat)
    wide_ms = timings_ms(single_wide, args.repeat)
    differ = check_agreement(result, rows, types) + check_agreement(result, single_wide(), types)
    read = baseline_events(agent_ids, types, now).count()
    read_wide = baseline_events(agent_ids, types, now, wide=True).count()

    # (c) One agent at a time, as a page about one person does.
    sample = agents[:: max(1, len(agents) // args.per_agent)][: args.per_agent]
    with CaptureQueriesContext(connection) as captured:
        readiness_of(agent=sample[0], now=now)
    per_agent_queries = len(captured.captured_queries)
    readiness_of(agent=sample[0], now=now)  # warm-up
    began = time.perf_counter()
    for agent in sample:
        readiness_of(agent=agent, now=now)
    one_by_one_ms = (time.perf_counter() - began) * 1000
    extrapolated_ms = one_by_one_ms / len(sample) * len(agents)

    events = PerformanceEvent.objects.count()
    p50, p95 = percentile(bulk_ms, 50), percentile(bulk_ms, 95)
    b50, b95 = percentile(base_ms, 50), percentile(base_ms, 95)
    metric_reqs = Requirement.objects.filter(level=level_two, kind="metric").count()
    print(f"\n{len(agents):,} agents, {events:,} events; {args.repeat} runs each after a warm-up")
    print(f"{'operation':<58}{'p50 ms':>10}{'p95 ms':>10}{'queries':>9}")
    print(f"{'(a) readiness_for_agents, all agents':<58}{p50:>10.1f}{p95:>10.1f}{queries:>9}")
    print(f"{'(b) one aggregate query over the same events':<58}{b50:>10.1f}{b95:>10.1f}{1:>9}")
    w50, w95 = percentile(wide_ms, 50), percentile(wide_ms, 95)
    print(f"{'    the same, all three types over 365 days':<58}{w50:>10.1f}{w95:>10.1f}{1:>9}")
    label = f"(c) readiness_of x {len(sample)} agents, one by one"
    print(f"{label:<58}{one_by_one_ms:>10.1f}{'':>10}{per_agent_queries * len(sample):>9}")
    label = f"    extrapolated to {len(agents):,} agents"
    print(f"{label:<58}{extrapolated_ms:>10.1f}{'':>10}{per_agent_queries * len(agents):>9}")
    print(
        f"\n(a) queries: {queries} = 6 (plans, requirements, current levels, badges, paths, "
        f"endorsements) + {metric_reqs} metric requirements; the same {len(statements)} "
        f"statements on a bare cursor (execute + fetchall): p50 {sql_ms:.0f} ms, so "
        f"~{max(0.0, p50 - sql_ms):.0f} ms of (a) is Python (rows to objects, statuses)"
    )
    print(
        f"(b) reads {read:,} events (QA {QA_WINDOW} d, CSAT {CSAT_WINDOW} d, adherence "
        f"{ADHERENCE_WINDOW} d), the same as (a)'s metric queries; over 365 days "
        f"{read_wide:,}; agrees with (a) on every metric value: "
        f"{'yes' if not differ else f'NO, {differ} differences'}"
    )
    print(
        f"readiness {len(agents):,} agents: p50 {p50:.0f} ms; single aggregate query: p50 "
        f"{b50:.0f} ms; ratio {p50 / b50:.2f}x"
    )
    print(
        f"one by one: {one_by_one_ms / len(sample):.1f} ms and {per_agent_queries} queries per "
        f"agent, ~{extrapolated_ms / 1000:.1f} s for {len(agents):,} agents: "
        f"{extrapolated_ms / p50:.0f}x the bulk reader"
    )

    if args.profile:
        profile(bulk)
    if args.explain:
        for sql, params in statements_of(bulk):
            if "performance_performanceevent" in sql:
                explain("(a) a metric requirement's query", sql, params)
        explain("(b) the single aggregate query", *statements_of(single)[-1])
        explain("(b) over 365 days", *statements_of(single_wide)[-1])


def profile(fn: Callable[[], Any]) -> None:
    """cProfile's top 20 functions of one call, by own time: where the Python time goes."""
    profiler = cProfile.Profile()
    profiler.enable()
    fn()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("tottime").print_stats(20)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if "ncalls" in line)
    print("\ncProfile of (a), top 20 by own time:")
    for line in lines[start:]:
        print(f"  {line.rstrip()[:140]}")


def statements_of(fn: Callable[[], Any]) -> list[tuple[str, Any]]:
    """The SQL statements (with their parameters) ``fn`` runs."""
    captured: list[tuple[str, Any]] = []

    def keep(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        captured.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        fn()
    return captured


def main() -> None:
    args = parse_args()
    began = time.perf_counter()
    with throwaway_database("cuida_bench_readiness"):
        run(args)
    total = time.perf_counter() - began
    print(f"\ntotal: {total:.1f} s")
    if connection.vendor != "postgresql":
        print("note: PostgreSQL is the target; set DATABASE_URL=postgres://… for real numbers")
    if (args.agents, args.months) == (1000, 12) and total > SOFT_BUDGET_S:
        print(f"note: the default run took longer than ~{SOFT_BUDGET_S} s; use --agents/--months")


if __name__ == "__main__":
    main()
