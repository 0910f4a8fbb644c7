"""Reads for wellbeing. Individual check-ins: only their author (or, when shared, the
author's lead). Groups: only as aggregates of at least WELLBEING_MIN_GROUP_SIZE people."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Membership, Role, Team
from people.permissions import HR_GROUP_NAME, is_hr, is_lead_of, leads_agent
from people.selectors import get_roles
from people.time import local_today
from wellbeing.disclosure import last_finished_week, window_bounds, windows_within
from wellbeing.models import CareResource, ChatRequest, CheckIn, MoodTag, TrendCell, TrendPeriod


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


def current_streak(*, user: Any, now: dt.datetime | None = None) -> int:
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


@dataclass(frozen=True)
class TrendScope:
    """Whose check-ins a trend counts: one team's, or the company's without some teams.

    Each viewer sees one kind: a lead their teams, HR the company. A company total beside
    each team's numbers would be a two-way table whose hidden cells can be solved from row
    and column totals, so HR do not open team trends, and an HR person who also leads
    teams sees the company without those teams (disjoint sets cannot be differenced).
    """

    team_id: int | None = None
    excluded_team_ids: frozenset[int] = frozenset()

    @property
    def key(self) -> str:
        if self.team_id is not None:
            return f"team:{self.team_id}"
        if not self.excluded_team_ids:
            return "company"
        key = "company-without:" + ",".join(str(pk) for pk in sorted(self.excluded_team_ids))
        return key if len(key) <= 255 else "company-without#" + sha256(key.encode()).hexdigest()

    def check_ins(self) -> QuerySet[CheckIn]:
        if self.team_id is not None:
            return CheckIn.objects.filter(team_id=self.team_id)
        return CheckIn.objects.filter(team__isnull=False).exclude(
            team_id__in=self.excluded_team_ids
        )

    def members(self) -> int:
        agents = Membership.objects.filter(role=Role.AGENT)
        if self.team_id is not None:
            return agents.filter(team_id=self.team_id).count()
        return agents.exclude(team_id__in=self.excluded_team_ids).count()


def trend_scopes() -> list[TrendScope]:
    """Every scope someone may open: each team with check-ins, the company, and the company
    without the teams of each HR person who also leads (``company_trend_scope``)."""
    team_ids = (
        CheckIn.objects.filter(team__isnull=False).values_list("team_id", flat=True).distinct()
    )
    scopes = [TrendScope(team_id=pk) for pk in sorted(set(team_ids))]
    scopes.append(TrendScope())
    hr_leads: dict[int, set[int]] = defaultdict(set)
    for user_id, team_id in Membership.objects.filter(
        role=Role.LEAD, user__groups__name=HR_GROUP_NAME
    ).values_list("user_id", "team_id"):
        hr_leads[user_id].add(team_id)
    scopes += sorted(
        {TrendScope(excluded_team_ids=frozenset(ids)) for ids in hr_leads.values()},
        key=lambda scope: scope.key,
    )
    return scopes


def team_trend_scope(*, viewer: Any, team_id: int) -> tuple[Team, TrendScope]:
    """A team's trends are for its leads; 404 for everyone else, HR included."""
    if not is_lead_of(viewer, team_id):
        raise Http404
    return get_object_or_404(Team, pk=team_id), TrendScope(team_id=team_id)


def company_trend_scope(*, viewer: Any) -> TrendScope:
    if not is_hr(viewer):
        raise PermissionDenied(_("Company trends are for HR."))
    return TrendScope(excluded_team_ids=frozenset(get_roles(viewer).led_team_ids))


class TrendState:
    SHOWN = "shown"
    TOO_FEW = "too_few"  # decided: fewer than K people, or hidden to protect another window
    IN_PROGRESS = "in_progress"  # not over everywhere yet, or not decided yet


@dataclass
class TrendWindow:
    start: dt.date
    end: dt.date
    state: str = TrendState.IN_PROGRESS
    respondents: int | None = None
    participation: float | None = None
    mood: float | None = None
    energy: float | None = None
    stress: float | None = None
    mood_distribution: list[int] = field(default_factory=list)
    top_tags: list[tuple[str, str, int]] = field(default_factory=list)  # slug, name, uses
    tag_uses: int | None = None  # check-ins with the asked tag, when it is 2 or more

    @property
    def suppressed(self) -> bool:
        return self.state != TrendState.SHOWN


@dataclass
class TrendReport:
    period: str
    date_from: dt.date
    date_to: dt.date
    tag: str | None
    min_group_size: int
    windows: list[TrendWindow]
    excluded_teams: list[str] = field(default_factory=list)

    @property
    def shown(self) -> list[TrendWindow]:
        return [w for w in self.windows if not w.suppressed]


