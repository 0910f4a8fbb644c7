"""Personal API tokens (``Authorization: Token <key>``): created on the person's settings
page, shown once, stored only as a SHA-256 fingerprint, revocable by their owner alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re

import pytest
import time_machine
from django.apps import apps
from django.contrib import admin
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from core.models import AuditEvent
from people.models import ApiToken
from people.services import create_api_token

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
SETTINGS = "/me/settings/"


def create_token(client, person, name: str = "My report script") -> str:  # type: ignore[no-untyped-def]
    """Create a token through the settings page; return the key the page shows."""
    client.force_login(person)
    response = client.post(reverse("people:api_token_create"), {"name": name})
    assert response.status_code == 200, response.content
    match = re.search(r'id="new-api-token"[^>]*value="([^"]+)"', response.content.decode())
    assert match, "the new key is shown on the page"
    return match.group(1)


def stored_cells() -> list[str]:
    """Every value of every token row, read with raw SQL (what a database dump would hold)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {ApiToken._meta.db_table}")  # noqa: S608
        return [str(cell) for row in cursor.fetchall() for cell in row]


def test_a_new_token_is_shown_once_and_only_its_fingerprint_is_stored(client, agent):
    # when the agent creates a token on their settings page
    client.force_login(agent)
    response = client.post(reverse("people:api_token_create"), {"name": "My report script"})
    key = re.search(r'id="new-api-token"[^>]*value="([^"]+)"', response.content.decode())[1]

    # then the key is on that page, which no cache keeps
    assert "no-store" in response["Cache-Control"]
    # and the database holds a fingerprint of it, never the key itself
    token = ApiToken.objects.get()
    assert token.user == agent
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert not any(key in cell for cell in stored_cells())
    # and the settings page never shows it again, only its public prefix
    again = client.get(SETTINGS).content.decode()
    assert key not in again
    assert token.prefix in again
    assert "My report script" in again


def test_the_key_authenticates_the_api_for_its_owner(client, api_client, agent):
    key = create_token(client, agent)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    response = api_client.get(ME)

    assert response.status_code == 200
    assert response.json()["email"] == agent.email


@pytest.mark.parametrize(
    "header", ["Token", "Token not-a-key", "Token {key}x", "Bearer {key}", "Api-Key {key}"]
)
def test_a_wrong_or_malformed_token_is_refused(client, api_client, agent, header):
    key = create_token(client, agent)
    api_client.credentials(HTTP_AUTHORIZATION=header.format(key=key))

    response = api_client.get(ME)

    # 403 rather than 401 while session authentication comes first (as with DRF's tokens)
    assert response.status_code in {401, 403}, response.content


def test_a_revoked_token_is_refused(client, api_client, agent):
    # given a working token
    key = create_token(client, agent)
    token = ApiToken.objects.get()

    # when its owner revokes it on the settings page
    response = client.post(reverse("people:api_token_revoke", args=[token.pk]))

    # then the API refuses it from then on
    assert response.status_code == 302
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    refused = api_client.get(ME, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code in {401, 403}
    assert refused.json()["detail"] == "Invalid or revoked token."
    page = client.get(SETTINGS).content.decode()
    assert "Token revoked on" in page


def test_another_person_cannot_revoke_my_token(client, api_client, agent, teammate, hr_admin):
    key = create_token(client, agent)
    token = ApiToken.objects.get()

    for outsider in (teammate, hr_admin):
        client.force_login(outsider)
        response = client.post(reverse("people:api_token_revoke", args=[token.pk]))
        assert response.status_code == 404

    token.refresh_from_db()
    assert token.revoked_at is None
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get(ME).status_code == 200


def test_nobody_sees_another_persons_tokens(client, agent, teammate):
    create_token(client, agent, name="Agent's private script")

    client.force_login(teammate)
    page = client.get(SETTINGS).content.decode()

    assert "Agent&#x27;s private script" not in page
    assert ApiToken.objects.get().prefix not in page


def test_creating_and_revoking_a_token_are_audited(client, agent):
    create_token(client, agent)
    token = ApiToken.objects.get()
    client.post(reverse("people:api_token_revoke", args=[token.pk]))

    events = list(
        AuditEvent.objects.filter(target_type="people.apitoken").values_list(
            "actor_id", "verb", "target_id", "data"
        )
    )

    assert sorted(events, key=lambda e: e[1]) == [
        (agent.pk, "api_token.created", str(token.pk), {"prefix": token.prefix}),
        (agent.pk, "api_token.revoked", str(token.pk), {"prefix": token.prefix}),
    ]


def test_a_token_of_a_deactivated_person_is_refused(client, api_client, agent):
    key = create_token(client, agent)
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    assert api_client.get(ME).status_code in {401, 403}


def test_last_use_is_recorded_at_most_once_a_minute(client, api_client, agent):
    # given a token used once
    key = create_token(client, agent)
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    start = dt.datetime(2026, 11, 2, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        api_client.get(ME)

    # when it is used again within the minute, and later
    with time_machine.travel(start + dt.timedelta(seconds=30), tick=False):
        api_client.get(ME)
    within = ApiToken.objects.get().last_used_at
    with time_machine.travel(start + dt.timedelta(minutes=5), tick=False):
        api_client.get(ME)

    # then only the first and the later use were written
    assert within == start
    assert ApiToken.objects.get().last_used_at == start + dt.timedelta(minutes=5)


def test_the_settings_page_needs_a_sign_in_to_create_a_token(client):
    response = client.post(reverse("people:api_token_create"), {"name": "x"})

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert ApiToken.objects.count() == 0


def test_the_command_prints_a_working_token_once(api_client, agent):
    out, err = io.StringIO(), io.StringIO()

    call_command(
        "create_api_token", agent.email, "--label", "Nightly export", stdout=out, stderr=err
    )

    key = out.getvalue().strip()
    assert ApiToken.objects.get().name == "Nightly export"
    assert not any(key in cell for cell in stored_cells())
    assert "will not be shown again" in err.getvalue()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api_client.get(ME).json()["email"] == agent.email


def test_the_clear_text_token_store_is_gone(admin_user, rf):
    # DRF's authtoken app kept every key in clear; neither it nor its table remain
    assert not apps.is_installed("rest_framework.authtoken")
    assert "authtoken_token" not in connection.introspection.table_names()
    assert not any(model._meta.app_label == "authtoken" for model in admin.site._registry)


def test_the_admin_lists_tokens_without_their_fingerprint(client, admin_user, agent):
    create_token(client, agent)
    token = ApiToken.objects.get()
    client.force_login(admin_user)

    listed = client.get(reverse("admin:people_apitoken_changelist")).content.decode()
    shown = client.get(reverse("admin:people_apitoken_change", args=[token.pk])).content.decode()
    add = client.get(reverse("admin:people_apitoken_add"))

    assert token.prefix in listed
    assert token.key_hash not in listed
    assert token.key_hash not in shown
    assert add.status_code == 403


def test_the_settings_page_lists_many_tokens_in_a_fixed_number_of_queries(
    client, agent, django_assert_max_num_queries
):
    for number in range(12):
        create_api_token(actor=agent, user=agent, name=f"script {number}")
    client.force_login(agent)

    # 8, and 2 for the security section: unconfirmed addresses and whether two-factor is on.
    with django_assert_max_num_queries(10):
        page = client.get(SETTINGS)

    assert page.content.decode().count('class="button danger"') == 12
