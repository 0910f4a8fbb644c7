"""Reads of one person's check-ins: their own, the ones shared with their lead, and
today's counts for the lead's home (only counts, never moods)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.http import Http404

from people.models import Role, Team, User
from people.permissions import is_lead_of, leads_agent
from people.roles import get_roles
from people.time import local_today
from wellbeing.models import CareResource, CheckIn, MoodTag


def active_tags() -> QuerySet[MoodTag]:
    return MoodTag.objects.filter(active=True).order_by("position", "slug")


def my_check_ins(
    *, user: User, date_from: dt.date | None = None, date_to: dt.date | None = None
) -> QuerySet[CheckIn]:
    check_ins = CheckIn.objects.filter(user=user).prefetch_related("tags").order_by("-local_date")
    if date_from:
        check_ins = check_ins.filter(local_date__gte=date_from)
    if date_to:
        check_ins = check_ins.filter(local_date__lte=date_to)
    return check_ins


def todays_check_in(*, user: User, now: dt.datetime | None = None) -> CheckIn | None:
    return my_check_ins(user=user).filter(local_date=local_today(user=user, now=now)).first()


def get_check_in_for_user(*, user: User, pk: int) -> CheckIn:
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


def history(*, user: User, days: int = 30, now: dt.datetime | None = None) -> History:
    """My last ``days`` days in two queries, whatever the number of check-ins."""
    end = local_today(user=user, now=now)
    start = end - dt.timedelta(days=days - 1)
    check_ins = {c.local_date: c for c in my_check_ins(user=user, date_from=start, date_to=end)}
    series = [
        (start + dt.timedelta(days=i), check_ins.get(start + dt.timedelta(days=i)))
        for i in range(days)
    ]
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
        current_run=current_streak(user=user, now=now),
        tag_counts=tag_totals.most_common(),
        weekly_tags=[(w, weekly[w].most_common(3)) for w in sorted(weekly, reverse=True)],
    )


def current_streak(*, user: User, now: dt.datetime | None = None) -> int:
    """The one streak every page and the API show: consecutive local days with a check-in,
    counted back from today, or from yesterday while today is still open (missing today is
    never a broken streak; design.md: streaks shown gently). Not bounded by the period a
    page shows, so the check-in page and a 30- or 90-day history agree."""
    today = local_today(user=user, now=now)
    days = (
        CheckIn.objects.filter(user=user, local_date__lte=today)
        .order_by("-local_date")
        .values_list("local_date", flat=True)
    )
    streak, expected = 0, today
    for day in days.iterator(chunk_size=64):
        if day == today - dt.timedelta(days=1) and streak == 0:
            expected = day  # today still open: the streak ends yesterday
        if day != expected:
            break
        streak, expected = streak + 1, day - dt.timedelta(days=1)
    return streak


def care_nudge_applies(*, user: User) -> bool:
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


def export_my_data(*, user: User) -> list[dict[str, Any]]:
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


def shared_team_check_ins(*, lead: User, team: Team, days: int = 30) -> QuerySet[CheckIn]:
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


# --- Home page (wellbeing/home.py) -------------------------------------------------------


def checked_in_today(*, user: User, now: dt.datetime | None = None) -> CheckIn | None:
    """Today's check-in without its tags: the home page only needs to know it exists."""
    return (
        CheckIn.objects.filter(user=user, local_date=local_today(user=user, now=now))
        .only("id", "user_id", "local_date", "updated_at")
        .first()
    )


@dataclass(frozen=True)
class TeamParticipation:
    """How many of a team's agents checked in today, rounded down to a multiple of the
    minimum group size K ("at least 5", "at least 10"); None below K, or in a team of
    fewer than K agents."""

    team: Team
    agents: int
    at_least: int | None


def participation_today(*, lead: User, now: dt.datetime | None = None) -> list[TeamParticipation]:
    """Today's participation in each team ``lead`` leads, in two queries.

    Only counts, never moods. Unlike the trends (published once a week is over), this
    number is live, so two looks a minute apart could be subtracted: it moves only in
    steps of K people, which hides whether any one person has checked in yet
    (docs/decisions.md, "Today's participation on the lead's home").
    """
    led = get_roles(lead).led_team_ids
    if not led:
        return []
    k = settings.WELLBEING_MIN_GROUP_SIZE
    today = local_today(user=lead, now=now)
    teams = (
        Team.objects.filter(pk__in=led)
        .annotate(agent_total=Count("memberships", filter=Q(memberships__role=Role.AGENT)))
        .order_by("name")
    )
    counts = dict(
        CheckIn.objects.filter(team_id__in=led, local_date=today)
        .values("team_id")
        .annotate(people=Count("user_id", distinct=True))
        .values_list("team_id", "people")
        .order_by()
    )
    rows = []
    for team in teams:
        people = min(counts.get(team.pk, 0), team.agent_total)
        shown = people >= k and team.agent_total >= k
        rows.append(
            TeamParticipation(
                team=team, agents=team.agent_total, at_least=(people // k) * k if shown else None
            )
        )
    return rows
