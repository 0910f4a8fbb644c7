"""Benchmark: wellbeing trends at 100 teams x 10 agents x 365 days.

Trends are published once per window (``services.trends.publish_trends``) and read as
stored rows. This times (1) publishing a whole year for every team and the company, the
cost of a first deployment, against one aggregate query grouping the same check-ins by
team and day; (2) a beat run with one new week, and a beat run with nothing to do;
(3) ``selectors.trend_report`` for one team by day over 14 days, by week and by month
over a year, and the company by week, each as a ratio against a bare ``SELECT COUNT(*)``
and a count of the team's own check-ins in the same window; (4) the lead's trend page
and the trends API through Django's test client (p50/p95). Nothing is asserted about time.

It builds its own throw-away database with Django's test-database machinery (a temporary
SQLite file by default; ``cuida_bench`` on PostgreSQL when DATABASE_URL points there) and
drops it at the end: the developer's data is never touched.

    .venv/bin/python bench/bench_team_trends.py [--teams 100] [--agents 10] [--days 365]
        [--repeat 20] [--requests 30] [--seed 42]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from support import (
    analyze,
    getter,
    note_if_slow,
    percentile,
    run_in_throwaway_database,
    timings_ms,
)

# isort: split
from builders import BATCH, create_users
from django.db import connection, transaction
from django.test import Client
from django.utils.timezone import now as django_now

from people.models import Membership, Role, Team, User
from wellbeing import selectors, services
from wellbeing.disclosure import last_finished_week
from wellbeing.models import CheckIn, MoodTag, TrendCell
from wellbeing.services.trends import publish_trends

TAGGED_SHARE = 0.3
SOFT_BUDGET_S = 180  # the README's "under ~3 minutes" for a default run on SQLite


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teams", type=int, default=100)
    parser.add_argument("--agents", type=int, default=10, help="agents per team")
    parser.add_argument("--days", type=int, default=365, help="days of check-ins per agent")
    parser.add_argument("--repeat", type=int, default=20, help="runs per query timing")
    parser.add_argument("--requests", type=int, default=30, help="requests per page timing")
    parser.add_argument("--seed", type=int, default=42)
    return parser.parse_args()


# --- Timing helpers ----------------------------------------------------------------------


def median_ms(fn: Callable[[], Any], repeat: int) -> float:
    return statistics.median(timings_ms(fn, repeat))


# --- Data --------------------------------------------------------------------------------


def create_data(
    args: argparse.Namespace, rng: random.Random
) -> tuple[list[Team], dict[int, dict[str, Any]]]:
    """Teams, one lead and ``--agents`` agents each, a check-in per agent per day, and
    one or two tags on ~30% of the check-ins. Returns the teams and, per team, its lead
    and agent ids."""
    with transaction.atomic():
        teams = Team.objects.bulk_create(
            [Team(name=f"Bench team {t:04d}") for t in range(args.teams)], batch_size=BATCH
        )
        users = []
        for t in range(args.teams):
            users.append(User(email=f"lead{t}@bench.example", display_name=f"Lead {t}"))
            users.extend(
                User(email=f"agent{t}-{a}@bench.example", display_name=f"Agent {t}-{a}")
                for a in range(args.agents)
            )
        by_email = {user.email: user.pk for user in create_users(users)}

        memberships: list[Membership] = []
        people: dict[int, dict[str, Any]] = {}
        for t, team in enumerate(teams):
            lead_id = by_email[f"lead{t}@bench.example"]
            agent_ids = [by_email[f"agent{t}-{a}@bench.example"] for a in range(args.agents)]
            people[team.pk] = {"lead": lead_id, "agents": agent_ids}
            memberships.append(Membership(user_id=lead_id, team=team, role=Role.LEAD))
            memberships.extend(Membership(user_id=a, team=team, role=Role.AGENT) for a in agent_ids)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)

        # Every user has the default time zone, so the lead's "today" is everyone's.
        today = services.local_today(user=User.objects.get(pk=people[teams[0].pk]["lead"]))
        days = [today - dt.timedelta(days=d) for d in range(args.days)]
        chunk: list[CheckIn] = []
        for team in teams:
            for user_id in people[team.pk]["agents"]:
                for day in days:
                    chunk.append(
                        CheckIn(
                            user_id=user_id,
                            team=team,
                            local_date=day,
                            mood=rng.randint(1, 5),
                            energy=rng.randint(1, 5),
                            stress=rng.randint(1, 5),
                        )
                    )
                if len(chunk) >= BATCH:
                    CheckIn.objects.bulk_create(chunk, batch_size=BATCH)
                    chunk = []
        if chunk:
            CheckIn.objects.bulk_create(chunk, batch_size=BATCH)

        tag_ids = list(MoodTag.objects.values_list("id", flat=True))
        through = CheckIn.tags.through
        links: list[Any] = []
        if tag_ids:
            for check_in_id in CheckIn.objects.order_by("id").values_list("id", flat=True):
                if rng.random() >= TAGGED_SHARE:
                    continue
                for tag_id in rng.sample(tag_ids, k=min(len(tag_ids), rng.randint(1, 2))):
                    links.append(through(checkin_id=check_in_id, moodtag_id=tag_id))
                if len(links) >= BATCH:
                    through.objects.bulk_create(links, batch_size=BATCH)
                    links = []
        if links:
            through.objects.bulk_create(links, batch_size=BATCH)
    analyze()
    return teams, people


# --- The benchmark -----------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)  # noqa: S311 - seeded test data, not secrets
    started = time.perf_counter()
    teams, people = create_data(args, rng)
    rows = CheckIn.objects.count()
    tag_links = CheckIn.tags.through.objects.count()
    print(
        f"data: {args.teams} teams x {args.agents} agents x {args.days} days = {rows:,} "
        f"check-ins, {tag_links:,} tag links, created in {time.perf_counter() - started:.1f} s"
    )

    team = teams[len(teams) // 2]
    lead = User.objects.get(pk=people[team.pk]["lead"])
    agent_ids = people[team.pk]["agents"]
    today = services.local_today(user=lead)
    page_from = today - dt.timedelta(days=13)  # TrendFilterForm's default: 14 days by day
    year_from = today - dt.timedelta(days=364)
    now = django_now()

    def count_all() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM wellbeing_checkin")
            cursor.fetchone()

    def grouped_year() -> None:
        """The least a publisher must do: read every check-in once, grouped by team and day."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT team_id, local_date, COUNT(*), SUM(mood), SUM(energy), SUM(stress) "
                "FROM wellbeing_checkin GROUP BY team_id, local_date"
            )
            cursor.fetchall()

    # (1) and (2): publishing
    grouped_ms = median_ms(grouped_year, 5)
    began = time.perf_counter()
    cells = publish_trends(now=now, budget_seconds=math.inf)  # no stop: time all of it
    first_ms = (time.perf_counter() - began) * 1000
    began = time.perf_counter()
    idle_cells = publish_trends(now=now)
    idle_ms = (time.perf_counter() - began) * 1000
    last_week = last_finished_week(now)
    TrendCell.objects.filter(end__gte=last_week).delete()  # its week, days and month
    began = time.perf_counter()
    week_cells = publish_trends(now=now)
    week_ms = (time.perf_counter() - began) * 1000
    scopes = TrendCell.objects.values("scope").distinct().count()
    print(f"\npublishing, {scopes} scopes (every team and the company)")
    print(f"{'operation':<52}{'ms':>10}{'cells':>8}{'x grouped query':>17}")
    for label, ms, written in (
        ("GROUP BY team, day over every check-in (baseline)", grouped_ms, None),
        ("publish_trends: whole history (first deployment)", first_ms, cells),
        ("publish_trends: one new week (a weekly beat run)", week_ms, week_cells),
        ("publish_trends: nothing new (every other beat run)", idle_ms, idle_cells),
    ):
        cells_text = "-" if written is None else f"{written:,}"
        print(f"{label:<52}{ms:>10.1f}{cells_text:>8}{ms / grouped_ms:>17.2f}")

    # (3): reading
    def team_count(date_from: dt.date) -> Callable[[], int]:
        return lambda: CheckIn.objects.filter(
            team=team, local_date__range=(date_from, today)
        ).count()

    def report(scope: selectors.TrendScope, period: str, date_from: dt.date) -> Callable[[], Any]:
        return lambda: selectors.trend_report(
            scope=scope, period=period, date_from=date_from, date_to=today, tag=None
        )

    team_scope, company = selectors.TrendScope(team_id=team.pk), selectors.TrendScope()
    readings = {
        "trend_day": report(team_scope, "day", page_from),
        "trend_week": report(team_scope, "week", year_from),
        "trend_month": report(team_scope, "month", year_from),
        "company_week": report(company, "week", year_from),
    }
    for key, fn in readings.items():
        result = fn()
        print(f"check: {key}: {len(result.shown)} of {len(result.windows)} windows shown")
    median = {
        "count_all": median_ms(count_all, args.repeat),
        "team_14d": median_ms(team_count(page_from), args.repeat),
        "team_365d": median_ms(team_count(year_from), args.repeat),
        **{key: median_ms(fn, args.repeat) for key, fn in readings.items()},
    }
    table = [
        ("SELECT COUNT(*) FROM wellbeing_checkin", "count_all", None),
        ("team count, last 14 days", "team_14d", "team_14d"),
        ("team count, 365 days", "team_365d", "team_365d"),
        ("trend_report(team, day), last 14 days", "trend_day", "team_14d"),
        ("trend_report(team, week), 365 days", "trend_week", "team_365d"),
        ("trend_report(team, month), 365 days", "trend_month", "team_365d"),
        ("trend_report(company, week), 365 days", "company_week", "team_365d"),
    ]
    print(f"\nreading, one team of {len(agent_ids)} agents, median of {args.repeat} runs")
    print(f"{'operation':<42}{'median ms':>11}{'x COUNT(*)':>12}{'x team count':>14}")
    for label, key, window_key in table:
        vs_window = f"{median[key] / median[window_key]:.2f}" if window_key else "-"
        print(
            f"{label:<42}{median[key]:>11.2f}{median[key] / median['count_all']:>12.2f}"
            f"{vs_window:>14}"
        )

    # (4): requests
    client = Client()
    client.force_login(lead)
    pages = [
        ("page /wellbeing/teams/<pk>/ (14 days, day)", f"/wellbeing/teams/{team.pk}/", "trend_day"),
        (
            "API trends (365 days, week)",
            f"/api/v1/wellbeing/teams/{team.pk}/trends/"
            f"?period=week&date_from={year_from:%Y-%m-%d}&date_to={today:%Y-%m-%d}",
            "trend_week",
        ),
    ]
    print(f"\nrequests as the team's lead, {args.requests} each (test client, in-process)")
    print(f"{'request':<46}{'p50 ms':>9}{'p95 ms':>9}{'p95 / report':>14}")
    for label, url, query_key in pages:
        samples = timings_ms(getter(client, url), args.requests)
        p50, p95 = percentile(samples, 50), percentile(samples, 95)
        print(f"{label:<46}{p50:>9.2f}{p95:>9.2f}{p95 / median[query_key]:>14.2f}")


def main() -> None:
    args = parse_args()
    total = run_in_throwaway_database("cuida_bench", lambda: run(args))
    if (args.teams, args.agents, args.days) == (100, 10, 365) and connection.vendor == "sqlite":
        note_if_slow(
            total, budget_s=SOFT_BUDGET_S, hint=" on SQLite; use --teams/--days for a quicker look"
        )


if __name__ == "__main__":
    main()
