"""Fixed windows of the organisation's calendar and the one query that reads them."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.utils import timezone

from performance.models import PerformanceEvent
from performance.rule_engine.language import matches


def window_start(day: dt.date, window_days: int) -> dt.date:
    """Fixed windows of ``window_days`` days counted from 2000-01-03 (a Monday), so every
    event falls in exactly one window however late or out of order it arrives: a 7-day
    window is a Monday-to-Sunday week."""
    epoch = dt.date(2000, 1, 3)
    offset = (day - epoch).days // window_days * window_days
    return epoch + dt.timedelta(days=offset)


def local_day(moment: dt.datetime) -> dt.date:
    # Windows are days of the organisation's calendar, never of whoever is looking: the
    # firing key must be the same in a worker and in a request on a person's clock.
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def windows_metrics(
    *,
    agent_ids: Sequence[int],
    event_type_id: int,
    start: dt.date,
    window_days: int,
    back: int,
    condition: Mapping[str, Any] | None = None,
) -> dict[dt.date, list[Mapping[str, Any]]]:
    """The metrics of the non-excluded events of ``agent_ids`` and ``event_type_id`` that
    meet ``condition``, by window start, for the window at ``start`` and the ``back``
    windows before it, in the order they happened; one query for all of them. Excluded
    events (an outage, coaching time) never count toward any window."""
    tz = timezone.get_default_timezone()
    first = start - dt.timedelta(days=back * window_days)
    begins = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    ends = dt.datetime.combine(start + dt.timedelta(days=window_days), dt.time.min, tzinfo=tz)
    events = PerformanceEvent.objects.filter(
        event_type_id=event_type_id,
        excluded=False,
        occurred_at__gte=begins,
        occurred_at__lt=ends,
    )
    # One agent (the common case) keeps the (agent, event type, occurred_at) index exact.
    if len(agent_ids) == 1:
        events = events.filter(agent_id=agent_ids[0])
    else:
        events = events.filter(agent_id__in=list(agent_ids))
    # Bucketed by comparing instants with the windows' boundaries, not by converting each
    # row to local time: a week of a busy agent is hundreds of calls.
    starts = [first + dt.timedelta(days=n * window_days) for n in range(back + 1)]
    bounds = [dt.datetime.combine(s, dt.time.min, tzinfo=tz) for s in starts]
    by_window: dict[dt.date, list[Mapping[str, Any]]] = {}
    rows = events.order_by("occurred_at", "id").values_list("occurred_at", "metrics")
    for occurred_at, metrics in rows:
        if condition and not matches(condition, metrics):
            continue
        index = bisect.bisect_right(bounds, occurred_at) - 1
        by_window.setdefault(starts[index], []).append(metrics)
    return by_window


def previous_starts(start: dt.date, window_days: int, back: int) -> list[dt.date]:
    """The starts of the ``back`` windows right before the one at ``start``, nearest first."""
    return [start - dt.timedelta(days=n * window_days) for n in range(1, back + 1)]
