"""Benchmark: posting kudos through the service layer, and the kudos feed at 1M ledger rows.

(a) Gives ``--kudos`` kudos one by one through ``recognition.services.kudos.give_kudos``
(one recipient, the "empathy" value, ``--points`` points each, givers in turn so nobody
passes the monthly allowance) and then inserts the same number of kudos with
``bulk_create``: the Kudos rows, their recipient and value links, one LedgerEntry per
kudos and the matching PointsBalance increments. It prints kudos/s for both and the ratio
service time / bulk time. The service also writes what the bulk baseline leaves out (the
giver's allowance, a notification, an audit event) and runs its checks and locks: that
is the cost the ratio shows. ``mismatched_balances()`` then proves the ledger of the
service-created data.

(b) Tops the ledger up to ``--ledger-rows`` entries with ``bulk_create`` (balances set to
each account's sum), then compares the kudos feed page ``/recognition/`` (test client,
logged in) with a bare JSON view of the same first page of kudos, called directly with a
RequestFactory request, by p50/p95 over ``--requests`` requests. While the feed page does
not answer 200 it times ``selectors.kudos_feed(viewer=...)[:20]`` plus a plain render of
each kudos' giver, recipients, values and reactions instead, and says so.

Nothing is asserted about time. It builds its own throw-away database with Django's
test-database machinery (a temporary SQLite file by default; ``cuida_bench_kudos`` on
PostgreSQL when DATABASE_URL points there) and drops it at the end.

    .venv/bin/python bench/bench_kudos.py [--kudos 10000] [--points 2] [--people 300]
        [--ledger-rows 1000000] [--requests 30] [--seed 42]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import math
import random
import time
from collections import Counter, defaultdict

from support import (
    analyze,
    getter,
    note_if_slow,
    percentile,
    run_in_throwaway_database,
    timings_ms,
)

# isort: split
from builders import (
    BATCH,
    LEDGER_BATCH,
    create_users,
    link_kudos,
    post_kudos_entries,
    top_up_ledger,
)
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.http import HttpRequest, JsonResponse
from django.test import Client, RequestFactory

from people.models import User
from recognition import selectors
from recognition.models import Kudos, LedgerEntry, PointsBalance, Reaction, ValueTag
from recognition.services.kudos import give_kudos
from recognition.services.ledger import mismatched_balances

VALUE_SLUG = "empathy"  # created by recognition's migration 0002
FEED_URL = "/recognition/"
PAGE_SIZE = 20
REACTED_KUDOS = 200  # the newest kudos get a few reactions, so the feed has some to show
SOFT_BUDGET_S = 240  # "under ~4 minutes" for a default run on SQLite


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kudos", type=int, default=10_000, help="kudos per method (a)")
    parser.add_argument("--points", type=int, default=2, help="points each kudos gives")
    parser.add_argument(
        "--people",
        type=int,
        default=300,
        help="people giving and receiving (raised if needed to stay within the allowance)",
    )
    parser.add_argument(
        "--ledger-rows", type=int, default=1_000_000, help="ledger entries for the feed (b)"
    )
    parser.add_argument("--requests", type=int, default=30, help="requests per page timing")
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    if args.kudos < 1 or args.points < 1 or args.requests < 1:
        parser.error("--kudos, --points and --requests must be at least 1")
    return args


# --- Data --------------------------------------------------------------------------------


def people_needed(args: argparse.Namespace) -> int:
    """Givers take turns, so each gives ceil(kudos / people) kudos; keep that within the
    monthly allowance."""
    per_giver = settings.KUDOS_MONTHLY_ALLOWANCE // args.points
    if per_giver < 1:
        raise SystemExit(
            f"--points {args.points} is more than the monthly allowance "
            f"({settings.KUDOS_MONTHLY_ALLOWANCE})"
        )
    return max(args.people, 2, math.ceil(args.kudos / per_giver))


def create_people(count: int) -> list[User]:
    return create_users(
        [
            User(email=f"person{i}@bench.example", display_name=f"Person {i:04d}")
            for i in range(count)
        ]
    )


def kudos_plan(users: list[User], count: int, rng: random.Random) -> list[tuple[int, int, str]]:
    """(giver index, recipient index, message) for each kudos; givers in turn, the
    recipient anyone else."""
    plan = []
    for i in range(count):
        giver = i % len(users)
        recipient = (giver + 1 + rng.randrange(len(users) - 1)) % len(users)
        plan.append((giver, recipient, f"Thanks for calming down caller #{i}, that was kind."))
    return plan


def fingerprint(*, recipient_id: int, message: str, points: int) -> str:
    """What the service stores in ``request_fingerprint``, so the bulk rows match."""
    request = {
        "recipients": [recipient_id],
        "message": message,
        "values": [VALUE_SLUG],
        "points": points,
        "ref": "",
    }
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def post_with_service(users: list[User], plan: list[tuple[int, int, str]], points: int) -> float:
    start = time.perf_counter()
    for giver, recipient, message in plan:
        give_kudos(
            giver=users[giver],
            recipient_ids=[users[recipient].pk],
            message=message,
            value_slugs=[VALUE_SLUG],
            points_each=points,
        )
    return time.perf_counter() - start


def insert_with_bulk(
    users: list[User], plan: list[tuple[int, int, str]], points: int, value_id: int
) -> float:
    """The same kudos as the service writes, straight in: Kudos, recipient and value links,
    ledger entries, and the balances moved by the total each recipient received."""
    start = time.perf_counter()
    with transaction.atomic():
        kudos = Kudos.objects.bulk_create(
            [
                Kudos(
                    giver_id=users[giver].pk,
                    message=message,
                    points_each=points,
                    request_fingerprint=fingerprint(
                        recipient_id=users[recipient].pk, message=message, points=points
                    ),
                )
                for giver, recipient, message in plan
            ],
            batch_size=BATCH,
        )
        recipients = [users[recipient].pk for _giver, recipient, _message in plan]
        link_kudos(kudos, recipients, value_id=value_id)
        post_kudos_entries(kudos, recipients, points=points)
        add_to_balances(Counter(recipients), points)
    return time.perf_counter() - start


def add_to_balances(received: Counter[int], points: int) -> None:
    """One UPDATE per distinct total rather than one per person."""
    PointsBalance.objects.bulk_create(
        [PointsBalance(user_id=user_id) for user_id in received], ignore_conflicts=True
    )
    by_total: dict[int, list[int]] = defaultdict(list)
    for user_id, count in received.items():
        by_total[count * points].append(user_id)
    for total, user_ids in by_total.items():
        PointsBalance.objects.filter(user_id__in=user_ids).update(balance=F("balance") + total)


def add_reactions(users: list[User], rng: random.Random) -> int:
    newest = list(
        Kudos.objects.order_by("-created_at", "-id").values_list("id", flat=True)[:REACTED_KUDOS]
    )
    emojis = Reaction.Emoji.values
    reactions = {
        (kudos_id, rng.choice(users).pk, rng.choice(emojis))
        for kudos_id in newest
        for _ in range(rng.randint(0, 4))
    }
    Reaction.objects.bulk_create(
        [Reaction(kudos_id=k, user_id=u, emoji=e) for k, u, e in reactions], batch_size=BATCH
    )
    return len(reactions)


# --- The feed ----------------------------------------------------------------------------


def bare_kudos_json(request: HttpRequest) -> JsonResponse:
    """The baseline: the feed's first page of kudos, no joins, no template."""
    rows = Kudos.objects.order_by("-created_at")[:PAGE_SIZE].values(
        "id", "message", "giver_id", "created_at"
    )
    return JsonResponse(list(rows), safe=False)