# A tag used once in a window is a fingerprint, not a trend: counts start at two.
MIN_TAG_USES = 2


def _window(
    cell: TrendCell | None,
    *,
    start: dt.date,
    end: dt.date,
    tag: str | None,
    tag_names: dict[str, str],
    decided_through: dt.date,
) -> TrendWindow:
    window = TrendWindow(start=start, end=end)
    if cell is None:
        # Before the last published week there is nothing to publish (no check-ins); after
        # it, the window is not over yet or waits for the next run.
        if end <= decided_through:
            window.state = TrendState.TOO_FEW
        return window
    if not cell.shown:
        window.state = TrendState.TOO_FEW
        return window
    n = cell.check_ins or 1
    window.state = TrendState.SHOWN
    window.respondents = cell.respondents
    window.participation = (
        min(1.0, round(cell.respondents / cell.members, 3)) if cell.members else None
    )
    window.mood = round((cell.mood_sum or 0) / n, 2)
    window.energy = round((cell.energy_sum or 0) / n, 2)
    window.stress = round((cell.stress_sum or 0) / n, 2)
    window.mood_distribution = list(cell.mood_counts)
    counts = Counter(cell.tag_counts)
    window.top_tags = [
        (slug, tag_names.get(slug, slug), uses)
        for slug, uses in counts.most_common(3)
        if uses >= MIN_TAG_USES
    ]
    if tag:
        uses = counts.get(tag, 0)
        window.tag_uses = uses if uses >= MIN_TAG_USES else None
    return window


def trend_report(
    *,
    scope: TrendScope,
    period: str,
    date_from: dt.date,
    date_to: dt.date,
    tag: str | None = None,
) -> TrendReport:
    """The published windows lying wholly inside the range, in one query.

    Numbers come only from ``TrendCell`` rows, decided once by ``services.trends``: the
    same window reads the same whatever range, tag, page or API asked for it. A tag never
    narrows the people counted (a second, overlapping group could be subtracted from the
    first); it adds how often the tag was used in each window shown.
    """
    starts = windows_within(period, date_from, date_to)
    cells = {
        cell.start: cell
        for cell in TrendCell.objects.filter(
            scope=scope.key, period=period, start__in=starts
        ).order_by()
    }
    tag_names = {t.slug: t.name for t in MoodTag.objects.all()}
    last_week = TrendCell.objects.filter(scope=scope.key, period=TrendPeriod.WEEK).aggregate(
        last=Max("start")
    )["last"]
    # A scope with nothing published has no check-ins at all: its ended weeks are final.
    decided_through = (last_week or last_finished_week(timezone.now())) + dt.timedelta(days=6)
    windows = [
        _window(
            cells.get(start),
            start=start,
            end=window_bounds(period, start)[1],
            tag=tag,
            tag_names=tag_names,
            decided_through=decided_through,
        )
        for start in starts
    ]
    return TrendReport(
        period=period,
        date_from=date_from,
        date_to=date_to,
        tag=tag,
        min_group_size=settings.WELLBEING_MIN_GROUP_SIZE,
        windows=windows,
    )


def team_trends(*, viewer: Any, team_id: int, **filters: Any) -> tuple[Team, TrendReport]:
    team, scope = team_trend_scope(viewer=viewer, team_id=team_id)
    return team, trend_report(scope=scope, **filters)


def company_trends(*, viewer: Any, **filters: Any) -> TrendReport:
    scope = company_trend_scope(viewer=viewer)
    report = trend_report(scope=scope, **filters)
    report.excluded_teams = list(
        Team.objects.filter(pk__in=scope.excluded_team_ids)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return report


# --- Home page (wellbeing/home.py) -------------------------------------------------------


def checked_in_today(*, user: Any, now: dt.datetime | None = None) -> CheckIn | None:
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


def participation_today(*, lead: Any, now: dt.datetime | None = None) -> list[TeamParticipation]:
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


HOME_CHAT_REQUESTS = 20


def open_chat_requests_for_lead(*, lead: Any) -> list[ChatRequest]:
    """Open "ask my lead for a chat" requests from the agents of every team ``lead`` leads:
    the lead learns who asked, never why (design.md, care nudges)."""
    led = get_roles(lead).led_team_ids
    if not led:
        return []
    return list(
        ChatRequest.objects.filter(
            resolved_at__isnull=True,
            user__memberships__team__in=led,
            user__memberships__role=Role.AGENT,
        )
        .select_related("user")
        .annotate(team_id=F("user__memberships__team_id"))
        .order_by("created_at", "id")[:HOME_CHAT_REQUESTS]
    )
