"""A person's own clock: "today" is the day where they are, not where the server is.

``people.middleware.UserTimeZoneMiddleware`` activates the signed-in person's zone for each
request, so ``timezone.localdate()`` and the templates' dates are theirs; a task that acts
for a person wraps its work in ``in_time_zone_of(person)``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from django.utils import timezone

if TYPE_CHECKING:
    from people.models import User


def local_now(*, user: User, now: dt.datetime | None = None) -> dt.datetime:
    return timezone.localtime(now or timezone.now(), user.time_zone)


def local_today(*, user: User, now: dt.datetime | None = None) -> dt.date:
    """The person's calendar day: a check-in at 23:30 and one at 00:30 are two days."""
    return local_now(user=user, now=now).date()


@contextmanager
def in_time_zone_of(user: User) -> Iterator[None]:
    """Run a task's work on ``user``'s clock (the request middleware does it for pages)."""
    with timezone.override(user.time_zone):
        yield
