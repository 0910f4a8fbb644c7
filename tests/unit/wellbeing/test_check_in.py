import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from core.exceptions import DomainError
from wellbeing import services
from wellbeing.models import CheckIn

pytestmark = pytest.mark.django_db

TODAY_API = "/api/v1/wellbeing/check-ins/today/"
MEXICO = zoneinfo.ZoneInfo("America/Mexico_City")


def test_a_second_check_in_the_same_day_updates_the_first(agent, check_in):
    first = check_in(agent, mood=2, tags=["tired"])

    second = check_in(agent, mood=4, tags=["proud"], note="better after lunch")

    assert second.pk == first.pk
    assert CheckIn.objects.filter(user=agent).count() == 1
    second.refresh_from_db()
    assert (second.mood, second.note) == (4, "better after lunch")
    assert [t.slug for t in second.tags.all()] == ["proud"]


def test_local_days_follow_the_persons_time_zone(agent, check_in):
    # given an agent in Mexico City
    agent.time_zone = "America/Mexico_City"
    agent.save()

    # when they check in at 23:30 and again at 00:30 local time
    late = check_in(agent, mood=2, now=dt.datetime(2026, 3, 10, 23, 30, tzinfo=MEXICO))
    early = check_in(agent, mood=4, now=dt.datetime(2026, 3, 11, 0, 30, tzinfo=MEXICO))

    # then they are two check-ins on two different days
    assert late.local_date == dt.date(2026, 3, 10)
    assert early.local_date == dt.date(2026, 3, 11)
    assert CheckIn.objects.filter(user=agent).count() == 2


def test_api_creates_then_updates_todays_check_in(api_client, agent):
    api_client.force_authenticate(agent)
    payload = {"mood": 3, "energy": 2, "stress": 4, "tags": ["tough-call"], "note": "hard call"}

    created = api_client.put(TODAY_API, payload, format="json")
    updated = api_client.put(TODAY_API, {**payload, "mood": 5}, format="json")

    assert created.status_code == 201
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert api_client.get(TODAY_API).json()["mood"] == 5


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"mood": 0}, "mood"),
        ({"energy": 6}, "energy"),
        ({"stress": "high"}, "stress"),
        ({"tags": ["not-a-tag"]}, "tags"),
        ({"note": "x" * 2001}, "note"),
        ({"date": "2999-01-01"}, "date"),
        ({"date": "2020-01-01"}, "date"),
    ],
)
def test_bad_input_is_a_400_with_field_errors_and_writes_nothing(api_client, agent, change, field):
    api_client.force_authenticate(agent)
    payload = {"mood": 3, "energy": 3, "stress": 3, **change}

    response = api_client.put(TODAY_API, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not CheckIn.objects.exists()


def test_invalid_update_leaves_the_existing_check_in_untouched(agent, check_in):
    original = check_in(agent, mood=2, note="kept")

    with pytest.raises(DomainError):
        services.record_check_in(
            user=agent, mood=5, energy=3, stress=3, tag_slugs=["nope"], note="lost"
        )

    original.refresh_from_db()
    assert (original.mood, original.note) == (2, "kept")


def test_inactive_tags_are_refused(agent):
    from wellbeing.models import MoodTag

    MoodTag.objects.filter(slug="bored").update(active=False)

    with pytest.raises(DomainError) as error:
        services.record_check_in(user=agent, mood=3, energy=3, stress=3, tag_slugs=["bored"])

    assert "tags" in error.value.errors


def test_someone_without_a_team_cannot_share_with_a_lead(db):
    from tests.factories import UserFactory

    loner = UserFactory()

    with pytest.raises(DomainError) as error:
        services.record_check_in(user=loner, mood=3, energy=3, stress=3, shared_with_lead=True)

    assert "shared_with_lead" in error.value.errors
    assert not CheckIn.objects.exists()


def test_page_check_in_with_htmx_returns_the_card_only(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("wellbeing:check_in"),
        {"mood": 4, "energy": 3, "stress": 2, "tags": ["proud"], "note": ""},
        HTTP_HX_REQUEST="true",
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="check-in-saved"' in body
    assert "<html" not in body
    assert CheckIn.objects.get(user=agent).mood == 4


def test_page_check_in_shows_field_errors(client, agent):
    client.force_login(agent)

    response = client.post(reverse("wellbeing:check_in"), {"mood": 9, "energy": 3})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"mood", "stress"}
    assert not CheckIn.objects.exists()


def test_history_lists_my_check_ins_with_a_gentle_run(client, agent):
    # given check-ins on the last three days, frozen in time
    with time_machine.travel(dt.datetime(2026, 5, 20, 15, 0, tzinfo=dt.UTC), tick=False):
        for day in (18, 19, 20):
            services.record_check_in(
                user=agent,
                mood=3,
                energy=3,
                stress=3,
                now=dt.datetime(2026, 5, day, 15, 0, tzinfo=dt.UTC),
            )
        client.force_login(agent)

        # when the agent opens their history
        response = client.get(reverse("wellbeing:history"), {"days": 30})

    # then they see three days and a run of three, with a chart
    report = response.context["report"]
    assert (report.checked_in_days, report.current_run) == (3, 3)
    assert "<svg" in response.content.decode()


def test_missing_today_does_not_break_the_run(agent):
    from wellbeing.selectors import history

    now = dt.datetime(2026, 5, 20, 15, 0, tzinfo=dt.UTC)
    for day in (18, 19):
        services.record_check_in(user=agent, mood=3, energy=3, stress=3, now=now.replace(day=day))

    assert history(user=agent, days=7, now=now).current_run == 2


def test_history_page_query_count_does_not_grow_with_check_ins(
    client, agent, django_assert_max_num_queries
):
    from wellbeing.models import MoodTag

    def add(days):  # type: ignore[no-untyped-def]
        rows = [
            CheckIn(
                user=agent,
                local_date=dt.date(2020, 1, 1) + dt.timedelta(days=i),
                mood=3,
                energy=3,
                stress=3,
            )
            for i in range(days)
        ]
        CheckIn.objects.bulk_create(rows)
        tag = MoodTag.objects.first()
        CheckIn.tags.through.objects.bulk_create(
            [CheckIn.tags.through(checkin_id=c.pk, moodtag_id=tag.pk) for c in rows]
        )

    client.force_login(agent)
    add(10)
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("wellbeing:history"), {"days": 90})
    CheckIn.objects.all().delete()
    add(1000)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("wellbeing:history"), {"days": 90})
    assert response.status_code == 200


def test_sharing_is_not_offered_to_someone_without_a_team(client, team_lead):
    client.force_login(team_lead)

    page = client.get(reverse("wellbeing:check_in")).content.decode()

    assert 'name="mood"' in page
    assert 'name="shared_with_lead"' not in page


def test_hr_manage_tags_and_resources_in_the_admin_and_agents_do_not(client, agent):
    from people.services import set_hr

    client.force_login(agent)
    assert client.get("/admin/wellbeing/moodtag/").status_code == 302  # to the login page

    set_hr(actor=None, user=agent, is_hr=True)
    client.force_login(agent)

    assert client.get("/admin/wellbeing/moodtag/").status_code == 200
    assert client.get("/admin/wellbeing/careresource/add/").status_code == 200
    assert client.get("/admin/people/user/").status_code == 403
