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
import datetime as dt
import random
import re
import time
from typing import Any

from support import (
    analyze,
    note_if_slow,
    note_postgresql_is_the_target,
    percentile,
    profile,
    run_in_throwaway_database,
    statements_of,
    timings_ms,
)

# isort: split
from django.db import connection
from django.db.models import Avg, Count, FloatField, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from readiness_data import (
    ADHERENCE_WINDOW,
    CSAT_WINDOW,
    QA_WINDOW,
    TYPE_SLUGS,
    create_agents,
    create_career,
    create_career_records,
    create_events,
)

from careers.models import Level, Requirement
from careers.readiness import readiness_for_agents, readiness_of
from people.models import User
from people.services import set_hr
from performance.models import EventType, PerformanceEvent

SOFT_BUDGET_S = 600

LONG_ID_LIST = re.compile(r"\{\d+(,\d+){20,}\}")


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
        + ", ".join(f"{slug} {mix.get(slug, 0):,}" for slug in TYPE_SLUGS)
        + f") stored in {time.perf_counter() - began:.1f} s; "
        + ", ".join(f"{v:,} {k}" for k, v in counts.items())
    )
    analyze()
    return agents, level_two, parts


# --- Measuring ---------------------------------------------------------------------------


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
    qa, csat, adherence = (types[slug].pk for slug in TYPE_SLUGS)
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
    qa, csat, adherence = (types[slug].pk for slug in TYPE_SLUGS)
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
        profile("(a)", bulk, sort="tottime", top=20)
    if args.explain:
        for sql, params in statements_of(bulk):
            if "performance_performanceevent" in sql:
                explain("(a) a metric requirement's query", sql, params)
        explain("(b) the single aggregate query", *statements_of(single)[-1])
        explain("(b) over 365 days", *statements_of(single_wide)[-1])


def main() -> None:
    args = parse_args()
    total = run_in_throwaway_database("cuida_bench_readiness", lambda: run(args))
    note_postgresql_is_the_target()
    if (args.agents, args.months) == (1000, 12):
        note_if_slow(total, budget_s=SOFT_BUDGET_S, hint="; use --agents/--months")


if __name__ == "__main__":
    main()
