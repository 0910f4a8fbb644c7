"""Wellbeing's sections of the weekly digest (notifications.digests), registered in
WellbeingConfig.ready(): a lead's teams and HR's company, as anonymous weekly trends.

Only through ``selectors.team_trends`` and ``selectors.company_trends``: the published
windows, each decided once with the minimum group size (WELLBEING_MIN_GROUP_SIZE), so the
digest shows exactly what the trends pages show and never a number about fewer people.
Never an individual's check-in.

A week is published once it has ended in every time zone (Monday 12:00 UTC), which on a
Monday morning east of the Atlantic is not yet the case for the week just ended: the
section then reports the latest published week, naming it.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from notifications.digests import Item, Section, Words, register_section, say
from people.models import User
from people.roles import get_roles
from wellbeing import selectors
from wellbeing.models import TrendPeriod
from wellbeing.selectors import TrendReport, TrendState, TrendWindow

# Enough weeks back to find the latest published one and the one before it.
WEEKS_BACK = 3


def _weeks(week_start: dt.date, week_end: dt.date) -> dict[str, object]:
    return {
        "period": TrendPeriod.WEEK,
        "date_from": week_start - dt.timedelta(weeks=WEEKS_BACK),
        "date_to": week_end,
    }


def _number(value: float) -> str:
    return formats.number_format(value, 1, use_l10n=True)


def _latest(report: TrendReport) -> tuple[TrendWindow, TrendWindow | None] | None:
    decided = [w for w in report.windows if w.state != TrendState.IN_PROGRESS]
    if not decided:
        return None
    return decided[-1], (decided[-2] if len(decided) > 1 else None)


def _text(name: Words, window: TrendWindow) -> str:
    week = formats.date_format(window.start, "DATE_FORMAT")
    if window.suppressed:
        return _("%(name)s, week of %(date)s: not enough responses to show a trend.") % {
            "name": say(name),
            "date": week,
        }
    text = _("%(name)s, week of %(date)s: %(people)s people checked in.") % {
        "name": say(name),
        "date": week,
        "people": window.respondents,
    }
    if window.participation is not None:
        text += " " + _("That is %(percent)s%% of the group.") % {
            "percent": round(window.participation * 100)
        }
    return text


def _detail(window: TrendWindow, before: TrendWindow | None) -> str:
    detail = _("Average mood %(mood)s, energy %(energy)s, stress %(stress)s (1 to 5).") % {
        "mood": _number(window.mood or 0),
        "energy": _number(window.energy or 0),
        "stress": _number(window.stress or 0),
    }
    if before is None or before.suppressed or before.mood is None or window.mood is None:
        return detail
    change = round(window.mood - before.mood, 1)
    if change > 0:
        return (
            detail + " " + _("Mood up %(change)s on the week before.") % {"change": _number(change)}
        )
    if change < 0:
        return (
            detail
            + " "
            + _("Mood down %(change)s on the week before.") % {"change": _number(-change)}
        )
    return detail + " " + _("Mood as the week before.")


def _item(name: Words, report: TrendReport, url: str) -> tuple[Item, bool] | None:
    """The latest published week of one group, and whether it has numbers to show."""
    latest = _latest(report)
    if latest is None:
        return None
    window, before = latest
    if window.suppressed or window.mood is None:
        return Item(text=lambda: _text(name, window), url=url), False
    return Item(
        text=lambda: _text(name, window), detail=lambda: _detail(window, before), url=url
    ), True


def team_trends_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    items, newsworthy = [], False
    for team_id in sorted(get_roles(user).led_team_ids):
        team, report = selectors.team_trends(
            viewer=user,
            team_id=team_id,
            **_weeks(week_start, week_end),
        )
        found = _item(team.name, report, reverse("wellbeing:team_trends", kwargs={"pk": team_id}))
        if found is not None:
            items.append(found[0])
            newsworthy = newsworthy or found[1]
    if not items:
        return None
    return Section(
        title=gettext_lazy("Your teams' wellbeing"),
        items=tuple(items),
        note=gettext_lazy("Anonymous: shown only when enough people checked in."),
        newsworthy=newsworthy,
    )


def company_trends_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    report = selectors.company_trends(viewer=user, **_weeks(week_start, week_end))
    name = (
        gettext_lazy("The company")
        if not report.excluded_teams
        else gettext_lazy("The company without your teams")
    )
    found = _item(name, report, reverse("wellbeing:company_trends"))
    if found is None:
        return None
    return Section(
        title=gettext_lazy("Company wellbeing"),
        items=(found[0],),
        note=gettext_lazy("Anonymous: shown only when enough people checked in."),
        newsworthy=found[1],
    )


def register() -> None:
    register_section("wellbeing.team_trends", audience="lead", order=40, build=team_trends_section)
    register_section(
        "wellbeing.company_trends", audience="hr", order=40, build=company_trends_section
    )
