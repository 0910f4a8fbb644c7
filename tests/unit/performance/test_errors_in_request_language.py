"""Ingestion errors answer in the asker's language (issue 12 §4): the events API follows
Accept-Language (Spanish by default), HR's CSV import follows the HR person's language, and
a resent body or re-uploaded file gets the same answer in the new asker's words."""

from __future__ import annotations

import datetime as dt
import html
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from performance.models import Integration, PerformanceEvent
from performance.services.keys import create_api_key, create_integration

pytestmark = pytest.mark.django_db

URL = reverse("api:events-ingest")
CSV_URL = reverse("performance:csv_import")


@pytest.fixture
def integration() -> Integration:
    return create_integration(actor=None, name="Genesys Cloud")


@pytest.fixture
def secret(integration) -> str:
    return create_api_key(actor=None, integration=integration, name="production")[1]


def bad_batch(agent) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    an_hour_ago = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    return [
        {  # a naive time and an unknown type
            "external_id": "e-1",
            "email": agent.email,
            "type": "telepathy",
            "occurred_at": "2026-03-01T10:00:00",
        },
        {  # nobody with that e-mail
            "external_id": "e-2",
            "email": "nobody@example.test",
            "type": "call_completed",
            "occurred_at": an_hour_ago,
        },
        {
            "external_id": "e-3",
            "email": agent.email,
            "type": "call_completed",
            "occurred_at": an_hour_ago,
        },
    ]


def post(secret: str, body: Any, language: str | None):  # type: ignore[no-untyped-def]
    headers = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    return APIClient().post(
        URL, body, format="json", HTTP_AUTHORIZATION=f"Api-Key {secret}", **headers
    )