def feed_page_status(client: Client) -> tuple[bool, str]:
    """Whether the real feed page answers 200, and if not, what it did."""
    request_log = logging.getLogger("django.request")
    request_log.disabled = True  # the status is reported below; no "Not Found" warning
    try:
        response = client.get(FEED_URL)
    except Exception as exc:  # any failure means: time the fallback
        return False, f"raised {type(exc).__name__}: {str(exc)[:80]}"
    finally:
        request_log.disabled = False
    if response.status_code != 200:
        return False, f"answered {response.status_code}"
    return True, "answered 200"


def render_feed_fallback(viewer: User) -> str:
    """The selector's first page and a plain render of what the feed shows per kudos."""
    lines = []
    for kudos in list(selectors.kudos_feed(viewer=viewer)[:PAGE_SIZE]):
        recipients = ", ".join(str(r) for r in kudos.recipients.all())
        values = ", ".join(v.name for v in kudos.values.all())
        reactions = " ".join(
            f"{r['label']}{r['count']}{'*' if r['mine'] else ''}"
            for r in selectors.reaction_summary(kudos, viewer=viewer)
        )
        lines.append(
            f"{kudos.giver} -> {recipients}: {kudos.message} [{values}] {reactions} "
            f"{kudos.created_at:%Y-%m-%d %H:%M}"
        )
    return "\n".join(lines)


# --- The benchmark -----------------------------------------------------------------------


