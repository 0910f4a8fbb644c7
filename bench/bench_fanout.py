"""Benchmark: one company announcement to 10,000 people, in the inbox and by e-mail, against
a bare ``bulk_create`` of the same notification rows.

``--people`` people (one of them HR; ``--spanish`` of them read Spanish, the rest English)
are told something through ``notifications.services.announcements.send_company_announcement``:
a notification each, an e-mail delivery each (the "announcement" kind's default channel),
the unread counters and the audit row, in one transaction. Its sending is not enqueued;
instead every delivery is then sent in-process, ``CHUNK`` at a time, with
``send_deliveries`` (what ``send_deliveries_task`` runs), through Django's locmem e-mail
backend, on a Monday morning (time-machine), so quiet hours hold nothing back. The baseline,
in the same run: ``Notification.objects.bulk_create`` of the same rows, texts included.

It prints the time and SQL statements of each phase and the ratio (announcement + sending)
/ bulk, and checks the outcome: every delivery sent, one e-mail per person, in their
language. ``--profile`` adds cProfile and the longest statements of each phase. Nothing is
asserted about time. It builds its own throw-away database (a temporary SQLite file, or
``cuida_bench_fanout`` on PostgreSQL when DATABASE_URL points there) and drops it.

    .venv/bin/python bench/bench_fanout.py [--people 10000] [--spanish 0.7] [--profile]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections import Counter
from collections.abc import Callable
from typing import Any
from unittest import mock

from support import (
    analyze,
    note_postgresql_is_the_target,
    profile,
    run_in_throwaway_database,
)

# isort: split
import time_machine
from builders import create_users
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection, transaction

from notifications.messages import render_in
from notifications.models import Delivery, Notification
from notifications.services import deliveries
from notifications.services.announcements import ANNOUNCEMENT_KEY, send_company_announcement
from people.models import User
from people.roles import HR_GROUP_NAME

# A Monday, 10:00 in Mexico City (TIME_ZONE, everyone's zone here): outside quiet hours.
MORNING = dt.datetime(2026, 3, 2, 16, 0, tzinfo=dt.UTC)
ENGLISH = "The new break room opens on Monday. Thank you for your patience this month!"
SPANISH = "La nueva sala de descanso abre el lunes. ¡Gracias por tu paciencia este mes!"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000, help="people told (HR included)")
    parser.add_argument("--spanish", type=float, default=0.7, help="share reading Spanish")
    parser.add_argument("--profile", action="store_true", help="cProfile each phase too")
    args = parser.parse_args()
    if args.people < 1 or not 0 <= args.spanish <= 1:
        parser.error("--people must be at least 1 and --spanish between 0 and 1")
    return args


def create_people(args: argparse.Namespace) -> User:
    """The people, the first of them HR; returns HR."""
    spanish = round(args.people * args.spanish)
    users = create_users(
        [
            User(
                email=f"person{i}@bench.example",
                display_name=f"Person {i:05d}",
                preferred_language="es" if i < spanish else "en",
            )
            for i in range(args.people)
        ]
    )
    hr = users[0]
    hr.groups.add(Group.objects.get_or_create(name=HR_GROUP_NAME)[0])
    return hr


def counted(fn: Callable[[], Any]) -> tuple[Any, float, int]:
    """``fn()``'s result, seconds and SQL statements (counted, not kept: cheap enough not to
    skew the time)."""
    statements = 0

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    return result, seconds, statements


def announce(hr: User, queued: list[int]) -> int:
    """The announcement, its sending collected rather than enqueued."""

    def collect(*, delivery_ids: Any) -> None:
        queued.extend(delivery_ids)

    with mock.patch.object(deliveries, "enqueue_sending", collect):
        return send_company_announcement(actor=hr, message_en=ENGLISH, message_es=SPANISH)


def send_all(ids: list[int]) -> Counter[str]:
    """What the workers would do: ``send_deliveries`` on each task's chunk."""
    outcomes: Counter[str] = Counter()
    chunk = deliveries.CHUNK
    for start in range(0, len(ids), chunk):
        outcomes.update(deliveries.send_deliveries(delivery_ids=ids[start : start + chunk]))
    return outcomes