def rejected_errors(response) -> dict[str, dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    return {r["external_id"]: r["errors"] for r in response.json()["results"] if "errors" in r}


SPANISH = {
    "e-1": {
        "type": ["Tipo de evento desconocido. Conocidos:"],
        "occurred_at": ["Agrega el desfase de zona horaria (p. ej., Z o -06:00)."],
    },
    "e-2": {"agent": ["Agente desconocido para esta integración."]},
}
ENGLISH = {
    "e-1": {
        "type": ["Unknown event type. Known:"],
        "occurred_at": ["Add a time zone offset (e.g. Z or -06:00)."],
    },
    "e-2": {"agent": ["Unknown agent for this integration."]},
}


def assert_errors(actual, expected) -> None:  # type: ignore[no-untyped-def]
    assert set(actual) == set(expected)
    for external_id, fields in expected.items():
        assert set(actual[external_id]) == set(fields)
        for field, (start,) in fields.items():
            assert actual[external_id][field][0].startswith(start), actual[external_id][field]


@pytest.mark.parametrize(
    ("language", "expected"), [("es", SPANISH), ("en", ENGLISH), (None, SPANISH)]
)
def test_event_errors_follow_accept_language_spanish_by_default(secret, agent, language, expected):
    response = post(secret, bad_batch(agent), language)

    assert response.status_code == 200
    assert response.json()["accepted"] == 1
    assert_errors(rejected_errors(response), expected)


def test_a_resent_batch_answers_the_same_in_the_new_askers_language(secret, agent):
    body = bad_batch(agent)
    first = post(secret, body, "en")

    again = post(secret, body, "es")

    assert_errors(rejected_errors(first), ENGLISH)
    assert_errors(rejected_errors(again), SPANISH)
    assert [r["status"] for r in again.json()["results"]] == [
        r["status"] for r in first.json()["results"]
    ]
    assert PerformanceEvent.objects.count() == 1


def test_an_invalid_api_key_is_refused_in_the_askers_language():
    spanish = post("not-a-key", [], "es")
    english = post("not-a-key", [], "en")

    assert spanish.status_code == english.status_code == 401
    assert spanish.json()["detail"] == "Clave de API no válida o revocada."
    assert english.json()["detail"] == "Invalid or revoked API key."


def test_batch_level_errors_follow_accept_language(secret):
    assert post(secret, {"not": "a list"}, "es").json() == {
        "detail": "Datos no válidos.",
        "errors": {"events": ["Envía un arreglo JSON de eventos."]},
    }
    assert post(secret, {"not": "a list"}, "en").json()["errors"] == {
        "events": ["Send a JSON array of events."]
    }


# --- HR's CSV import ------------------------------------------------------------------------


HEADER = "external_id,email,agent_external_id,type,occurred_at,text,metric_score"


def upload(client, person, integration, content: str):  # type: ignore[no-untyped-def]
    client.force_login(person)
    file = SimpleUploadedFile("events.csv", content.encode(), content_type="text/csv")
    response = client.post(CSV_URL, {"integration": integration.pk, "file": file})
    assert response.status_code == 200
    return response


def speaks(user, language: str):  # type: ignore[no-untyped-def]
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def bad_file(agent) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(
        [
            HEADER,
            f"q-1,{agent.email},,qa_review,2025-03-14T10:30:00Z,,ninety",
            f"q-2,{agent.email},,telepathy,2025-03-14T10:30:00Z,,90",
            "q-3,nobody@example.test,,qa_review,2025-03-14T10:30:00Z,,90",
        ]
    )


def row_messages(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.message for e in response.context["result"].errors]


def test_a_spanish_hr_person_reads_csv_row_errors_in_spanish(client, hr_admin, agent, integration):
    response = upload(client, speaks(hr_admin, "es"), integration, bad_file(agent))

    messages = row_messages(response)
    assert messages[0] == "“ninety” no es un número (usa punto para los decimales)."
    assert messages[1].startswith("Tipo de evento desconocido.")
    assert messages[2] == "Agente desconocido para esta integración."
    assert "Agente desconocido para esta integración." in html.unescape(response.content.decode())


def test_a_file_imported_in_english_then_again_in_spanish_answers_in_spanish(
    client, hr_admin, agent, integration
):
    # given the file was imported once by someone reading in English
    english = upload(client, speaks(hr_admin, "en"), integration, bad_file(agent))
    assert row_messages(english)[2] == "Unknown agent for this integration."

    # when it is uploaded again while reading in Spanish (the stored answer is reused)
    spanish = upload(client, speaks(hr_admin, "es"), integration, bad_file(agent))

    # then every row error is in Spanish
    assert row_messages(spanish)[1].startswith("Tipo de evento desconocido.")
    assert row_messages(spanish)[2] == "Agente desconocido para esta integración."
    assert not PerformanceEvent.objects.exists()


def test_a_file_that_is_not_csv_is_explained_in_spanish_and_nothing_is_stored(
    client, hr_admin, agent, integration
):
    # a cell beyond the csv module's field limit: Python's own reason is English
    huge = "x" * 200_000
    content = f'{HEADER}\nq-1,{agent.email},,qa_review,2025-03-14T10:30:00Z,"{huge}",90\n'

    response = upload(client, speaks(hr_admin, "es"), integration, content)

    page = html.unescape(response.content.decode())
    assert "El archivo no es un CSV válido cerca de la línea 2" in page
    assert "field larger" not in page
    assert not PerformanceEvent.objects.exists()


@pytest.mark.parametrize(
    ("integration_id", "expected"),
    [
        ("abc", "Escoja una opción válida."),
        ("99999999999999999999", "Escoja una opción válida."),
        ("", "Este campo es requerido."),
    ],
)
def test_a_garbage_integration_is_refused_in_spanish_and_nothing_is_stored(
    client, hr_admin, agent, integration, integration_id, expected
):
    client.force_login(speaks(hr_admin, "es"))
    file = SimpleUploadedFile("events.csv", bad_file(agent).encode(), content_type="text/csv")

    response = client.post(CSV_URL, {"integration": integration_id, "file": file})

    page = html.unescape(response.content.decode())
    error = page.split('id="id_integration_error">', 1)[1].split("</div>", 1)[0]
    assert expected in error
    assert not PerformanceEvent.objects.exists()


def test_a_rule_without_its_window_is_explained_in_spanish_and_nothing_is_written(client, hr_admin):
    from performance.models import Rule
    from tests.unit.performance.test_pages import rule_post

    client.force_login(speaks(hr_admin, "es"))

    response = client.post(reverse("performance:rule_create"), rule_post(aggregate="count"))

    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    error = page.split('id="id_window_days_error">', 1)[1].split("</p>", 1)[0]
    assert "366" in error
    assert "A windowed rule" not in error
    assert not Rule.objects.exists()
