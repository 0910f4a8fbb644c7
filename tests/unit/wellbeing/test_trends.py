"""Invariant 4: aggregates below the minimum group size are never shown, page or API.

Trend windows are fixed calendar windows, decided once after their week is over
everywhere (``services.trends.publish_trends``) and read as stored.
"""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from people.models import Membership, Role
from tests.factories import MembershipFactory, UserFactory
from wellbeing import services
from wellbeing.disclosure import last_finished_week, month_bounds, windows_within
from wellbeing.models import CheckIn, MoodTag, TrendCell
from wellbeing.services.trends import publish_trends

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 6, 1)  # a whole-week month: June 2026 is Monday 1 to Sunday 28
AFTER_THE_WEEK = dt.datetime(2026, 6, 8, 12, 0, tzinfo=dt.UTC)  # Sunday 7 June ended everywhere


def team_api(team, **params):  # type: ignore[no-untyped-def]
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return f"/api/v1/wellbeing/teams/{team.pk}/trends/?{query}"


def first_week(**extra):  # type: ignore[no-untyped-def]
    return {"date_from": MONDAY, "date_to": MONDAY + dt.timedelta(days=6), **extra}


def add(people, day, *, mood=3, tags=()):  # type: ignore[no-untyped-def]
    """Check-ins of ``people`` on ``day``, each counted for their team of today."""
    rows = CheckIn.objects.bulk_create(
        [
            CheckIn(
                user=p,
                team_id=Membership.objects.get(user=p, role=Role.AGENT).team_id,
                local_date=day,
                mood=mood,
                energy=3,
                stress=2,
            )
            for p in people
        ]
    )
    for row in rows:
        row.tags.set(MoodTag.objects.filter(slug__in=tags))
    return rows


def get_week(api_client, viewer, team, **params):  # type: ignore[no-untyped-def]
    api_client.force_authenticate(viewer)
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        response = api_client.get(team_api(team, **first_week(period="week", **params)))
    assert response.status_code == 200
    return response.json()["windows"][0]


def test_four_people_show_no_numbers(api_client, team_lead, team, make_agents):
    add(make_agents(4), MONDAY, mood=2)
    publish_trends(now=AFTER_THE_WEEK)

    window = get_week(api_client, team_lead, team)

    assert window["state"] == "too_few"
    assert window["suppressed"] is True
    assert window["respondents"] is window["mood"] is window["participation"] is None
    assert window["mood_distribution"] == []


def test_five_people_show_numbers(api_client, team_lead, team, make_agents):
    agents = make_agents(5)
    for mood, agent in zip([1, 2, 3, 4, 5], agents, strict=True):
        add([agent], MONDAY, mood=mood, tags=["tired"])
    publish_trends(now=AFTER_THE_WEEK)

    window = get_week(api_client, team_lead, team)

    assert window["state"] == "shown"
    assert window["respondents"] == 5
    assert window["mood"] == 3.0
    assert window["mood_distribution"] == [1, 1, 1, 1, 1]
    assert window["participation"] == 1.0
    assert window["top_tags"] == [{"tag": "tired", "name": "Cansancio", "count": 5}]


def test_a_week_still_going_somewhere_is_in_progress(api_client, team_lead, team, make_agents):
    # given ten people on Monday; on Monday 8 June at 11:00 UTC it is still Sunday in UTC-12
    add(make_agents(10), MONDAY)
    not_yet = dt.datetime(2026, 6, 8, 11, 59, tzinfo=dt.UTC)

    publish_trends(now=not_yet)
    api_client.force_authenticate(team_lead)
    with time_machine.travel(not_yet, tick=False):
        week = api_client.get(team_api(team, **first_week(period="week"))).json()["windows"]
        days = api_client.get(team_api(team, **first_week(period="day"))).json()["windows"]

    assert [w["state"] for w in week] == ["in_progress"]
    assert {w["state"] for w in days} == {"in_progress"}
    assert TrendCell.objects.count() == 0
    assert last_finished_week(AFTER_THE_WEEK) == MONDAY


