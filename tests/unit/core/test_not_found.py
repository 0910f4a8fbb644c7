"""An address that does not exist answers 404 to everybody, in their language: never a 500
because the navigation asks which page it is on when there is no page."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "agent", "team_lead", "hr_admin", "staff_user"]

NOT_FOUND = {
    "es": ("No encontramos esa página", "Volver a tu inicio", "Cerrar sesión"),
    "en": ("We could not find that page", "Back to your dashboard", "Sign out"),
}


def _browser(persona: str, language: str, request: pytest.FixtureRequest) -> Client:
    # Collect the answer a browser gets, rather than raise the server's exception.
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    user = request.getfixturevalue(persona)
    if user.is_authenticated:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
        client.force_login(user)
    return client


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", ["/no-such-page/", "/recognition/no-such-page/", "/hr/x/y"])
def test_unknown_address_shows_the_projects_not_found_page(
    persona, language, url, settings, request
):
    settings.DEBUG = False
    client = _browser(persona, language, request)

    response = client.get(url)

    assert response.status_code == 404
    page = response.content.decode()
    heading, way_back, sign_out = NOT_FOUND[language]
    assert f'<html lang="{language}">' in page
    assert heading in page
    assert way_back in page
    # Signed-in people keep their navigation, with nothing marked as the current page.
    assert (sign_out in page) is (persona != "anonymous")
    assert 'aria-current="page"' not in page


@pytest.mark.parametrize("persona", PERSONAS)
def test_unknown_address_is_404_in_development_too(persona, settings, request):
    settings.DEBUG = True
    client = _browser(persona, "es", request)

    response = client.get("/no-such-page/")

    assert response.status_code == 404


@pytest.mark.parametrize("persona", ["agent", "hr_admin"])
def test_a_missing_object_shows_the_not_found_page_inside_its_section(persona, settings, request):
    settings.DEBUG = False
    client = _browser(persona, "es", request)

    response = client.get("/careers/learning/999999/")

    assert response.status_code == 404
    assert "No encontramos esa página" in response.content.decode()
