"""Every wellbeing chart, in Spanish and in English, parses as SVG and holds every point.

In Spanish the coordinates used to be written with decimal commas (``cy="184,0"``): the
browser dropped every gridline and point with a console error each (issue 12, item 3)."""

from __future__ import annotations

import datetime as dt
import random

import pytest
import time_machine
from django.urls import reverse

from people.models import Membership, Role
from tests.markup_numbers import POINTS, SINGLE, charts, elements, localised_numbers
from wellbeing.models import CheckIn
from wellbeing.services.trends import publish_trends

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)  # a Wednesday
TODAY = dt.date(2026, 12, 2)
LANGUAGES = ["es", "en"]
COORDINATES = ("x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r", "stroke-width")


def speaking(language: str, *people) -> None:  # type: ignore[no-untyped-def]
    for person in people:
        person.preferred_language = language
        person.save(update_fields=["preferred_language"])


def assert_chart_holds(svg, *, points_per_series: int, series: int = 3) -> None:  # type: ignore[no-untyped-def]
    for element in svg.iter():
        for name in COORDINATES:
            if name in element.attrib:
                assert SINGLE.match(element.attrib[name]), (name, element.attrib[name])
    assert len(svg.attrib["viewBox"].split()) == 4
    # five gridlines, one per score, each at its own height
    grid = [line for line in elements(svg, "line") if line.attrib.get("class") == "grid"]
    assert len({float(line.attrib["y1"]) for line in grid}) == 5
    # every point drawn as a dot and as a vertex of its series' line
    assert len(elements(svg, "circle")) == points_per_series * series
    vertices = 0
    for line in elements(svg, "polyline"):
        assert POINTS.match(line.attrib["points"]), line.attrib["points"]
        vertices += len(line.attrib["points"].split())
    assert vertices == points_per_series * series


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("days", [30, 90])
def test_my_history_chart_holds_every_check_in(client, agent, language, days):
    # given check-ins on 12 days of the last 30, moods that land between gridlines
    speaking(language, agent)
    checked = [0, 1, 2, 4, 5, 8, 13, 15, 16, 21, 27, 29]
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                user=agent,
                local_date=TODAY - dt.timedelta(days=d),
                mood=1 + d % 5,
                energy=1 + (d + 2) % 5,
                stress=1 + (d + 4) % 5,
            )
            for d in checked
        ]
    )
    client.force_login(agent)

    # when
    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("wellbeing:history"), {"days": days}).content.decode()

    # then
    (svg,) = charts(html)
    assert_chart_holds(svg, points_per_series=len(checked))
    assert localised_numbers(html) == []


def _team_with_history(team, make_agents, weeks: int = 6):  # type: ignore[no-untyped-def]
    """Seven agents checking in every weekday for ``weeks`` weeks, means like 3.43."""
    agents = make_agents(7)
    draw = random.Random(12)  # noqa: S311 - the same history every run, not a secret
    monday = TODAY - dt.timedelta(days=TODAY.weekday())
    days = [
        monday - dt.timedelta(weeks=w) + dt.timedelta(days=d)
        for w in range(1, weeks + 1)
        for d in range(5)
    ]
    CheckIn.objects.bulk_create(
        [
            CheckIn(
                user=a,
                team_id=Membership.objects.get(user=a, role=Role.AGENT).team_id,
                local_date=day,
                mood=draw.randint(1, 5),
                energy=draw.randint(1, 5),
                stress=draw.randint(1, 5),
            )
            for a in agents
            for day in days
        ]
    )
    publish_trends(now=NOW)
    return agents


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("period", ["day", "week", "month"])
def test_team_trend_chart_holds_every_shown_window(
    client, team, team_lead, make_agents, language, period
):
    # given a team of seven with six whole weeks published
    speaking(language, team_lead)
    _team_with_history(team, make_agents)
    client.force_login(team_lead)

    # when the lead opens the trends
    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("wellbeing:team_trends", args=[team.pk]), {"period": period})
    html = response.content.decode()

    # then the chart has one point per shown window and series, and the table's data agree
    shown = [w for w in response.context["report"].windows if w.mood is not None]
    assert shown, "the fixture must publish windows"
    assert any(w.mood != int(w.mood) for w in shown), "means between gridlines"
    (svg,) = charts(html)
    assert_chart_holds(svg, points_per_series=len(shown))
    assert localised_numbers(html) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_company_trend_chart_holds_every_shown_window(
    client, team, hr_admin, make_agents, language
):
    speaking(language, hr_admin)
    _team_with_history(team, make_agents)
    client.force_login(hr_admin)

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("wellbeing:company_trends"), {"period": "week"})
    html = response.content.decode()

    shown = [w for w in response.context["report"].windows if w.mood is not None]
    assert shown
    (svg,) = charts(html)
    assert_chart_holds(svg, points_per_series=len(shown))
    assert localised_numbers(html) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_visible_numbers_still_follow_the_language(client, team, team_lead, make_agents, language):
    # the point's tooltip and the table are read by people: 3,4 in Spanish, 3.4 in English
    speaking(language, team_lead)
    _team_with_history(team, make_agents)
    client.force_login(team_lead)

    with time_machine.travel(NOW, tick=False):
        response = client.get(reverse("wellbeing:team_trends", args=[team.pk]), {"period": "week"})

    (svg,) = charts(response.content.decode())
    titles = [t.text for c in elements(svg, "circle") for t in c if t.text]
    fractional = [t for t in titles if any(sep in t for sep in ",.")]
    assert fractional
    wrong, right = (".", ",") if language == "es" else (",", ".")
    assert all(right in t and wrong not in t for t in fractional), fractional


@pytest.mark.parametrize(
    ("language", "span"),
    [("es", "3 de noviembre → 2 de diciembre"), ("en", "November 3 → December 2")],
)
def test_the_chart_names_its_days_in_the_readers_format(client, agent, language, span):
    speaking(language, agent)
    CheckIn.objects.create(user=agent, local_date=TODAY, mood=3, energy=3, stress=3)
    client.force_login(agent)

    with time_machine.travel(NOW, tick=False):
        html = client.get(reverse("wellbeing:history"), {"days": 30}).content.decode()

    assert f'<span class="muted">{span}</span>' in html