def bulk_baseline(people: list[User]) -> None:
    """The same inbox rows, straight in: what an announcement costs at the least."""
    params = {"text": {"en": ENGLISH, "es": SPANISH}}
    texts = {code: render_in(code, ANNOUNCEMENT_KEY, params) for code in ("es", "en")}
    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(
                    user=user,
                    kind="announcement",
                    message=texts[user.preferred_language],
                    message_key=ANNOUNCEMENT_KEY,
                    params=params,
                )
                for user in people
            ],
            batch_size=1000,
        )


def check(people: list[User], outcomes: Counter[str]) -> str:
    by_address = {message.to[0]: message.body for message in mail.outbox}
    language = {user.email: user.preferred_language for user in people}
    wrong = [
        address
        for address, body in by_address.items()
        if (SPANISH if language[address] == "es" else ENGLISH) not in body
    ]
    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    ok = (
        len(mail.outbox) == len(by_address) == len(people)
        and not wrong
        and statuses == Counter({Delivery.Status.SENT: len(people)})
    )
    return (
        f"{'VERIFIED' if ok else 'WRONG'}: {len(mail.outbox):,} e-mails to "
        f"{len(by_address):,} addresses, {len(wrong)} in the wrong language; deliveries "
        f"{dict(statuses)}; send outcomes {dict(outcomes)}"
    )


def run(args: argparse.Namespace) -> None:
    note_postgresql_is_the_target()
    started = time.perf_counter()
    hr = create_people(args)
    people = list(User.objects.filter(is_active=True).only("pk", "email", "preferred_language"))
    analyze()
    print(f"data: {len(people):,} people created in {time.perf_counter() - started:.1f} s")
    mail.outbox = []
    queued: list[int] = []
    with time_machine.travel(MORNING, tick=True):
        reached, announce_s, announce_q = counted(lambda: announce(hr, queued))
        outcomes, send_s, send_q = counted(lambda: send_all(queued))
    verdict = check(people, outcomes)
    _none, bulk_s, bulk_q = counted(lambda: bulk_baseline(people))

    total_s = announce_s + send_s
    print(f"\none announcement to {reached:,} people: inbox + e-mail (locmem)")
    print(f"{'phase':<50}{'seconds':>9}{'statements':>12}{'per person':>12}{'x bulk':>8}")
    for label, seconds, statements in (
        ("send_company_announcement (writes, queueing)", announce_s, announce_q),
        (f"send_deliveries, {deliveries.CHUNK} per call (sending)", send_s, send_q),
        ("announcement + sending", total_s, announce_q + send_q),
        ("bulk_create of the same notifications", bulk_s, bulk_q),
    ):
        print(
            f"{label:<50}{seconds:>9.2f}{statements:>12,}{statements / reached:>12.2f}"
            f"{seconds / bulk_s:>8.1f}"
        )
    print(f"ratio (announcement + sending) / bulk_create (time): {total_s / bulk_s:.1f}")
    print(f"ratio announcement alone / bulk_create (time): {announce_s / bulk_s:.1f}")
    print(verdict)

    if args.profile:
        # A second announcement, profiled, then its sending.
        queued = []
        mail.outbox = []
        with time_machine.travel(MORNING + dt.timedelta(hours=1), tick=True):
            profile(
                "send_company_announcement",
                lambda: announce(hr, queued),
                sort="cumulative",
                top=15,
                sql=True,
            )
            profile("sending", lambda: send_all(queued), sort="tottime", top=15, sql=True)


def main() -> None:
    args = parse_args()
    run_in_throwaway_database("cuida_bench_fanout", lambda: run(args))


if __name__ == "__main__":
    main()