def test_a_tag_adds_its_use_count_but_never_narrows_the_group(
    api_client, team_lead, team, make_agents
):
    # given 10 people, 4 of them "overwhelmed": a slice of 4 must not get its own numbers
    agents = make_agents(10)
    add(agents[:4], MONDAY, mood=1, tags=["overwhelmed"])
    add(agents[4:], MONDAY, mood=4)
    publish_trends(now=AFTER_THE_WEEK)

    everyone = get_week(api_client, team_lead, team)
    tagged = get_week(api_client, team_lead, team, tag="overwhelmed")
    rare = get_week(api_client, team_lead, team, tag="tired")

    assert tagged["respondents"] == everyone["respondents"] == 10
    assert tagged["mood"] == everyone["mood"] == 2.8
    assert tagged["tag_uses"] == 4
    assert rare["tag_uses"] is None  # 0 uses: "fewer than 2"
    assert everyone["tag_uses"] is None


def test_a_tag_used_once_is_not_counted(api_client, team_lead, team, make_agents):
    agents = make_agents(6)
    add(agents[:1], MONDAY, tags=["overwhelmed"])
    add(agents[1:], MONDAY)
    publish_trends(now=AFTER_THE_WEEK)

    window = get_week(api_client, team_lead, team, tag="overwhelmed")

    assert window["tag_uses"] is None
    assert window["top_tags"] == []


def test_the_range_picks_whole_windows_and_never_cuts_one(api_client, team_lead, team, make_agents):
    # given 6 people on Monday and 5 of them again on Tuesday
    agents = make_agents(6)
    add(agents, MONDAY, mood=1)
    add(agents[:5], MONDAY + dt.timedelta(days=1), mood=4)
    publish_trends(now=AFTER_THE_WEEK)
    api_client.force_authenticate(team_lead)

    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        from_tuesday = api_client.get(
            team_api(team, period="week", date_from="2026-06-02", date_to="2026-06-07")
        ).json()
        from_monday = api_client.get(
            team_api(team, period="week", date_from="2026-06-01", date_to="2026-06-07")
        ).json()

    # then starting on Tuesday lists no week at all: a week from Tuesday minus the whole
    # week would have been Monday's check-ins
    assert from_tuesday["windows"] == []
    assert [w["respondents"] for w in from_monday["windows"]] == [6]


def test_a_thin_day_hides_a_second_day_so_the_week_cannot_be_subtracted(
    api_client, team_lead, team, make_agents
):
    # given 6 people Monday to Friday and 2 on Saturday: the week minus the five shown days
    # would be Saturday's two people
    agents = make_agents(6)
    for offset in range(5):
        add(agents if offset else agents[:5], MONDAY + dt.timedelta(days=offset))
    add(agents[:2], MONDAY + dt.timedelta(days=5), mood=1)
    publish_trends(now=AFTER_THE_WEEK)
    api_client.force_authenticate(team_lead)

    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        days = api_client.get(team_api(team, **first_week(period="day"))).json()["windows"]
    week = get_week(api_client, team_lead, team)

    states = [w["state"] for w in days]
    assert week["state"] == "shown"
    # Monday (5 people, the smallest shown day) is hidden with Saturday: 6 people hidden
    assert states == ["too_few", "shown", "shown", "shown", "shown", "too_few", "too_few"]


def test_weekly_windows_count_distinct_people(api_client, team_lead, team, make_agents):
    # 4 people on Monday and 1 other on Tuesday: no day reaches 5, the week does
    agents = make_agents(5)
    add(agents[:4], MONDAY, mood=4)
    add(agents[4:], MONDAY + dt.timedelta(days=1), mood=2)
    publish_trends(now=AFTER_THE_WEEK)
    api_client.force_authenticate(team_lead)

    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        daily = api_client.get(team_api(team, **first_week(period="day"))).json()["windows"]
    weekly = get_week(api_client, team_lead, team)

    assert all(w["suppressed"] for w in daily)
    assert weekly["respondents"] == 5
    assert weekly["mood"] == 3.6


