"""The one page-error path (issue 13): a page view lets a service's refusal go, and
``core.middleware.DomainErrorMiddleware`` answers it the same way everywhere; forms show
400/409 on their fields through ``core.pages.submit``; ``@page_rule`` declares who may come in.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.unit.core.refusing_urls")]


def test_not_yours_is_the_not_found_page(client, agent):
    client.force_login(agent)
    response = client.get("/test-refusal/missing/")
    assert response.status_code == 404
    # The page never says more than "not found": what exists is nobody else's business.
    assert "We could not find that page" in response.content.decode()


def test_not_allowed_is_the_forbidden_page_with_its_message(client, agent):
    client.force_login(agent)
    response = client.post("/test-refusal/forbidden/")
    assert response.status_code == 403
    assert "Nobody approves their own request." in response.content.decode()


def test_a_refused_button_goes_back_where_it_came_from_with_the_reason(client, agent):
    client.force_login(agent)
    response = client.post("/test-refusal/conflict/", {"next": "/recognition/rewards/"})
    assert response.status_code == 302
    assert response.url == "/recognition/rewards/"
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Somebody decided this request already."
    ]


def test_a_refused_button_never_goes_back_to_another_site(client, agent):
    client.force_login(agent)
    response = client.post("/test-refusal/conflict/", {"next": "https://evil.example/"})
    assert response.url == reverse("home")


def test_a_view_may_say_where_refusals_return(client, agent):
    client.force_login(agent)
    response = client.post("/test-refusal-catalog/")
    assert response.url == reverse("recognition:catalog")


def test_htmx_gets_the_reason_as_text_with_the_status(client, agent):
    client.force_login(agent)
    response = client.post("/test-refusal/conflict/", headers={"HX-Request": "true"})
    assert response.status_code == 409
    assert response.content.decode() == "Somebody decided this request already."


def test_a_refused_page_shows_the_reason_with_its_status(client, agent):
    client.force_login(agent)
    response = client.get("/test-refusal/invalid/")
    assert response.status_code == 400
    assert "Not enough points." in response.content.decode()


def test_the_form_loop_puts_a_refusal_on_the_form_with_its_status(client, agent):
    client.force_login(agent)
    response = client.post("/test-form/invalid/", {"points": "5"})
    assert response.status_code == 400
    errors = json.loads(response.content)
    assert errors["__all__"][0]["message"] == "Not enough points."
    assert errors["points"][0]["message"] == "Too many."
    conflict = client.post("/test-form/conflict/", {"points": "5"})
    assert conflict.status_code == 409


def test_the_form_loop_leaves_not_allowed_to_the_forbidden_page(client, agent):
    client.force_login(agent)
    response = client.post("/test-form/forbidden/", {"points": "5"})
    assert response.status_code == 403
    assert "Nobody approves their own request." in response.content.decode()


def test_the_form_loop_answers_400_to_an_invalid_form_without_calling_the_service(client, agent):
    client.force_login(agent)
    response = client.post("/test-form/forbidden/", {"points": "-1"})
    assert response.status_code == 400
    assert "points" in json.loads(response.content)


def test_the_page_rule_sends_visitors_to_sign_in(client):
    response = client.get("/test-hr/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_page_rule_refuses_the_wrong_role_with_its_message(client, agent, hr_admin):
    client.force_login(agent)
    refused = client.get("/test-hr/")
    assert refused.status_code == 403
    assert "Only HR see the company." in refused.content.decode()
    client.force_login(hr_admin)
    assert client.get("/test-hr/").content == b"company"
