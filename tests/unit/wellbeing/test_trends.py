"""Invariant 4: aggregates below the minimum group size are never shown, page or API."""

import datetime as dt

import pytest
from django.urls import reverse

from wellbeing.models import CheckIn
from wellbeing.selectors import trends
from wellbeing.services import local_today

pytestmark = pytest.mark.django_db


def team_api(team, **params):  # type: ignore[no-untyped-def]
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/wellbeing/teams/{team.pk}/trends/?{query}"


def today_window(report):  # type: ignore[no-untyped-def]
    return report["windows"][-1] if isinstance(report, dict) else report.windows[-1]


def test_four_people_show_no_numbers(api_client, team_lead, team, make_agents, check_in):
    for agent in make_agents(4):
        check_in(agent, mood=2)
    api_client.force_authenticate(team_lead)

    window = today_window(api_client.get(team_api(team)).json())

    assert window["suppressed"] is True
    assert window["respondents"] is None
    assert window["mood"] is None
    assert window["mood_distribution"] == []
    assert window["participation"] is None


def test_five_people_show_numbers(api_client, team_lead, team, make_agents, check_in):
    for mood, agent in zip([1, 2, 3, 4, 5], make_agents(5), strict=True):
        check_in(agent, mood=mood, tags=["tired"])
    api_client.force_authenticate(team_lead)

    window = today_window(api_client.get(team_api(team)).json())

    assert window["suppressed"] is False
    assert window["respondents"] == 5
    assert window["mood"] == 3.0
    assert window["mood_distribution"] == [1, 1, 1, 1, 1]
    assert window["participation"] == 1.0
    assert window["top_tags"] == [{"tag": "tired", "name": "Cansancio", "count": 5}]


def test_a_tag_filter_that_narrows_the_group_to_four_shows_nothing(
    api_client, team_lead, team, make_agents, check_in
):
    agents = make_agents(10)
    for agent in agents[:4]:
        check_in(agent, tags=["overwhelmed"])
    for agent in agents[4:]:
        check_in(agent)
    api_client.force_authenticate(team_lead)

    unfiltered = today_window(api_client.get(team_api(team)).json())
    filtered = today_window(api_client.get(team_api(team, tag="overwhelmed")).json())

    assert unfiltered["suppressed"] is False
    assert filtered["suppressed"] is True
    assert filtered["mood"] is None


def test_a_slice_is_hidden_when_its_complement_is_below_the_threshold(team, make_agents, check_in):
    # given 7 people: 5 tagged "tired", 2 not — showing the 5 would reveal the 2 by subtraction
    agents = make_agents(7)
    for agent in agents[:5]:
        check_in(agent, mood=4, tags=["tired"])
    for agent in agents[5:]:
        check_in(agent, mood=1)
    today = local_today(user=agents[0])
    from people.models import Membership

    members = Membership.objects.filter(team=team)

    # when the "tired" slice is asked for
    report = trends(members=members, period="day", date_from=today, date_to=today, tag="tired")

    # then it is suppressed although it has 5 people
    assert report.windows[-1].suppressed


def test_a_slice_is_shown_when_both_sides_are_large_enough(team, make_agents, check_in):
    agents = make_agents(10)
    for agent in agents[:5]:
        check_in(agent, mood=4, tags=["tired"])
    for agent in agents[5:]:
        check_in(agent, mood=2)
    today = local_today(user=agents[0])
    from people.models import Membership

    report = trends(
        members=Membership.objects.filter(team=team),
        period="day",
        date_from=today,
        date_to=today,
        tag="tired",
    )

    assert not report.windows[-1].suppressed
    assert report.windows[-1].mood == 4.0


def test_a_date_filter_to_a_thin_day_shows_nothing(api_client, team_lead, team, make_agents):
    # given 6 people yesterday but only 4 the day before
    agents = make_agents(6)
    today = local_today(user=team_lead)
    yesterday, before = today - dt.timedelta(days=1), today - dt.timedelta(days=2)
    CheckIn.objects.bulk_create(
        [CheckIn(user=a, local_date=yesterday, mood=3, energy=3, stress=3) for a in agents]
        + [CheckIn(user=a, local_date=before, mood=3, energy=3, stress=3) for a in agents[:4]]
    )
    api_client.force_authenticate(team_lead)

    thin = api_client.get(team_api(team, date_from=before, date_to=before)).json()
    full = api_client.get(team_api(team, date_from=yesterday, date_to=yesterday)).json()

    assert thin["windows"][0]["suppressed"] is True
    assert full["windows"][0]["respondents"] == 6


