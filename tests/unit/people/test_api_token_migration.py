"""Upgrading from DRF's authtoken, which kept every key in clear: the migration turns each key
into a fingerprint, so scripts keep working, then drops the clear-text table."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from people.models import ApiToken
from tests.factories import UserFactory

LEGACY_KEY = "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"  # DRF's format: 40 hex characters


@pytest.fixture(autouse=True)
def _every_app_migrated_afterwards():  # type: ignore[no-untyped-def]
    """Going back to people 0003 also unapplies the other apps' migrations that depend on a
    later people migration (notifications' Teams channels); the tests after this one need
    them all."""
    yield
    call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_clear_tokens_become_fingerprints_that_keep_working(api_client):
    # given the database as DRF's authtoken left it: a person's key stored in clear
    person = UserFactory()
    call_command("migrate", "people", "0003", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, "
            "created timestamp with time zone NOT NULL, "
            "user_id integer NOT NULL UNIQUE REFERENCES people_user (id))"
        )
        cursor.execute(
            "INSERT INTO authtoken_token (key, created, user_id) VALUES (%s, %s, %s)",
            [LEGACY_KEY, "2025-06-01 10:00:00+00:00", person.pk],
        )

    # when the upgrade migrates
    call_command("migrate", "people", verbosity=0)

    # then the clear-text table is gone and only a fingerprint of the key remains
    assert "authtoken_token" not in connection.introspection.table_names()
    token = ApiToken.objects.get()
    assert (token.user_id, token.prefix, token.created_at.year) == (person.pk, "9944b091", 2025)
    assert LEGACY_KEY not in {token.key_hash, token.prefix, token.name}
    # and the script that holds the old key still gets in
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {LEGACY_KEY}")
    response = api_client.get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["email"] == person.email
