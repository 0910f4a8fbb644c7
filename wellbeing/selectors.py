"""Reads for wellbeing. Individual check-ins: only their author (or, when shared, the
author's lead). Groups: only as aggregates of at least WELLBEING_MIN_GROUP_SIZE people."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncWeek
from django.http import Http404
from django.utils.translation import gettext as _

from people.models import Membership, Role, Team
from people.permissions import is_hr, is_lead_of, leads_agent
from people.selectors import get_team_led_by_or_hr
from wellbeing.models import CareResource, ChatRequest, CheckIn, MoodTag
from wellbeing.services import local_today


def active_tags() -> QuerySet[MoodTag]:
    return MoodTag.objects.filter(active=True).order_by("position", "slug")


def my_check_ins(
    *, user: Any, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[CheckIn]:
    check_ins = CheckIn.objects.filter(user=user).prefetch_related("tags").order_by("-local_date")
    if date_from:
        check_ins = check_ins.filter(local_date__gte=date_from)
    if date_to:
        check_ins = check_ins.filter(local_date__lte=date_to)
    return check_ins


def todays_check_in(*, user: Any, now: dt.datetime | None = None) -> CheckIn | None:
    return my_check_ins(user=user).filter(local_date=local_today(user=user, now=now)).first()


def get_check_in_for_user(*, user: Any, pk: int) -> CheckIn:
    """The author always; the author's lead only while it is shared; nobody else (404)."""
    check_in = CheckIn.objects.select_related("user").prefetch_related("tags").filter(pk=pk).first()
    if check_in is None or not user.is_authenticated:
        raise Http404
    if check_in.user_id == user.pk:
        return check_in
    if check_in.shared_with_lead and leads_agent(user, check_in.user):
        return check_in
    raise Http404


# --- My history --------------------------------------------------------------------------


@dataclass
class History:
    days: int
    start: dt.date
    end: dt.date
    series: list[tuple[dt.date, CheckIn | None]]
    checked_in_days: int
    current_run: int
    tag_counts: list[tuple[str, int]]
    weekly_tags: list[tuple[dt.date, list[tuple[str, int]]]]


def history(*, user: Any, days: int = 30, now: dt.datetime | None = None) -> History:
    """My last ``days`` days in two queries, whatever the number of check-ins."""
    end = local_today(user=user, now=now)
    start = end - dt.timedelta(days=days - 1)
    check_ins = {c.local_date: c for c in my_check_ins(user=user, date_from=start, date_to=end)}
    series = [
        (start + dt.timedelta(days=i), check_ins.get(start + dt.timedelta(days=i)))
        for i in range(days)
    ]
    # The run counts back from today, or from yesterday if today is still open: missing
    # today is never a "broken streak" (design.md: streaks shown gently).
    run, day = 0, end if end in check_ins else end - dt.timedelta(days=1)
    while day in check_ins:
        run, day = run + 1, day - dt.timedelta(days=1)
    tag_totals: Counter[str] = Counter()
    weekly: dict[dt.date, Counter[str]] = defaultdict(Counter)
    for check_in in check_ins.values():
        week = check_in.local_date - dt.timedelta(days=check_in.local_date.weekday())
        for tag in check_in.tags.all():
            tag_totals[tag.name] += 1
            weekly[week][tag.name] += 1
    return History(
        days=days,
        start=start,
        end=end,
        series=series,
        checked_in_days=len(check_ins),
        current_run=run,
        tag_counts=tag_totals.most_common(),
        weekly_tags=[(w, weekly[w].most_common(3)) for w in sorted(weekly, reverse=True)],
    )


def care_nudge_applies(*, user: Any) -> bool:
    """3 of the last 5 check-ins (by default) with mood <= 2. Seen by the agent alone."""
    recent = list(
        CheckIn.objects.filter(user=user)
        .order_by("-local_date")
        .values_list("mood", flat=True)[: settings.WELLBEING_NUDGE_LOOKBACK]
    )
    low = sum(1 for mood in recent if mood <= settings.WELLBEING_NUDGE_LOW_MOOD)
    return low >= settings.WELLBEING_NUDGE_LOW_COUNT


def care_resources() -> QuerySet[CareResource]:
    return CareResource.objects.filter(active=True).order_by("position", "id")


def open_chat_request(*, user: Any) -> ChatRequest | None:
    return ChatRequest.objects.filter(user=user, resolved_at__isnull=True).first()


def export_my_data(*, user: Any) -> list[dict[str, Any]]:
    return [
        {
            "date": c.local_date.isoformat(),
            "mood": c.mood,
            "energy": c.energy,
            "stress": c.stress,
            "tags": [t.slug for t in c.tags.all()],
            "note": c.note,
            "shared_with_lead": c.shared_with_lead,
            "created_at": c.created_at.isoformat(),
            "updated_at": c.updated_at.isoformat(),
        }
        for c in my_check_ins(user=user).order_by("local_date")
    ]


# --- Lead's view of their team -----------------------------------------------------------


def get_team_for_trends(*, user: Any, pk: int) -> Team:
    """Team trends: the team's leads and HR. Anyone else gets a 404."""
    return get_team_led_by_or_hr(user=user, pk=pk)


def shared_team_check_ins(*, lead: Any, team: Team, days: int = 30) -> QuerySet[CheckIn]:
    """Check-ins the team's agents chose to share with their lead (leads only, not HR)."""
    if not is_lead_of(lead, team):
        return CheckIn.objects.none()
    since = local_today(user=lead) - dt.timedelta(days=days)
    return (
        CheckIn.objects.filter(
            shared_with_lead=True,
            local_date__gte=since,
            user__memberships__team=team,
            user__memberships__role=Role.AGENT,
        )
        .select_related("user")
        .prefetch_related("tags")
        .order_by("-local_date", "user__display_name")
    )