def test_weekly_windows_count_distinct_people(team, make_agents):
    # 4 people on Monday and 1 other on Tuesday: no day reaches 5, the week does
    agents = make_agents(5)
    monday = dt.date(2026, 6, 1)
    CheckIn.objects.bulk_create(
        [CheckIn(user=a, local_date=monday, mood=4, energy=3, stress=2) for a in agents[:4]]
        + [
            CheckIn(
                user=agents[4], local_date=monday + dt.timedelta(days=1), mood=2, energy=3, stress=2
            )
        ]
    )
    from people.models import Membership

    members = Membership.objects.filter(team=team)
    daily = trends(
        members=members, period="day", date_from=monday, date_to=monday + dt.timedelta(days=6)
    )
    weekly = trends(
        members=members, period="week", date_from=monday, date_to=monday + dt.timedelta(days=6)
    )

    assert all(w.suppressed for w in daily.windows)
    assert [w.respondents for w in weekly.windows] == [5]


def test_the_threshold_is_a_setting(settings, team, make_agents, check_in):
    settings.WELLBEING_MIN_GROUP_SIZE = 3
    for agent in make_agents(3):
        check_in(agent)
    today = local_today(user=agent)
    from people.models import Membership

    report = trends(
        members=Membership.objects.filter(team=team), period="day", date_from=today, date_to=today
    )

    assert not report.windows[-1].suppressed


def test_the_threshold_cannot_be_set_below_three():
    import subprocess
    import sys

    from tests.unit.core.test_project_checks import ROOT

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "WELLBEING_MIN_GROUP_SIZE": "2"},
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode != 0
    assert "WELLBEING_MIN_GROUP_SIZE" in result.stderr


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_to": "2999-01-01"}, "date_to"),
        ({"date_from": "2026-05-10", "date_to": "2026-05-01"}, "date_from"),
        ({"date_from": "2020-01-01", "date_to": "2022-01-01"}, "date_from"),
        ({"tag": "nope"}, "tag"),
        ({"period": "month"}, "period"),
        ({"date_from": "yesterday"}, "date_from"),
        # Twelve weeks before these would be before the first day a date can name.
        ({"date_to": "0001-01-01", "period": "week"}, "date_to"),
        ({"date_from": "0001-01-01", "date_to": "0001-01-02"}, "date_from"),
    ],
)
def test_bad_filters_are_400_with_field_errors(api_client, client, team_lead, team, params, field):
    api_client.force_authenticate(team_lead)
    client.force_login(team_lead)

    response = api_client.get(team_api(team, **params))
    page = client.get(reverse("wellbeing:team_trends", args=[team.pk]), params)

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert page.status_code == 400


@pytest.mark.parametrize(
    ("persona", "team_status", "company_status"),
    [
        ("agent", 404, 403),
        ("teammate", 404, 403),
        ("team_lead", 200, 403),
        ("other_team_lead", 404, 403),
        ("hr_admin", 200, 200),
        ("staff_user", 404, 403),
    ],
)
def test_trend_role_matrix(client, api_client, request, persona, team_status, company_status, team):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    api_client.force_authenticate(user)

    assert client.get(reverse("wellbeing:team_trends", args=[team.pk])).status_code == team_status
    assert api_client.get(team_api(team)).status_code == team_status
    assert client.get(reverse("wellbeing:company_trends")).status_code == company_status
    assert api_client.get("/api/v1/wellbeing/company/trends/").status_code == company_status


def test_company_trends_for_hr_follow_the_same_rule(
    api_client, hr_admin, make_agents, check_in, other_team
):
    agents = make_agents(3) + make_agents(2, of_team=other_team)
    for agent in agents[:4]:
        check_in(agent)
    api_client.force_authenticate(hr_admin)

    four = api_client.get("/api/v1/wellbeing/company/trends/").json()["windows"][-1]
    check_in(agents[4])
    five = api_client.get("/api/v1/wellbeing/company/trends/").json()["windows"][-1]

    assert four["suppressed"] is True
    assert five["respondents"] == 5


def test_lead_trend_page_query_count_does_not_grow_with_check_ins(
    client, team_lead, team, make_agents, django_assert_max_num_queries
):
    from wellbeing.models import MoodTag

    agents = make_agents(10)
    today = local_today(user=team_lead)
    tags = list(MoodTag.objects.all())

    def add(days):  # type: ignore[no-untyped-def]
        CheckIn.objects.all().delete()
        rows = [
            CheckIn(
                user=a,
                local_date=today - dt.timedelta(days=d),
                mood=1 + d % 5,
                energy=3,
                stress=3,
                shared_with_lead=d % 7 == 0,
            )
            for d in range(days)
            for a in agents
        ]
        CheckIn.objects.bulk_create(rows)
        CheckIn.tags.through.objects.bulk_create(
            [
                CheckIn.tags.through(checkin_id=c.pk, moodtag_id=tags[c.pk % len(tags)].pk)
                for c in rows
            ]
        )

    client.force_login(team_lead)
    add(1)  # 10 check-ins
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("wellbeing:team_trends", args=[team.pk]), {"period": "week"})
    add(100)  # 1,000 check-ins
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("wellbeing:team_trends", args=[team.pk]), {"period": "week"})
    assert response.status_code == 200
    assert response.context["shared"]
