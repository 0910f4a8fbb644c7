"""Reads of the anonymous trends: only published ``TrendCell`` rows, for the scope a viewer
may open (a lead their teams, HR the company)."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from hashlib import sha256
from typing import Any

from django.conf import settings
from django.db.models import Max, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from people.models import Membership, Role, Team, User
from people.permissions import HR_GROUP_NAME, is_lead_of, require_hr
from people.roles import get_roles
from wellbeing.disclosure import last_finished_week, window_bounds, windows_within
from wellbeing.models import CheckIn, MoodTag, TrendCell, TrendPeriod


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


def team_trend_scope(*, viewer: User, team_id: int) -> tuple[Team, TrendScope]:
    """A team's trends are for its leads; 404 for everyone else, HR included."""
    if not is_lead_of(viewer, team_id):
        raise Http404
    return get_object_or_404(Team, pk=team_id), TrendScope(team_id=team_id)


def company_trend_scope(*, viewer: User) -> TrendScope:
    require_hr(viewer, _("Company trends are for HR."))
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
        min(1.0, round((cell.respondents or 0) / cell.members, 3)) if cell.members else None
    )
    window.mood = round((cell.mood_sum or 0) / n, 2)
    window.energy = round((cell.energy_sum or 0) / n, 2)
    window.stress = round((cell.stress_sum or 0) / n, 2)
    window.mood_distribution = list(cell.mood_counts)
    counts: Counter[str] = Counter(cell.tag_counts)
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


def team_trends(*, viewer: User, team_id: int, **filters: Any) -> tuple[Team, TrendReport]:
    team, scope = team_trend_scope(viewer=viewer, team_id=team_id)
    return team, trend_report(scope=scope, **filters)


def company_trends(*, viewer: User, **filters: Any) -> TrendReport:
    scope = company_trend_scope(viewer=viewer)
    report = trend_report(scope=scope, **filters)
    report.excluded_teams = list(
        Team.objects.filter(pk__in=scope.excluded_team_ids)
        .order_by("name")
        .values_list("name", flat=True)
    )
    return report