def open_chat_requests_for_team(*, lead: Any, team: Team) -> QuerySet[ChatRequest]:
    if not is_lead_of(lead, team):
        return ChatRequest.objects.none()
    return ChatRequest.objects.filter(
        resolved_at__isnull=True,
        user__memberships__team=team,
        user__memberships__role=Role.AGENT,
    ).select_related("user")


# --- Anonymous trends --------------------------------------------------------------------


@dataclass
class TrendWindow:
    start: dt.date
    end: dt.date
    suppressed: bool = True
    respondents: int | None = None
    participation: float | None = None
    mood: float | None = None
    energy: float | None = None
    stress: float | None = None
    mood_distribution: list[int] = field(default_factory=list)
    top_tags: list[tuple[str, str, int]] = field(default_factory=list)  # slug, name, uses


@dataclass
class TrendReport:
    period: str
    date_from: dt.date
    date_to: dt.date
    tag: str | None
    min_group_size: int
    members: int
    windows: list[TrendWindow]

    @property
    def shown(self) -> list[TrendWindow]:
        return [w for w in self.windows if not w.suppressed]


def _window_starts(*, period: str, date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    if period == "week":
        first = date_from - dt.timedelta(days=date_from.weekday())
        step = dt.timedelta(weeks=1)
    else:
        first, step = date_from, dt.timedelta(days=1)
    starts, current = [], first
    while current <= date_to:
        starts.append(current)
        current += step
    return starts


def _as_date(value: Any) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def trends(
    *,
    members: QuerySet[Membership],
    period: str,
    date_from: dt.date,
    date_to: dt.date,
    tag: str | None = None,
) -> TrendReport:
    """Mean, distribution, participation and top tags per day or week, in four queries.

    A window is suppressed when fewer than ``WELLBEING_MIN_GROUP_SIZE`` distinct people
    are in it. With a tag filter, the slice is also suppressed when the people *outside*
    it number 1..K-1, because the unfiltered total minus the slice would reveal them
    (design.md: guard against subtraction).
    """
    k = settings.WELLBEING_MIN_GROUP_SIZE
    member_ids = members.filter(role=Role.AGENT).values("user_id")
    member_count = members.filter(role=Role.AGENT).count()
    window = TruncWeek("local_date") if period == "week" else F("local_date")
    base = CheckIn.objects.filter(user__in=member_ids, local_date__range=(date_from, date_to))
    sliced = base.filter(tags__slug=tag) if tag else base

    totals = {
        _as_date(row["window"]): row["people"]
        for row in base.annotate(window=window)
        .values("window")
        .annotate(people=Count("user", distinct=True))
        .order_by()
    }
    stats = {
        _as_date(row["window"]): row
        for row in sliced.annotate(window=window)
        .values("window")
        .annotate(
            people=Count("user", distinct=True),
            mood_avg=Avg("mood"),
            energy_avg=Avg("energy"),
            stress_avg=Avg("stress"),
            **{f"mood_{n}": Count("id", filter=Q(mood=n)) for n in range(1, 6)},
        )
        .order_by()
    }
    tag_names = {t.slug: t.name for t in MoodTag.objects.all()}
    tag_counts: dict[dt.date, Counter[str]] = defaultdict(Counter)
    tag_window = TruncWeek("checkin__local_date") if period == "week" else F("checkin__local_date")
    for row in (
        CheckIn.tags.through.objects.filter(checkin_id__in=sliced.values("id"))
        .annotate(window=tag_window)
        .values("window", "moodtag__slug")
        .annotate(uses=Count("id"))
        .order_by()
    ):
        tag_counts[_as_date(row["window"])][row["moodtag__slug"]] += row["uses"]

    windows = []
    step = dt.timedelta(days=6 if period == "week" else 0)
    for start in _window_starts(period=period, date_from=date_from, date_to=date_to):
        window_report = TrendWindow(start=start, end=start + step)
        row = stats.get(start)
        total = totals.get(start, 0)
        outside = total - (row["people"] if row else 0)
        if row and row["people"] >= k and not (tag and 0 < outside < k):
            window_report.suppressed = False
            window_report.respondents = row["people"]
            window_report.participation = (
                round(total / member_count, 3) if member_count and total >= k else None
            )
            window_report.mood = round(row["mood_avg"], 2)
            window_report.energy = round(row["energy_avg"], 2)
            window_report.stress = round(row["stress_avg"], 2)
            window_report.mood_distribution = [row[f"mood_{n}"] for n in range(1, 6)]
            # A tag used once in a window is a fingerprint, not a trend: only repeated ones.
            window_report.top_tags = [
                (slug, tag_names.get(slug, slug), uses)
                for slug, uses in tag_counts[start].most_common(3)
                if uses >= 2
            ]
        windows.append(window_report)
    return TrendReport(
        period=period,
        date_from=date_from,
        date_to=date_to,
        tag=tag,
        min_group_size=k,
        members=member_count,
        windows=windows,
    )


def team_trends(*, viewer: Any, team_id: int, **filters: Any) -> tuple[Team, TrendReport]:
    team = get_team_for_trends(user=viewer, pk=team_id)
    return team, trends(members=Membership.objects.filter(team=team), **filters)


def company_trends(*, viewer: Any, **filters: Any) -> TrendReport:
    if not is_hr(viewer):
        raise PermissionDenied(_("Company trends are for HR."))
    return trends(members=Membership.objects.all(), **filters)