def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)  # noqa: S311 - seeded test data, not secrets
    people = people_needed(args)
    users = create_people(people)
    value = ValueTag.objects.get(slug=VALUE_SLUG)
    plan = kudos_plan(users, args.kudos, rng)
    per_giver = math.ceil(args.kudos / people)
    print(
        f"data (a): {people} people, {args.kudos:,} kudos per method, {args.points} point(s) "
        f"each, at most {per_giver} kudos = {per_giver * args.points} points per giver "
        f"(allowance {settings.KUDOS_MONTHLY_ALLOWANCE})"
    )

    # (a) Service first, on empty tables, so the ledger check covers only its rows.
    service_s = post_with_service(users, plan, args.points)
    started = time.perf_counter()
    mismatched = mismatched_balances()
    check_s = time.perf_counter() - started
    entries = LedgerEntry.objects.count()
    accounts = PointsBalance.objects.count()
    verdict = "VERIFIED" if not mismatched else f"MISMATCHED ({len(mismatched)} accounts)"
    bulk_s = insert_with_bulk(users, plan, args.points, value.pk)

    print(f"\n(a) posting {args.kudos:,} kudos, 1 recipient + 1 value each")
    print(f"{'method':<46}{'seconds':>9}{'kudos/s':>10}{'ms/kudos':>10}{'x bulk':>8}")
    for label, seconds in (
        ("service give_kudos(), one call per kudos", service_s),
        ("bulk_create (kudos, links, ledger, balances)", bulk_s),
    ):
        print(
            f"{label:<46}{seconds:>9.2f}{args.kudos / seconds:>10,.0f}"
            f"{seconds * 1000 / args.kudos:>10.3f}{seconds / bulk_s:>8.2f}"
        )
    print(f"ratio service / bulk (time): {service_s / bulk_s:.2f}")
    print(
        f"ledger after the service run: {verdict} - mismatched_balances() over {entries:,} "
        f"entries and {accounts} balances in {check_s * 1000:.0f} ms"
    )
    for user_id, stored, summed in mismatched[:5]:
        print(f"  user {user_id}: balance {stored}, ledger sum {summed}")
    after_bulk = mismatched_balances()
    print(
        "ledger after the bulk insert too: "
        f"{'VERIFIED' if not after_bulk else f'MISMATCHED ({len(after_bulk)} accounts)'}"
    )

    # (b) The feed at --ledger-rows ledger entries.
    started = time.perf_counter()
    added = top_up_ledger([u.pk for u in users], args.ledger_rows, rng)
    reactions = add_reactions(users, rng)
    analyze()
    data_s = time.perf_counter() - started
    started = time.perf_counter()
    mismatched = mismatched_balances()
    check_s = time.perf_counter() - started
    print(
        f"\ndata (b): {LedgerEntry.objects.count():,} ledger entries ({added:,} bulk-added in "
        f"batches of {LEDGER_BATCH:,}), {Kudos.objects.count():,} kudos, {reactions} "
        f"reactions, created in {data_s:.1f} s; ledger "
        f"{'VERIFIED' if not mismatched else f'MISMATCHED ({len(mismatched)} accounts)'} "
        f"in {check_s:.1f} s"
    )

    viewer = users[0]
    client = Client()
    client.force_login(viewer)
    real_page, status = feed_page_status(client)
    if real_page:
        label = f"page {FEED_URL} (test client)"

        feed = getter(client, FEED_URL)
        variant = f"the real page: GET {FEED_URL} {status}"
    else:
        label = "kudos_feed()[:20] + plain render"

        def feed() -> None:
            render_feed_fallback(viewer)

        variant = (
            f"FALLBACK, not the page: GET {FEED_URL} {status}, so timed "
            f"list(selectors.kudos_feed(viewer=user)[:{PAGE_SIZE}]) + a plain render of "
            "giver, recipients, values and reactions"
        )

    factory = RequestFactory()

    def bare() -> None:
        bare_kudos_json(factory.get("/bench/bare-kudos/"))

    first_page = [row["id"] for row in json.loads(bare_kudos_json(factory.get("/")).content)]
    feed_page = [k.pk for k in selectors.kudos_feed(viewer=viewer)[:PAGE_SIZE]]
    same = "same" if first_page == feed_page else "DIFFERENT"

    samples = {"feed": timings_ms(feed, args.requests), "bare": timings_ms(bare, args.requests)}
    p95_bare = percentile(samples["bare"], 95)
    print(f"\n(b) kudos feed, first page of {PAGE_SIZE}, {args.requests} requests each")
    print(f"measured: {variant}")
    print(f"first-page kudos ids, bare vs kudos_feed(): {same}")
    print(f"{'request':<46}{'p50 ms':>9}{'p95 ms':>9}{'p95 / bare':>12}")
    for name, row_label in (
        ("feed", label),
        ("bare", "bare JsonResponse (RequestFactory, direct)"),
    ):
        p50, p95 = percentile(samples[name], 50), percentile(samples[name], 95)
        print(f"{row_label:<46}{p50:>9.2f}{p95:>9.2f}{p95 / p95_bare:>12.2f}")


def main() -> None:
    args = parse_args()
    total = run_in_throwaway_database("cuida_bench_kudos", lambda: run(args))
    if (args.kudos, args.ledger_rows) == (10_000, 1_000_000) and connection.vendor == "sqlite":
        note_if_slow(
            total,
            budget_s=SOFT_BUDGET_S,
            hint=" on SQLite; use --kudos/--ledger-rows for a quicker look",
        )


if __name__ == "__main__":
    main()
