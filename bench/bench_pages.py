"""Benchmark: the pages people open every day, for a company of 5,000 agents with a year of data.

Builds ``--agents`` agents in teams of ``--team-size`` (one lead each) and an HR person, then a
year of data with ``bulk_create``: ``--check-ins`` check-ins (today's included for the
people whose pages are timed), ``--kudos`` kudos with their ledger entries, the ledger topped
up to ``--ledger-rows`` entries, reward redemptions (a few pending in every team) and
notifications. Then it times, through Django's test client and the whole middleware stack:

- the agent's home ``/``, the check-in ``/wellbeing/`` and the kudos feed ``/recognition/``;
- the lead's approvals ``/recognition/approvals/``;

each against a bare JSON view returning the same rows the page shows, mounted in the same
URLconf and called the same way in the same run. It prints p50/p95 per page, the ratio
page / bare view at the median, and the number of SQL queries of each. Nothing is asserted
about time.

It builds its own throw-away database with Django's test-database machinery (a temporary
SQLite file by default; ``cuida_bench_pages`` on PostgreSQL when DATABASE_URL points there)
and drops it at the end.

    .venv/bin/python bench/bench_pages.py [--agents 5000] [--team-size 10]
        [--check-ins 100000] [--kudos 50000] [--ledger-rows 1000000] [--requests 40]
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator
from typing import Any

from support import (
    analyze,
    getter,
    percentile,
    run_in_throwaway_database,
    statements_of,
    timings_ms,
)

# isort: split
from builders import BATCH, create_users, link_kudos, post_kudos_entries, top_up_ledger
from django.contrib.auth.models import Group
from django.db import transaction
from django.http import JsonResponse
from django.template import Template
from django.test import Client
from django.test.utils import _TestState, override_settings
from django.urls import path
from django.utils import timezone

from config import urls as project_urls
from notifications.models import Notification
from people.http import AuthedRequest
from people.models import Membership, Role, Team, User
from recognition.models import Kudos, LedgerEntry, PointsBalance, Redemption, RewardItem, ValueTag
from wellbeing.models import CheckIn

FEED_PAGE = 20
QUEUE_PAGE = 20


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=5000)
    parser.add_argument("--team-size", type=int, default=10)
    parser.add_argument("--check-ins", type=int, default=100_000)
    parser.add_argument("--kudos", type=int, default=50_000)
    parser.add_argument("--ledger-rows", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=40, help="requests per page timing")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--keep",
        action="store_true",
        help="PostgreSQL: keep the database for the next run and reuse its data if present",
    )
    return parser.parse_args()


# --- Data --------------------------------------------------------------------------------


def bulk(model: Any, rows: list[Any]) -> list[Any]:
    return model.objects.bulk_create(rows, batch_size=BATCH)


def create_people(args: argparse.Namespace) -> dict[str, Any]:
    teams_count = max(1, args.agents // args.team_size)
    teams = bulk(Team, [Team(name=f"Bench team {t:04d}") for t in range(teams_count)])
    users = [User(email="hr@bench.example", display_name="HR Bench")]
    for t in range(teams_count):
        users.append(User(email=f"lead{t}@bench.example", display_name=f"Lead {t:04d}"))
    for a in range(args.agents):
        users.append(User(email=f"agent{a}@bench.example", display_name=f"Agent {a:05d}"))
    ids = {user.email: user.pk for user in create_users(users)}
    hr = User.objects.get(pk=ids["hr@bench.example"])
    hr.groups.add(Group.objects.get_or_create(name="HR")[0])
    memberships, agent_team = [], {}
    for t, team in enumerate(teams):
        memberships.append(
            Membership(user_id=ids[f"lead{t}@bench.example"], team=team, role=Role.LEAD)
        )
    for a in range(args.agents):
        team = teams[a % teams_count]
        agent_id = ids[f"agent{a}@bench.example"]
        agent_team[agent_id] = team.pk
        memberships.append(Membership(user_id=agent_id, team=team, role=Role.AGENT))
    bulk(Membership, memberships)
    agent_ids = [ids[f"agent{a}@bench.example"] for a in range(args.agents)]
    return {
        "teams": teams,
        "agent_ids": agent_ids,
        "agent_team": agent_team,
        "lead0": ids["lead0@bench.example"],
        "hr": hr.pk,
    }


def create_check_ins(args: argparse.Namespace, world: dict[str, Any], rng: random.Random) -> None:
    """``--check-ins`` check-ins on distinct days, the timed agent's today included."""
    today = timezone.localdate()
    agent_ids = world["agent_ids"]
    per_agent = max(1, args.check_ins // len(agent_ids))
    chunk: list[CheckIn] = []
    for agent_id in agent_ids:
        days = {0} if agent_id == agent_ids[0] else set()
        while len(days) < per_agent:
            days.add(rng.randrange(365))
        for back in days:
            chunk.append(
                CheckIn(
                    user_id=agent_id,
                    team_id=world["agent_team"][agent_id],
                    local_date=today - dt.timedelta(days=back),
                    mood=rng.randint(1, 5),
                    energy=rng.randint(1, 5),
                    stress=rng.randint(1, 5),
                    note="Bench check-in",
                )
            )
        if len(chunk) >= BATCH:
            bulk(CheckIn, chunk)
            chunk = []
    bulk(CheckIn, chunk)


def create_recognition(args: argparse.Namespace, world: dict[str, Any], rng: random.Random) -> None:
    agent_ids = world["agent_ids"]
    value = ValueTag.objects.order_by("id").first()
    now = timezone.now()
    kudos = bulk(
        Kudos,
        [
            Kudos(
                giver_id=agent_ids[i % len(agent_ids)],
                message=f"Thanks for the calm on call #{i}.",
                points_each=2,
                request_fingerprint=f"bench-{i}",
            )
            for i in range(args.kudos)
        ],
    )
    # Spread over the year, newest first for the timed agent's team.
    stamps = [now - dt.timedelta(minutes=rng.randrange(525_600)) for _ in kudos]
    for k, stamp in zip(kudos, stamps, strict=True):
        k.created_at = stamp
    Kudos.objects.bulk_update(kudos, ["created_at"], batch_size=BATCH)
    recipients = [
        agent_ids[(i + 1 + rng.randrange(len(agent_ids) - 1)) % len(agent_ids)]
        for i in range(len(kudos))
    ]
    link_kudos(kudos, recipients, value_id=value.pk if value is not None else None)
    post_kudos_entries(kudos, recipients, points=2)
    top_up_ledger(agent_ids, args.ledger_rows, rng)

    if not RewardItem.objects.exists():
        bulk(
            RewardItem,
            [
                RewardItem(name_en=f"Reward {n}", name_es=f"Premio {n}", cost=10 * (n + 1))
                for n in range(8)
            ],
        )
    items = list(RewardItem.objects.all())
    redemptions = []
    for n in range(len(agent_ids) * 2):
        status = Redemption.Status.PENDING if n % 20 == 0 else Redemption.Status.FULFILLED
        item = rng.choice(items)
        redemptions.append(
            Redemption(
                user_id=agent_ids[n % len(agent_ids)],
                item=item,
                cost=item.cost,
                status=status,
                idempotency_key=f"bench:{n}",
            )
        )
    bulk(Redemption, redemptions)


def create_notifications(world: dict[str, Any], rng: random.Random) -> None:
    rows = [
        Notification(
            user_id=agent_id,
            kind="kudos",
            message="Someone thanked you for your patience today.",
            read_at=None if rng.random() < 0.3 else timezone.now(),
        )
        for agent_id in world["agent_ids"]
        for _ in range(10)
    ]
    bulk(Notification, rows)


# --- Bare views: the same rows, no template, no navigation --------------------------------


def bare_home(request: AuthedRequest) -> JsonResponse:
    user = request.user
    today = timezone.localdate()
    return JsonResponse(
        {
            "check_in": list(
                CheckIn.objects.filter(user=user, local_date=today).values("mood", "energy")
            ),
            "balance": list(PointsBalance.objects.filter(user=user).values("balance")),
            "kudos": list(
                Kudos.objects.filter(recipients=user)
                .order_by("-created_at")
                .values("id", "message", "giver__display_name")[:3]
            ),
            "team": list(Membership.objects.filter(user=user).values("team__name")),
        },
        safe=False,
    )


def bare_check_in(request: AuthedRequest) -> JsonResponse:
    since = timezone.localdate() - dt.timedelta(days=7)
    rows = CheckIn.objects.filter(user=request.user, local_date__gte=since).values(
        "local_date", "mood", "energy", "stress", "note"
    )
    return JsonResponse(list(rows), safe=False)


def bare_feed(request: AuthedRequest) -> JsonResponse:
    rows = Kudos.objects.order_by("-created_at").values(
        "id", "message", "giver__display_name", "created_at"
    )[:FEED_PAGE]
    return JsonResponse(list(rows), safe=False)


def bare_approvals(request: AuthedRequest) -> JsonResponse:
    led = Membership.objects.filter(user=request.user, role=Role.LEAD).values("team_id")
    agents = Membership.objects.filter(team__in=led, role=Role.AGENT).values("user_id")
    rows = (
        Redemption.objects.filter(status=Redemption.Status.PENDING, user__in=agents)
        .order_by("requested_at", "id")
        .values("id", "user__display_name", "item__name_es", "cost", "requested_at")[:QUEUE_PAGE]
    )
    return JsonResponse(list(rows), safe=False)


# The bench's URLconf: the project's URLs plus the bare views, so both go through the same
# middleware and URL resolution.
urlpatterns = [
    path("bench/home.json", bare_home),
    path("bench/check-in.json", bare_check_in),
    path("bench/feed.json", bare_feed),
    path("bench/approvals.json", bare_approvals),
    *project_urls.urlpatterns,
]
handler404 = project_urls.handler404


# --- Timing ------------------------------------------------------------------------------


@contextlib.contextmanager
def production_rendering() -> Iterator[None]:
    """Render templates as production does. The test environment makes every template
    render send a signal that the test client answers by copying the whole context, a cost
    the bare JSON views never pay and no user ever does."""
    instrumented = Template._render  # type: ignore[attr-defined]
    Template._render = _TestState.saved_data.template_render  # type: ignore[attr-defined]
    try:
        yield
    finally:
        Template._render = instrumented  # type: ignore[attr-defined]


def timed(client: Client, url: str, requests: int) -> tuple[list[float], int]:
    """Milliseconds of ``requests`` GETs of ``url``, and the queries of one."""
    get = getter(client, url, HTTP_ACCEPT_LANGUAGE="es")
    get()  # warm-up: connection, statement and template caches
    queries = len(statements_of(get))
    return timings_ms(get, requests), queries


def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)  # noqa: S311 - seeded test data, not secrets
    started = time.perf_counter()
    world: dict[str, Any]
    if User.objects.filter(email="hr@bench.example").exists():
        world = {
            "teams": list(Team.objects.filter(name__startswith="Bench team")),
            "agent_ids": list(
                User.objects.filter(email__startswith="agent")
                .order_by("id")
                .values_list("id", flat=True)
            ),
            "lead0": User.objects.get(email="lead0@bench.example").pk,
        }
        print("data: reusing the kept database")
    else:
        with transaction.atomic():
            world = create_people(args)
        create_check_ins(args, world, rng)
        create_recognition(args, world, rng)
        create_notifications(world, rng)
        analyze()
    print(
        f"data: {len(world['agent_ids']):,} agents in {len(world['teams']):,} teams, "
        f"{CheckIn.objects.count():,} check-ins, {Kudos.objects.count():,} kudos, "
        f"{LedgerEntry.objects.count():,} ledger entries, {Redemption.objects.count():,} "
        f"redemptions, {Notification.objects.count():,} notifications "
        f"({time.perf_counter() - started:.0f} s)"
    )
    agent = User.objects.get(pk=world["agent_ids"][0])
    lead = User.objects.get(pk=world["lead0"])
    pages: list[tuple[str, User, str, str]] = [
        ("agent home", agent, "/", "/bench/home.json"),
        ("check-in", agent, "/wellbeing/", "/bench/check-in.json"),
        ("kudos feed", agent, "/recognition/", "/bench/feed.json"),
        ("lead approvals", lead, "/recognition/approvals/", "/bench/approvals.json"),
    ]
    header = (
        f"\n{'page':<16}{'p50 ms':>8}{'p95 ms':>8}{'queries':>8}   "
        f"{'bare p50':>8}{'bare p95':>9}{'queries':>8}{'ratio p50':>11}"
    )
    print(header)
    with override_settings(ROOT_URLCONF=__name__), production_rendering():
        for label, user, url, bare_url in pages:
            client = Client()
            client.force_login(user)
            page, page_queries = timed(client, url, args.requests)
            bare, bare_queries = timed(client, bare_url, args.requests)
            p50, bare_p50 = percentile(page, 50), percentile(bare, 50)
            print(
                f"{label:<16}{p50:>8.1f}{percentile(page, 95):>8.1f}{page_queries:>8}   "
                f"{bare_p50:>8.1f}{percentile(bare, 95):>9.1f}{bare_queries:>8}"
                f"{p50 / bare_p50:>10.1f}x"
            )


def main() -> None:
    args = parse_args()
    run_in_throwaway_database("cuida_bench_pages", lambda: run(args), keep=args.keep)


if __name__ == "__main__":
    # Run as a script, this module is __main__; the URLconf override imports it by that name.
    sys.modules.setdefault("bench_pages", sys.modules[__name__])
    main()