def test_a_month_is_its_whole_weeks_and_hides_when_its_hidden_weeks_are_thin(
    api_client, team_lead, team, make_agents
):
    # given June 2026 = 1-28 June: three weeks of 6 people and a week of 2 people
    agents = make_agents(6)
    for week in range(3):
        add(agents, MONDAY + dt.timedelta(weeks=week))
    add(agents[:2], MONDAY + dt.timedelta(weeks=3), mood=1)
    after_june = dt.datetime(2026, 6, 29, 12, tzinfo=dt.UTC)
    publish_trends(now=after_june)
    api_client.force_authenticate(team_lead)

    with time_machine.travel(after_june, tick=False):
        months = api_client.get(
            team_api(team, period="month", date_from="2026-06-01", date_to="2026-06-28")
        ).json()["windows"]
        weeks = api_client.get(
            team_api(team, period="week", date_from="2026-06-01", date_to="2026-06-28")
        ).json()["windows"]

    assert month_bounds(2026, 6) == (MONDAY, dt.date(2026, 6, 28))
    assert [w["state"] for w in weeks] == ["shown", "shown", "shown", "too_few"]
    # the month minus its three shown weeks would be the last week's two people
    assert [(w["start"], w["end"], w["state"]) for w in months] == [
        ("2026-06-01", "2026-06-28", "too_few")
    ]


def test_a_month_with_no_thin_week_is_shown(api_client, team_lead, team, make_agents):
    agents = make_agents(6)
    for week in range(4):
        add(agents, MONDAY + dt.timedelta(weeks=week), mood=2 + week % 2)
    after_june = dt.datetime(2026, 6, 29, 12, tzinfo=dt.UTC)
    publish_trends(now=after_june)
    api_client.force_authenticate(team_lead)

    with time_machine.travel(after_june, tick=False):
        (month,) = api_client.get(
            team_api(team, period="month", date_from="2026-06-01", date_to="2026-06-28")
        ).json()["windows"]

    assert month["respondents"] == 6
    assert month["mood"] == 2.5
    assert month["mood_distribution"] == [0, 12, 12, 0, 0]


def test_windows_within_lists_only_whole_windows():
    assert windows_within("week", dt.date(2026, 6, 2), dt.date(2026, 6, 21)) == [
        dt.date(2026, 6, 8),
        dt.date(2026, 6, 15),
    ]
    assert windows_within("month", dt.date(2026, 6, 1), dt.date(2026, 7, 31)) == [MONDAY]
    assert windows_within("day", MONDAY, MONDAY) == [MONDAY]


def test_published_numbers_never_change_when_the_data_does(
    api_client, team_lead, team, other_team, make_agents
):
    # given a published week of 6 people
    agents = make_agents(6)
    add(agents, MONDAY, mood=1)
    publish_trends(now=AFTER_THE_WEEK)
    before = get_week(api_client, team_lead, team)

    # when one erases their data and another moves to another team, and beat runs again
    services.erase_wellbeing_data(user=agents[0])
    Membership.objects.filter(user=agents[1]).update(team=other_team)
    written = publish_trends(now=AFTER_THE_WEEK + dt.timedelta(days=1))

    # then the published week reads the same: comparing the two would reveal the two people
    assert written == 0
    assert get_week(api_client, team_lead, team) == before


def test_a_check_in_counts_for_the_team_its_author_was_in_that_day(
    team, other_team, agent, check_in
):
    record = check_in(agent)
    Membership.objects.filter(user=agent).update(team=other_team)

    record.refresh_from_db()

    assert record.team == team


