"""Publishing anonymous trends: each window decided once, when its week is over everywhere.

``publish_trends`` (celery beat, and the demo seeder) walks every scope a viewer can open
(``selectors.trend_scopes``) from its first undecided week to the last week that has
ended in every time zone, applies ``wellbeing.disclosure`` and stores one ``TrendCell``
per day, week and month. Pages and the API only read those rows, so a window shows the
same numbers whoever asks, however, and whenever: nothing published is recomputed from
data that changed since (an erased check-in, a person who moved teams, a new threshold).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.utils import timezone

from wellbeing.disclosure import (
    Tally,
    decide_month,
    decide_week,
    last_finished_week,
    month_bounds,
    month_of_week,
    week_start,
)
from wellbeing.models import CheckIn, TrendCell, TrendPeriod
from wellbeing.selectors import TrendScope, trend_scopes

WEEK = dt.timedelta(weeks=1)
DAY = dt.timedelta(days=1)


def publish_trends(*, now: dt.datetime | None = None, budget_seconds: float = 120) -> int:
    """Decide and store every window that has ended and is not stored yet. Idempotent and
    safe to run concurrently: a week and its days are written in one transaction, and the
    unique (scope, period, start) row makes a second writer give way.

    A first run over years of history stops starting new weeks after ``budget_seconds``
    (well inside the task time limit); every week it finished is kept and the next run
    carries on from there."""
    through = last_finished_week(now or timezone.now())
    deadline = time.monotonic() + budget_seconds
    return sum(
        _publish_scope(scope, through=through, deadline=deadline) for scope in trend_scopes()
    )


def _publish_scope(scope: TrendScope, *, through: dt.date, deadline: float) -> int:
    decided = TrendCell.objects.filter(scope=scope.key, period=TrendPeriod.WEEK).aggregate(
        last=Max("start")
    )["last"]
    if decided is not None:
        first = decided + WEEK
    else:
        earliest = scope.check_ins().aggregate(first=Min("local_date"))["first"]
        if earliest is None:
            return 0
        first = week_start(earliest)
    written, members = 0, None
    monday = first
    while monday <= through:
        # One month at a time: a month is decided with its last week, from all its weeks.
        month_start, month_end = month_bounds(*month_of_week(monday))
        days = _days_of(scope, month_start, min(month_end, through + 6 * DAY))
        if members is None:
            members = scope.members()
        while monday <= min(month_end, through):
            if time.monotonic() > deadline:
                return written
            written += _publish_week(scope, monday=monday, days=days, members=members)
            monday += WEEK
    return written


class _Day:
    __slots__ = ("_tally", "people", "rows")

    def __init__(self) -> None:
        self.people: set[int] = set()
        self.rows: list[tuple[int, int, int, list[str]]] = []
        self._tally: Tally | None = None

    @property
    def tally(self) -> Tally:
        # A day is summed into its week, its own cell and its month: tally its rows once.
        if self._tally is None:
            self._tally = Tally.of(self.rows)
        return self._tally


def _days_of(scope: TrendScope, first: dt.date, last: dt.date) -> dict[dt.date, _Day]:
    """Who checked in on each day of the range, and their scores and tags: two queries.
    Check-ins ever shared with a lead are left out: the lead has read each of them."""
    check_ins = scope.check_ins().filter(local_date__range=(first, last), ever_shared=False)
    tags: dict[int, list[str]] = defaultdict(list)
    for check_in_id, slug in CheckIn.tags.through.objects.filter(checkin__in=check_ins).values_list(
        "checkin_id", "moodtag__slug"
    ):
        tags[check_in_id].append(slug)
    days: dict[dt.date, _Day] = defaultdict(_Day)
    for pk, user_id, day, mood, energy, stress in check_ins.values_list(
        "pk", "user_id", "local_date", "mood", "energy", "stress"
    ):
        days[day].people.add(user_id)
        days[day].rows.append((mood, energy, stress, tags[pk]))
    return days


def _people_by_day(
    days: dict[dt.date, _Day], week: Iterable[dt.date]
) -> dict[dt.date, frozenset[int]]:
    return {day: frozenset(days[day].people if day in days else ()) for day in week}


def _tally(days: dict[dt.date, _Day], span: Iterable[dt.date]) -> tuple[Tally, set[int]]:
    tally, people = Tally(), set()
    for day in span:
        if day in days:
            tally += days[day].tally
            people |= days[day].people
    return tally, people


def _cell(
    scope: TrendScope,
    period: str,
    start: dt.date,
    end: dt.date,
    *,
    shown: bool,
    tally: Tally,
    people: int,
    members: int,
) -> TrendCell:
    cell = TrendCell(scope=scope.key, period=period, start=start, end=end, shown=shown)
    if shown:
        cell.respondents = people
        cell.check_ins = tally.check_ins
        cell.mood_sum, cell.energy_sum, cell.stress_sum = (
            tally.mood_sum,
            tally.energy_sum,
            tally.stress_sum,
        )
        cell.mood_counts = list(tally.mood_counts)
        cell.tag_counts = dict(tally.tag_counts)
        cell.members = members
    return cell


def _publish_week(
    scope: TrendScope, *, monday: dt.date, days: dict[dt.date, _Day], members: int
) -> int:
    k = settings.WELLBEING_MIN_GROUP_SIZE
    week = [monday + DAY * i for i in range(7)]
    decision = decide_week(
        day_people=_people_by_day(days, week),
        k=k,
    )
    tally, people = _tally(days, week)
    cells = [
        _cell(
            scope,
            TrendPeriod.WEEK,
            monday,
            week[-1],
            shown=decision.week_shown,
            tally=tally,
            people=len(people),
            members=members,
        )
    ]
    for day in week:
        day_tally, day_people = _tally(days, [day])
        cells.append(
            _cell(
                scope,
                TrendPeriod.DAY,
                day,
                day,
                shown=day in decision.shown_days,
                tally=day_tally,
                people=len(day_people),
                members=members,
            )
        )
    try:
        with transaction.atomic():
            # The week row first: if another run stored it, the unique constraint stops this
            # one before any of its days are written.
            cells[0].save()
            TrendCell.objects.bulk_create(cells[1:])
            if month_of_week(monday + WEEK) != month_of_week(monday):
                cells.append(_month_cell(scope, last_monday=monday, days=days, members=members))
    except IntegrityError:
        return 0
    return len(cells)


def _month_cell(
    scope: TrendScope, *, last_monday: dt.date, days: dict[dt.date, _Day], members: int
) -> TrendCell:
    """The month ending with this week. Its weeks count as they were published; a week
    not stored yet (another run may be writing it right now) is decided again from the
    same data, which gives the same answer."""
    k = settings.WELLBEING_MIN_GROUP_SIZE
    start, end = month_bounds(*month_of_week(last_monday))
    stored = {
        cell.start: cell
        for cell in TrendCell.objects.filter(
            scope=scope.key, period=TrendPeriod.WEEK, start__range=(start, end)
        )
    }
    tally, hidden_people = Tally(), set()
    for monday in (start + WEEK * i for i in range((end - start).days // 7 + 1)):
        week = [monday + DAY * i for i in range(7)]
        week_tally, week_people = _tally(days, week)
        cell = stored.get(monday)
        if cell is None:
            shown = decide_week(
                day_people=_people_by_day(days, week),
                k=k,
            ).week_shown
        else:
            shown = cell.shown
        if cell is not None and cell.shown:
            # As published, even if a check-in of that week was erased since.
            week_tally = Tally(
                cell.check_ins or 0,
                cell.mood_sum or 0,
                cell.energy_sum or 0,
                cell.stress_sum or 0,
                tuple(cell.mood_counts),
                cell.tag_counts,
            )
        tally += week_tally
        if not shown:
            hidden_people |= week_people
    _all, people = _tally(days, (start + DAY * i for i in range((end - start).days + 1)))
    cell = _cell(
        scope,
        TrendPeriod.MONTH,
        start,
        end,
        shown=decide_month(people=len(people), hidden_week_people=len(hidden_people), k=k),
        tally=tally,
        people=len(people),
        members=members,
    )
    cell.save()
    return cell
