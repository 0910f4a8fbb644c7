"""Invariant 3: an individual's check-in is visible only to them, and to their lead only
when they shared it. These tests walk every wellbeing route as every other role."""

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from wellbeing.models import CheckIn, TrendCell
from wellbeing.services.trends import publish_trends

pytestmark = pytest.mark.django_db

SECRET = "my-private-note-7c1f"


@pytest.fixture
def private_check_in(agent, check_in):  # type: ignore[no-untyped-def]
    return check_in(agent, mood=1, energy=1, stress=5, tags=["overwhelmed"], note=SECRET)


def wellbeing_pages(team, check_in):  # type: ignore[no-untyped-def]
    return [
        reverse("wellbeing:check_in"),
        reverse("wellbeing:history"),
        reverse("wellbeing:history") + "?days=90",
        reverse("wellbeing:preferences"),
        reverse("wellbeing:my_data"),
        reverse("wellbeing:export_json"),
        reverse("wellbeing:export_csv"),
        reverse("wellbeing:team_trends", args=[team.pk]),
        reverse("wellbeing:team_trends", args=[team.pk]) + "?tag=overwhelmed",
        reverse("wellbeing:company_trends"),
        reverse("wellbeing:company_trends") + "?period=week",
        reverse("notifications:list"),
        reverse("home"),
    ]


def wellbeing_api(team, check_in):  # type: ignore[no-untyped-def]
    return [
        "/api/v1/wellbeing/check-ins/",
        "/api/v1/wellbeing/check-ins/today/",
        f"/api/v1/wellbeing/check-ins/{check_in.pk}/",
        f"/api/v1/wellbeing/teams/{team.pk}/trends/",
        "/api/v1/wellbeing/company/trends/",
        "/api/v1/wellbeing/my-data/",
    ]


OTHERS = ["team_lead", "other_team_lead", "hr_admin", "teammate", "other_team_agent", "staff_user"]


@pytest.mark.parametrize("persona", OTHERS)
def test_no_page_shows_someone_elses_unshared_check_in(
    client, request, persona, team, private_check_in
):
    client.force_login(request.getfixturevalue(persona))

    for url in wellbeing_pages(team, private_check_in):
        response = client.get(url)
        assert SECRET not in response.content.decode(), url
        assert response.status_code != 500, url


@pytest.mark.parametrize("persona", OTHERS)
def test_no_api_route_returns_someone_elses_unshared_check_in(
    api_client, request, persona, team, private_check_in
):
    api_client.force_authenticate(request.getfixturevalue(persona))

    for url in wellbeing_api(team, private_check_in):
        response = api_client.get(url)
        assert SECRET not in response.content.decode(), url
        assert response.status_code != 500, url
    detail = api_client.get(f"/api/v1/wellbeing/check-ins/{private_check_in.pk}/")
    assert detail.status_code == 404
    mine = api_client.get("/api/v1/wellbeing/check-ins/").json()
    assert private_check_in.pk not in [c["id"] for c in mine["results"]]


def test_anonymous_gets_nothing(client, api_client, team, private_check_in):
    for url in wellbeing_pages(team, private_check_in):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("account_login"))
    for url in wellbeing_api(team, private_check_in):
        assert api_client.get(url).status_code in {401, 403}, url


def test_the_author_sees_and_exports_their_own_check_in(client, agent, private_check_in):
    client.force_login(agent)

    exported = json.loads(client.get(reverse("wellbeing:export_json")).content)
    csv_body = client.get(reverse("wellbeing:export_csv")).content.decode()

    assert exported["check_ins"][0]["note"] == SECRET
    assert SECRET in csv_body
    assert SECRET in client.get(reverse("wellbeing:history")).content.decode()