def test_publishing_twice_writes_nothing_new(team, make_agents):
    add(make_agents(6), MONDAY)

    first = publish_trends(now=AFTER_THE_WEEK)
    second = publish_trends(now=AFTER_THE_WEEK)

    # for the team and the company: a week and its seven days (no month: June ends on the 28th)
    assert (first, second) == (16, 0)
    assert TrendCell.objects.filter(scope=f"team:{team.pk}").count() == 8


def test_a_first_run_over_a_long_history_stops_on_time_and_the_next_carries_on(team, make_agents):
    # given six weeks of check-ins and no time at all for the first run
    agents = make_agents(6)
    for week in range(6):
        add(agents, MONDAY + dt.timedelta(weeks=week))
    later = dt.datetime(2026, 7, 13, 12, tzinfo=dt.UTC)  # Sunday 12 July is over

    stopped = publish_trends(now=later, budget_seconds=0)
    carried_on = publish_trends(now=later)

    assert stopped == 0
    # per scope (team, company): six weeks, 42 days and June
    assert carried_on == 2 * (6 + 42 + 1)
    assert publish_trends(now=later) == 0


def test_hidden_windows_keep_no_numbers(team, make_agents):
    add(make_agents(3), MONDAY, mood=1)

    publish_trends(now=AFTER_THE_WEEK)

    hidden = TrendCell.objects.filter(shown=False)
    assert hidden.count() == 16  # team and company: a week and seven days each
    assert set(hidden.values_list("respondents", "check_ins", "mood_sum")) == {(None,) * 3}


def test_the_threshold_is_a_setting(settings, api_client, team_lead, team, make_agents):
    settings.WELLBEING_MIN_GROUP_SIZE = 3
    add(make_agents(3), MONDAY)
    publish_trends(now=AFTER_THE_WEEK)

    assert get_week(api_client, team_lead, team)["respondents"] == 3


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
        ({"period": "year"}, "period"),
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
        # HR see the company; a team's own numbers beside it could be subtracted from it
        ("hr_admin", 404, 200),
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


def test_company_trends_for_hr_follow_the_same_rule(api_client, hr_admin, make_agents, other_team):
    agents = make_agents(3) + make_agents(2, of_team=other_team)
    add(agents[:4], MONDAY)
    add(agents, MONDAY + dt.timedelta(weeks=1))
    publish_trends(now=AFTER_THE_WEEK + dt.timedelta(weeks=1))
    api_client.force_authenticate(hr_admin)

    with time_machine.travel(AFTER_THE_WEEK + dt.timedelta(weeks=1), tick=False):
        windows = api_client.get(
            "/api/v1/wellbeing/company/trends/",
            {"period": "week", "date_from": MONDAY, "date_to": "2026-06-14"},
        ).json()["windows"]

    assert [(w["state"], w["respondents"]) for w in windows] == [
        ("too_few", None),
        ("shown", 5),
    ]


def test_hr_who_lead_a_team_see_the_company_without_it(
    client, api_client, team_lead, team, make_agents, other_team
):
    # given 6 people in the lead's team and 5 in another; the lead is also HR
    team_lead.groups.add(Group.objects.get_or_create(name="HR")[0])
    add(make_agents(6), MONDAY)
    add(make_agents(5, of_team=other_team), MONDAY)
    publish_trends(now=AFTER_THE_WEEK)
    api_client.force_authenticate(team_lead)
    client.force_login(team_lead)

    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        (company,) = api_client.get(
            "/api/v1/wellbeing/company/trends/", first_week(period="week")
        ).json()["windows"]
        page = client.get(reverse("wellbeing:company_trends"), first_week(period="week"))

    # then the company they see is the other team only: company minus their own team's
    # numbers would otherwise be a group they cannot see on its own
    assert company["respondents"] == 5
    assert team.name in page.content.decode()


