"""The API answers every error in its one shape, even where no view answers: a URL under
/api/ that matches no route (``{"id": "true"}``) is a JSON 404, pages keep their HTML."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    ["/api/v1/careers/enrollments/true/", "/api/v1/recognition/kudos/-1/", "/api/v1/nothing/"],
)
def test_an_api_url_that_matches_no_route_is_a_json_404(client, agent, path):
    client.force_login(agent)

    response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found.", "errors": {}}


def test_a_page_that_does_not_exist_is_still_an_html_page(client, agent):
    client.force_login(agent)

    response = client.get("/recognition/kudos/true/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