def test_shared_check_in_reaches_the_lead_without_the_note_and_each_view_is_audited(
    client, api_client, agent, team_lead, team, private_check_in
):
    # given the agent shares the check-in
    client.force_login(agent)
    client.post(reverse("wellbeing:set_sharing", args=[private_check_in.pk]), {"shared": "1"})

    # when the lead opens the team page and the API detail
    client.force_login(team_lead)
    page = client.get(reverse("wellbeing:team_trends", args=[team.pk])).content.decode()
    api_client.force_authenticate(team_lead)
    detail = api_client.get(f"/api/v1/wellbeing/check-ins/{private_check_in.pk}/")

    # then the lead sees who shared and the scores, never the note; both views are audited
    assert "Ana Agent" in page
    assert SECRET not in page
    assert detail.status_code == 200
    assert "note" not in detail.json()
    views = AuditEvent.objects.filter(verb="checkin.viewed", target_id=str(private_check_in.pk))
    assert views.count() == 2
    assert set(views.values_list("actor", flat=True)) == {team_lead.pk}
    assert AuditEvent.objects.filter(verb="checkin.shared", actor=agent).exists()


@pytest.mark.parametrize("persona", ["other_team_lead", "hr_admin", "teammate"])
def test_a_shared_check_in_stays_hidden_from_everyone_but_the_lead(
    api_client, client, request, persona, agent, team, private_check_in
):
    from wellbeing.services import set_check_in_sharing

    set_check_in_sharing(user=agent, check_in_id=private_check_in.pk, shared=True)
    viewer = request.getfixturevalue(persona)
    api_client.force_authenticate(viewer)
    client.force_login(viewer)

    assert api_client.get(f"/api/v1/wellbeing/check-ins/{private_check_in.pk}/").status_code == 404
    page = client.get(reverse("wellbeing:team_trends", args=[team.pk]))
    assert "Ana Agent" not in page.content.decode()
    assert not AuditEvent.objects.filter(verb="checkin.viewed").exists()


def test_unsharing_hides_it_from_the_lead_again(api_client, agent, team_lead, private_check_in):
    from wellbeing.services import set_check_in_sharing

    set_check_in_sharing(user=agent, check_in_id=private_check_in.pk, shared=True)
    set_check_in_sharing(user=agent, check_in_id=private_check_in.pk, shared=False)
    api_client.force_authenticate(team_lead)

    assert api_client.get(f"/api/v1/wellbeing/check-ins/{private_check_in.pk}/").status_code == 404


def test_nobody_can_share_or_unshare_someone_elses_check_in(
    client, api_client, team_lead, private_check_in
):
    client.force_login(team_lead)
    api_client.force_authenticate(team_lead)

    page = client.post(
        reverse("wellbeing:set_sharing", args=[private_check_in.pk]), {"shared": "1"}
    )
    api = api_client.post(
        f"/api/v1/wellbeing/check-ins/{private_check_in.pk}/sharing/", {"shared": True}
    )

    assert (page.status_code, api.status_code) == (404, 404)
    private_check_in.refresh_from_db()
    assert private_check_in.shared_with_lead is False


def test_check_ins_are_not_in_the_django_admin(client, staff_user, private_check_in):
    client.force_login(staff_user)

    assert client.get("/admin/wellbeing/checkin/").status_code == 404
    assert SECRET not in client.get("/admin/").content.decode()


def test_erasing_my_data_keeps_it_out_of_every_trend_not_yet_published(
    client, agent, make_agents, check_in, team, team_lead
):
    # given 5 agents checked in today, so this week would be shown once it is over
    for other in make_agents(4):
        check_in(other, mood=5)
    check_in(agent, mood=1, note=SECRET)

    # when the agent erases their data (with confirmation) before the week is over
    client.force_login(agent)
    refused = client.post(reverse("wellbeing:my_data"), {})
    client.post(reverse("wellbeing:my_data"), {"confirm": "on"})
    next_week = timezone.now() + dt.timedelta(days=8)
    publish_trends(now=next_week)

    # then nothing of theirs is left and the week, now 4 people, is never shown
    assert refused.status_code == 200
    assert not CheckIn.objects.filter(user=agent).exists()
    assert not TrendCell.objects.filter(shown=True).exists()
    assert TrendCell.objects.filter(period="week").exists()
    assert AuditEvent.objects.filter(verb="wellbeing.erased", actor=agent).exists()


def test_erase_over_the_api_needs_confirmation(api_client, agent, private_check_in):
    api_client.force_authenticate(agent)

    refused = api_client.delete("/api/v1/wellbeing/my-data/")
    erased = api_client.delete("/api/v1/wellbeing/my-data/?confirm=true")

    assert refused.status_code == 400
    assert erased.json()["check_ins"] == 1