def test_the_trend_page_explains_what_is_hidden_and_why(client, team_lead, team, make_agents):
    team_lead.preferred_language = "en"
    team_lead.save()
    add(make_agents(3), MONDAY)
    publish_trends(now=AFTER_THE_WEEK)
    client.force_login(team_lead)

    with time_machine.travel(AFTER_THE_WEEK + dt.timedelta(days=2), tick=False):
        page = client.get(
            reverse("wellbeing:team_trends", args=[team.pk]), {"period": "day"}
        ).content.decode()

    assert "Not enough responses" in page
    assert "In progress: numbers appear once the week is over" in page


def test_lead_trend_page_query_count_does_not_grow_with_check_ins(
    client, team_lead, team, make_agents, django_assert_max_num_queries
):
    agents = make_agents(10)
    tags = list(MoodTag.objects.all())
    today = dt.date(2026, 10, 1)
    now = dt.datetime(2026, 10, 1, 18, tzinfo=dt.UTC)

    def history(days):  # type: ignore[no-untyped-def]
        CheckIn.objects.all().delete()
        TrendCell.objects.all().delete()
        rows = CheckIn.objects.bulk_create(
            [
                CheckIn(
                    user=a,
                    team=team,
                    local_date=today - dt.timedelta(days=d),
                    mood=1 + d % 5,
                    energy=3,
                    stress=3,
                    shared_with_lead=d % 7 == 0,
                )
                for d in range(days)
                for a in agents
            ]
        )
        CheckIn.tags.through.objects.bulk_create(
            [
                CheckIn.tags.through(checkin_id=c.pk, moodtag_id=tags[c.pk % len(tags)].pk)
                for c in rows
            ]
        )
        publish_trends(now=now)

    client.force_login(team_lead)
    url = reverse("wellbeing:team_trends", args=[team.pk])
    with time_machine.travel(now, tick=False):
        history(8)  # 80 check-ins
        with django_assert_max_num_queries(30) as small:
            client.get(url, {"period": "week"})
        history(100)  # 1,000 check-ins
        with django_assert_max_num_queries(len(small.captured_queries)):
            response = client.get(url, {"period": "week"})
    assert response.status_code == 200
    assert response.context["shared"]
    assert [w.state for w in response.context["report"].windows][-3:-1] == ["shown", "shown"]


def test_a_new_check_in_records_the_authors_team(agent, team):
    record, _created = services.record_check_in(user=agent, mood=3, energy=3, stress=3)

    assert record.team == team


def test_someone_with_no_team_is_counted_nowhere(db):
    loner = UserFactory()

    record, _created = services.record_check_in(user=loner, mood=3, energy=3, stress=3)

    assert record.team is None


def test_an_hr_person_leading_no_team_sees_the_whole_company(hr_admin, team):
    from wellbeing.selectors import company_trend_scope, trend_scopes

    MembershipFactory(team=team, role=Role.LEAD, user=UserFactory())

    assert company_trend_scope(viewer=hr_admin).key == "company"
    assert [s.key for s in trend_scopes()] == ["company"]


# --- Shared check-ins and the anonymous numbers -------------------------------------------


def test_a_check_in_shared_with_the_lead_is_never_in_the_numbers(
    api_client, team_lead, team, make_agents
):
    # given 6 people on Monday, one of whom shared their check-in with the lead
    agents = make_agents(6)
    add(agents[1:], MONDAY, mood=4)
    (shared,) = add(agents[:1], MONDAY, mood=1)
    CheckIn.objects.filter(pk=shared.pk).update(shared_with_lead=True, ever_shared=True)
    publish_trends(now=AFTER_THE_WEEK)

    week = get_week(api_client, team_lead, team)

    # then the week shows the five others: the lead cannot subtract the one they read
    assert (week["respondents"], week["mood"]) == (5, 4.0)


