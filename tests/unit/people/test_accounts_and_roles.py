import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("account_login")


def login(client, user, password=PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(LOGIN_URL, {"login": user.email, "password": password})


@pytest.mark.parametrize("persona", ["agent", "team_lead", "hr_admin"])
def test_each_role_can_sign_in_and_out(client, request, persona):
    user = request.getfixturevalue(persona)

    response = login(client, user)

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == user
    client.post(reverse("account_logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_is_refused_with_a_message(client, agent):
    response = login(client, agent, password="not-it")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert response.context["form"].errors


def test_email_login_is_case_insensitive(client, agent):
    response = client.post(LOGIN_URL, {"login": agent.email.upper(), "password": PASSWORD})

    assert response.status_code == 302


def test_repeated_failed_logins_are_rate_limited(client, agent):
    for _ in range(5):
        login(client, agent, password="wrong")

    # Even the right password is refused until the window passes.
    response = login(client, agent)

    assert response.status_code in {200, 429}
    assert "_auth_user_id" not in client.session


def test_public_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "new@example.test",
            "password1": "a-long-password-1",
            "password2": "a-long-password-1",
        },
    )

    assert "account/signup_closed.html" in [t.name for t in response.templates]
    from people.models import User

    assert not User.objects.filter(email="new@example.test").exists()


def test_admin_login_goes_through_allauth(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_password_reset_sends_an_email(client, agent, mailoutbox):
    client.post(reverse("account_reset_password"), {"email": agent.email})

    assert len(mailoutbox) == 1
    assert agent.email in mailoutbox[0].to


@pytest.mark.parametrize(
    "url_name", ["home", "people:lead_dashboard", "people:hr_dashboard", "people:settings"]
)
def test_anonymous_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_lead_reaches_lead_pages(client, team_lead, team):
    client.force_login(team_lead)

    assert client.get(reverse("people:lead_dashboard")).status_code == 200
    response = client.get(reverse("people:team_detail", args=[team.pk]))
    assert response.status_code == 200
    assert team.name in response.content.decode()


def test_agent_gets_403_on_lead_pages(client, agent):
    client.force_login(agent)

    assert client.get(reverse("people:lead_dashboard")).status_code == 403


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_only_hr_reaches_hr_pages(client, request, persona, hr_admin):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("people:hr_dashboard")).status_code == 403
    assert client.get(reverse("people:hr_people")).status_code == 403

    client.force_login(hr_admin)
    assert client.get(reverse("people:hr_dashboard")).status_code == 200
    assert client.get(reverse("people:hr_people")).status_code == 200


@pytest.mark.parametrize("persona", ["other_team_lead", "other_team_agent"])
def test_outsiders_cannot_see_another_team(client, request, persona, team):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("people:team_detail", args=[team.pk])).status_code == 404


def test_dashboard_shows_each_role_its_own_sections(client, agent, team_lead, hr_admin):
    client.force_login(agent)
    agent_page = client.get(reverse("home")).content.decode()
    client.force_login(team_lead)
    lead_page = client.get(reverse("home")).content.decode()
    client.force_login(hr_admin)
    hr_page = client.get(reverse("home")).content.decode()

    assert 'id="agent-heading"' in agent_page
    assert 'id="lead-heading"' not in agent_page
    assert reverse("people:lead_dashboard") not in agent_page
    assert 'id="lead-heading"' in lead_page
    assert reverse("people:hr_dashboard") not in lead_page
    assert 'id="hr-heading"' in hr_page


def test_person_without_team_sees_an_empty_state(client, db):
    client.force_login(UserFactory())

    response = client.get(reverse("home"))

    assert "You have no team yet" in response.content.decode()


def test_hr_people_directory_searches_and_paginates(client, hr_admin, agent, teammate):
    client.force_login(hr_admin)

    response = client.get(reverse("people:hr_people"), {"q": "tomás"}, HTTP_HX_REQUEST="true")

    body = response.content.decode()
    assert "Tomás Teammate" in body
    assert "Ana Agent" not in body
    assert "<html" not in body  # HTMX gets the partial only


def test_hr_people_directory_query_count_is_constant(
    client, hr_admin, team, django_assert_max_num_queries
):
    from tests.factories import MembershipFactory

    MembershipFactory.create_batch(60, team=team)
    client.force_login(hr_admin)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("people:hr_people"))

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 25


def test_directory_search_keeps_its_query_on_the_next_page(client, hr_admin, team):
    from tests.factories import MembershipFactory, UserFactory

    MembershipFactory.create_batch(30, team=team, user__display_name="Rosa Ríos")
    UserFactory(display_name="Someone Else")
    client.force_login(hr_admin)

    page = client.get(reverse("people:hr_people"), {"q": "Rosa"}).content.decode()

    assert 'href="?q=Rosa&amp;page=2"' in page


def test_every_page_link_in_the_navigation_resolves(client, hr_admin, team_lead):
    """No dead links: every local link on the dashboard answers without an error."""
    import re

    for user in (hr_admin, team_lead):
        client.force_login(user)
        page = client.get(reverse("home")).content.decode()
        for href in set(re.findall(r'href="(/[^"#]*)"', page)):
            if href.startswith("/static/"):
                continue
            assert client.get(href).status_code in {200, 302}, href
