"""Weekly digests: each person's last week (Monday to Sunday on their clock), sent on their
Monday morning, in the inbox and by e-mail (the ``digest`` kind's channels).

The beat calls ``send_due_digests`` every 15 minutes. It picks the time zones where it is
now Monday between ``SEND_FROM`` and ``SEND_UNTIL`` and, there, the people with no
``Digest`` for last week yet. Three hours give twelve runs: a slow run or a short broker
outage still reaches everyone; a digest never arrives later than that on Monday morning
(after 11:00 the week's digest is skipped: a Wednesday digest of last week helps nobody).

Once per person and week, whatever runs twice: the ``Digest`` row is unique per (person,
week) and is written with the notification in one transaction. A week with nothing to say
is recorded as an unsent row, so it is neither sent nor built again.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import defaultdict
from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from notifications.digests import build_digest
from notifications.models import Digest, Notification
from notifications.services import notify
from people.models import User

__all__ = [
    "BATCH",
    "SEND_FROM",
    "SEND_UNTIL",
    "compose_digest",
    "digest_week_due",
    "send_due_digests",
]

logger = logging.getLogger(__name__)

# Monday morning on the person's clock: the start of most shifts, before the week fills up.
SEND_FROM = dt.time(8)
SEND_UNTIL = dt.time(11)
# People read per query; each is then composed in its own transaction.
BATCH = 200
# Well inside the task's soft time limit (CELERY_TASK_SOFT_TIME_LIMIT): whoever is left
# waits for the next run, 15 minutes later and still inside the window.
BUDGET_SECONDS = 180.0


def digest_week_due(local: dt.datetime) -> dt.date | None:
    """The Monday of the week whose digest is due at this local time, or None: on Monday
    from ``SEND_FROM`` until ``SEND_UNTIL``, last week's."""
    if local.weekday() != 0 or not SEND_FROM <= local.time() < SEND_UNTIL:
        return None
    return local.date() - dt.timedelta(weeks=1)


def _due_zones(now: dt.datetime) -> dict[dt.date, list[str]]:
    """Time zones people live in where a digest is due now, by the week it covers."""
    zones = (
        get_user_model()
        .objects.filter(is_active=True)
        .values_list("time_zone", flat=True)
        .distinct()
        .order_by()
    )
    due: dict[dt.date, list[str]] = defaultdict(list)
    for zone in zones:
        week = digest_week_due(timezone.localtime(now, zone))
        if week is not None:
            due[week].append(str(zone))
    return due


def _waiting(week_start: dt.date, zones: Iterable[str], *, failed: set[int]) -> list[User]:
    done = Digest.objects.filter(user=OuterRef("pk"), week_start=week_start)
    return list(
        User.objects.filter(is_active=True, time_zone__in=list(zones))
        .exclude(Exists(done))
        .exclude(pk__in=failed)
        .order_by("pk")[:BATCH]
    )


def send_due_digests(
    *, now: dt.datetime | None = None, budget_seconds: float = BUDGET_SECONDS
) -> int:
    """Compose the digests due now (see the module's docstring); returns how many were
    sent. Idempotent and safe to run concurrently."""
    now = now or timezone.now()
    deadline = time.monotonic() + budget_seconds
    sent = 0
    # People whose digest raised: left for the next run, so one broken section does not
    # hold up everyone after them.
    failed: set[int] = set()
    for week_start, zones in sorted(_due_zones(now).items()):
        while time.monotonic() < deadline:
            people = _waiting(week_start, zones, failed=failed)
            for person in people:
                if time.monotonic() > deadline:
                    return sent
                try:
                    digest = compose_digest(user=person, week_start=week_start)
                except Exception:
                    logger.exception("The digest of person %s could not be built.", person.pk)
                    failed.add(person.pk)
                    continue
                sent += bool(digest is not None and digest.sent)
            if len(people) < BATCH:
                break
    return sent


def compose_digest(*, user: User, week_start: dt.date) -> Digest | None:
    """Write ``user``'s digest of the week starting ``week_start`` and tell them, or record
    that the week had nothing to say. None when it was written already (another run)."""
    built = build_digest(
        user=user, week_start=week_start, week_end=week_start + dt.timedelta(days=6)
    )
    try:
        with transaction.atomic():
            digest = Digest.objects.create(
                user=user,
                week_start=week_start,
                language=built.language,
                sections=built.sections if built.newsworthy else {},
                sent=built.newsworthy,
            )
            if built.newsworthy:
                _announce(digest)
    except IntegrityError:
        return None
    return digest


def _announce(digest: Digest) -> Notification:
    notification = notify(
        user=digest.user,
        kind="digest",
        message_key="notifications.digest_ready",
        params={
            "start": {"date": digest.week_start.isoformat()},
            "end": {"date": digest.week_end.isoformat()},
            "digest_id": digest.pk,
        },
        url=reverse("notifications:digest", kwargs={"pk": digest.pk}),
    )
    Digest.objects.filter(pk=digest.pk).update(notification=notification)
    digest.notification = notification
    return notification