def test_a_check_in_shared_once_stays_out_after_it_is_taken_back(agent, team, make_agents):
    # given today's check-in shared and then taken back the same day
    others = make_agents(5)
    with time_machine.travel(dt.datetime(2026, 6, 3, 15, tzinfo=dt.UTC), tick=False):
        mine, _ = services.record_check_in(
            user=agent, mood=1, energy=1, stress=5, shared_with_lead=True
        )
        services.set_check_in_sharing(user=agent, check_in_id=mine.pk, shared=False)
    add(others, dt.date(2026, 6, 3), mood=4)

    publish_trends(now=AFTER_THE_WEEK)

    mine.refresh_from_db()
    assert (mine.shared_with_lead, mine.ever_shared) == (False, True)
    week = TrendCell.objects.get(scope=f"team:{team.pk}", period="week")
    assert (week.respondents, week.mood_sum) == (5, 20)


def test_a_check_in_can_be_shared_until_its_week_ends_everywhere(client, api_client, agent):
    # given a check-in of Wednesday 3 June
    with time_machine.travel(dt.datetime(2026, 6, 3, 15, tzinfo=dt.UTC), tick=False):
        mine, _ = services.record_check_in(user=agent, mood=2, energy=2, stress=4)
    api_client.force_authenticate(agent)
    client.force_login(agent)
    url = f"/api/v1/wellbeing/check-ins/{mine.pk}/sharing/"

    # when the agent shares it on Sunday, and again (after taking it back) once the week is over
    with time_machine.travel(dt.datetime(2026, 6, 8, 11, tzinfo=dt.UTC), tick=False):
        on_time = api_client.post(url, {"shared": True})
        api_client.post(url, {"shared": False})
    with time_machine.travel(AFTER_THE_WEEK, tick=False):
        late = api_client.post(url, {"shared": True}, HTTP_ACCEPT_LANGUAGE="en")
        page = client.post(
            reverse("wellbeing:set_sharing", args=[mine.pk]), {"shared": "1"}, follow=True
        )
        history = client.get(reverse("wellbeing:history")).content.decode()

    # then only the first succeeds: sharing after the week could be subtracted from its total
    assert on_time.status_code == 200
    assert late.status_code == 409
    assert "end of its week" in late.json()["errors"]["shared"][0]
    assert "end of its week" in page.content.decode()
    assert f'action="{reverse("wellbeing:set_sharing", args=[mine.pk])}"' not in history
    mine.refresh_from_db()
    assert mine.shared_with_lead is False


def test_taking_a_share_back_is_always_possible(api_client, agent):
    with time_machine.travel(dt.datetime(2026, 6, 3, 15, tzinfo=dt.UTC), tick=False):
        mine, _ = services.record_check_in(
            user=agent, mood=2, energy=2, stress=4, shared_with_lead=True
        )
    api_client.force_authenticate(agent)

    with time_machine.travel(dt.datetime(2026, 9, 1, tzinfo=dt.UTC), tick=False):
        response = api_client.post(
            f"/api/v1/wellbeing/check-ins/{mine.pk}/sharing/", {"shared": False}
        )

    assert response.status_code == 200
    assert response.json()["shared_with_lead"] is False


def test_weeks_before_any_check_in_read_too_few_and_an_unpublished_week_in_progress(
    api_client, team_lead, team, make_agents
):
    # given a week of 6 people published, and the following week over but not published yet
    agents = make_agents(6)
    add(agents, MONDAY)
    add(agents, MONDAY + dt.timedelta(weeks=1))
    publish_trends(now=AFTER_THE_WEEK)
    api_client.force_authenticate(team_lead)

    with time_machine.travel(AFTER_THE_WEEK + dt.timedelta(weeks=1), tick=False):
        windows = api_client.get(
            team_api(team, period="week", date_from="2026-05-18", date_to="2026-06-14")
        ).json()["windows"]

    assert [(w["start"], w["state"]) for w in windows] == [
        ("2026-05-18", "too_few"),  # no check-ins: final, nothing will come
        ("2026-05-25", "too_few"),
        ("2026-06-01", "shown"),
        ("2026-06-08", "in_progress"),  # waits for the next publishing run
    ]
