import pytest

from people.services import create_api_token

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
TEAMS = "/api/v1/teams/"


def test_anonymous_gets_401_on_the_api(api_client):
    response = api_client.get(ME)

    assert response.status_code in {401, 403}
    assert response.json()["detail"]


def test_token_authentication_for_scripts(api_client, agent):
    _token, key = create_api_token(actor=agent, user=agent, name="script")
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api_client.get(ME)

    assert response.status_code == 200
    assert response.json()["email"] == agent.email


def test_me_reports_roles(api_client, team_lead, team):
    api_client.force_authenticate(team_lead)

    roles = api_client.get(ME).json()["roles"]

    assert roles == {
        "is_agent": False,
        "is_lead": True,
        "is_hr": False,
        "agent_team_id": None,
        "led_team_ids": [team.pk],
    }


def test_me_update_changes_preferences(api_client, agent):
    api_client.force_authenticate(agent)

    response = api_client.patch(
        ME, {"preferred_language": "es", "time_zone": "America/Bogota"}, format="json"
    )

    assert response.status_code == 200
    agent.refresh_from_db()
    assert agent.preferred_language == "es"
    assert str(agent.time_zone) == "America/Bogota"


def test_me_update_rejects_bad_values_with_field_errors(api_client, agent):
    api_client.force_authenticate(agent)

    response = api_client.patch(
        ME, {"preferred_language": "fr", "time_zone": "Mars/Olympus"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"preferred_language", "time_zone"}
    agent.refresh_from_db()
    assert agent.preferred_language == "en"


@pytest.mark.parametrize(
    ("persona", "sees"),
    [
        ("agent", {"Soporte"}),
        ("team_lead", {"Soporte"}),
        ("other_team_lead", {"Ventas"}),
        ("hr_admin", {"Soporte", "Ventas"}),
    ],
)
def test_team_list_shows_only_visible_teams(api_client, request, persona, sees, team, other_team):
    api_client.force_authenticate(request.getfixturevalue(persona))

    body = api_client.get(TEAMS).json()

    assert {t["name"] for t in body["results"]} == sees
    assert {"count", "next", "previous"} <= set(body)


def test_team_members_of_another_team_is_404(api_client, other_team_lead, team, agent):
    api_client.force_authenticate(other_team_lead)

    assert api_client.get(f"{TEAMS}{team.pk}/members/").status_code == 404


def test_team_members_lists_the_team(api_client, team_lead, team, agent, teammate):
    api_client.force_authenticate(team_lead)

    body = api_client.get(f"{TEAMS}{team.pk}/members/").json()

    assert {m["email"] for m in body["results"]} == {agent.email, teammate.email, team_lead.email}


def test_team_list_query_count_is_constant(api_client, hr_admin, django_assert_max_num_queries):
    from tests.factories import MembershipFactory, TeamFactory

    for i in range(30):
        MembershipFactory.create_batch(3, team=TeamFactory(name=f"T{i}"))
    api_client.force_authenticate(hr_admin)

    with django_assert_max_num_queries(5):
        response = api_client.get(TEAMS, {"page_size": 100})

    assert response.json()["count"] == 30
