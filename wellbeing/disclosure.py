"""Which anonymous trend windows may be shown: the calendar and the suppression rule.

Pure functions, no database: ``services.trends`` feeds them what it read and stores what
they decide; the property tests call them directly.

The calendar is a tree. A **day** belongs to one ISO **week** (Monday to Sunday), and a
week to one **month**: the month its Thursday falls in (how ISO 8601 gives weeks to years).
So a month here is four or five whole weeks, e.g. "June 2026" is 1-28 June. Calendar
months would cut weeks in two, and a chain of week and month totals could then be solved
for a single day at a month's edge.

In a tree, what can be derived from shown windows is exactly: the shown windows
themselves, and for each shown window its *remainder* — its check-ins not covered by a
shown window inside it (a week minus its shown days). Remainders of different windows do
not overlap, so every sum or difference of shown numbers is a union of shown windows and
remainders. The rule makes each of those hold 0 or at least K people:

- a week is shown when at least K people checked in during it;
- a day is shown when at least K people checked in that day, and its week is shown; if
  the days hidden in a shown week hold 1..K-1 people, the smallest shown day is hidden
  too (complementary suppression), so the week minus its shown days is never about fewer
  than K people;
- a month is shown when at least K people checked in during it and the weeks hidden in
  it hold 0 or at least K people. (Its weeks were decided before it, at their own end, and
  shown numbers are never taken back, so here the month gives way, not a week.)

A window is decided once, after it has ended in every time zone, and never again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# The last time zone to finish a calendar day is UTC-12: day D is over everywhere at
# D+1 12:00 UTC.
LAST_TIME_ZONE_OFFSET = dt.timedelta(hours=12)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def month_of_week(monday: dt.date) -> tuple[int, int]:
    """(year, month) of the month a week belongs to: the one its Thursday falls in."""
    thursday = monday + dt.timedelta(days=3)
    return thursday.year, thursday.month


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First Monday and last Sunday of a month made of whole weeks."""

    def first_monday(y: int, m: int) -> dt.date:
        first = dt.date(y, m, 1)
        first_thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7)
        return first_thursday - dt.timedelta(days=3)

    following = (year + 1, 1) if month == 12 else (year, month + 1)
    return first_monday(year, month), first_monday(*following) - dt.timedelta(days=1)


def month_start_of(day: dt.date) -> dt.date:
    return month_bounds(*month_of_week(week_start(day)))[0]


def window_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The window of ``period`` ("day", "week" or "month") that contains ``day``."""
    if period == "day":
        return day, day
    if period == "week":
        start = week_start(day)
        return start, start + dt.timedelta(days=6)
    return month_bounds(*month_of_week(week_start(day)))


def windows_within(period: str, date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    """Starts of the windows lying wholly inside [date_from, date_to]: the request's range
    only picks windows, it never cuts one (a cut window would differ from the whole)."""
    starts = []
    start, end = window_bounds(period, date_from)
    if start < date_from:
        start, end = window_bounds(period, end + dt.timedelta(days=1))
    while end <= date_to:
        starts.append(start)
        start, end = window_bounds(period, end + dt.timedelta(days=1))
    return starts


def ends_everywhere_at(last_day: dt.date) -> dt.datetime:
    """When ``last_day`` is over in every time zone, so no check-in can still join it."""
    midnight = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC)
    return midnight + LAST_TIME_ZONE_OFFSET


def last_finished_week(now: dt.datetime) -> dt.date:
    """Monday of the latest week whose Sunday has ended in every time zone."""
    return week_start((now.astimezone(dt.UTC) - LAST_TIME_ZONE_OFFSET).date()) - dt.timedelta(
        weeks=1
    )


@dataclass(frozen=True)
class Tally:
    """The additive numbers of a set of check-ins: they sum from days to weeks to months."""

    check_ins: int = 0
    mood_sum: int = 0
    energy_sum: int = 0
    stress_sum: int = 0
    mood_counts: tuple[int, int, int, int, int] = (0, 0, 0, 0, 0)
    tag_counts: Mapping[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, rows: Iterable[tuple[int, int, int, Sequence[str]]]) -> Tally:
        """Tally (mood, energy, stress, tag slugs) rows."""
        check_ins = mood = energy = stress = 0
        moods = [0] * 5
        tags: Counter[str] = Counter()
        for row_mood, row_energy, row_stress, row_tags in rows:
            check_ins += 1
            mood, energy, stress = mood + row_mood, energy + row_energy, stress + row_stress
            moods[row_mood - 1] += 1
            tags.update(row_tags)
        return cls(check_ins, mood, energy, stress, tuple(moods), dict(tags))  # type: ignore[arg-type]

    def __add__(self, other: Tally) -> Tally:
        tags = Counter(self.tag_counts)
        tags.update(other.tag_counts)
        return Tally(
            self.check_ins + other.check_ins,
            self.mood_sum + other.mood_sum,
            self.energy_sum + other.energy_sum,
            self.stress_sum + other.stress_sum,
            tuple(a + b for a, b in zip(self.mood_counts, other.mood_counts, strict=True)),  # type: ignore[arg-type]
            dict(tags),
        )


@dataclass(frozen=True)
class WeekDecision:
    week_shown: bool
    shown_days: frozenset[dt.date]


def decide_week(*, day_people: Mapping[dt.date, frozenset[int]], k: int) -> WeekDecision:
    """Which of a week's windows may be shown, from who checked in on each of its days."""
    everyone = frozenset().union(*day_people.values())
    if len(everyone) < k:
        return WeekDecision(week_shown=False, shown_days=frozenset())
    shown = {day for day, people in day_people.items() if len(people) >= k}
    hidden_people = frozenset().union(*(p for d, p in day_people.items() if d not in shown))
    if 0 < len(hidden_people) < k and shown:
        # Any shown day holds at least k people, so hiding one more always suffices; the
        # smallest loses the least (the earliest of equals, so the choice is stable).
        smallest = min(shown, key=lambda day: (len(day_people[day]), day))
        shown.discard(smallest)
    return WeekDecision(week_shown=True, shown_days=frozenset(shown))


def decide_month(*, people: int, hidden_week_people: int, k: int) -> bool:
    """A month is shown unless it is small or the weeks hidden in it hold 1..k-1 people."""
    return people >= k and not 0 < hidden_week_people < k
