"""Training notifications and the points memo of a completed path read in the reader's
language (issue 12 §4: "Formación completada — Empathy on the phone" shown to a Spanish
reader). The ledger row is written once and never updated; its memo key and parameters
let each reader see the path's name in their own language."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from careers.services import training
from notifications.models import Notification
from recognition.models import LedgerEntry
from tests.unit.careers.conftest import right_answers

pytestmark = pytest.mark.django_db

SPANISH_NAME = "Palabras amables al teléfono"
ENGLISH_NAME = "Kind words on the phone"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path  # completing the path awards a badge with an image


def speaks(user, language: str):  # type: ignore[no-untyped-def]
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    return user


def visible_text(client, user, url: str) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def complete_path(agent, path) -> None:  # type: ignore[no-untyped-def]
    enrollment = training.enroll(user=agent, path=path)
    for module in path.modules.order_by("position"):
        training.complete_module(
            user=agent,
            enrollment_id=enrollment.pk,
            module_id=module.pk,
            answers=right_answers(module),
        )


def test_an_english_speaking_lead_assigns_training_that_a_spanish_agent_reads_in_spanish(
    client, django_capture_on_commit_callbacks, team_lead, agent, path
):
    # given a lead working in English and an agent reading in Spanish
    assert team_lead.preferred_language == "en"
    speaks(agent, "es")

    # when the lead assigns a path with a due date from an English page
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        training.assign_path(
            actor=team_lead,
            agent=agent,
            path=path,
            due_on=dt.date(2026, 7, 1),
            today=dt.date(2026, 6, 15),
        )

    # then the agent reads the path's Spanish name and a Spanish date
    text = visible_text(client, agent, reverse("notifications:list"))
    assert f"Se te asignó la formación “{SPANISH_NAME}”. Fecha límite: 1 de julio de 2026." in text
    assert ENGLISH_NAME not in text


def test_the_memo_of_a_completed_path_reads_in_each_readers_language(client, agent, path):
    # given an agent who completed the path while reading in English
    with translation.override("en"):
        complete_path(agent, path)
    entry = LedgerEntry.objects.get(account=agent, kind=LedgerEntry.Kind.TRAINING)

    # then in Spanish the points history names the path in Spanish
    speaks(agent, "es")
    text = visible_text(client, agent, reverse("recognition:my_points"))
    assert f'Formación completada\n          <span class="muted">— {SPANISH_NAME}' in text
    assert ENGLISH_NAME not in text

    # and in English, the same row names it in English
    speaks(agent, "en")
    text = visible_text(client, agent, reverse("recognition:my_points"))
    assert f'Training completed\n          <span class="muted">— {ENGLISH_NAME}' in text
    assert SPANISH_NAME not in text
    assert LedgerEntry.objects.get(pk=entry.pk).memo_params == entry.memo_params


def test_the_ledger_api_answers_the_memo_in_the_readers_language(client, agent, path):
    complete_path(agent, path)
    client.force_login(speaks(agent, "es"))

    spanish = client.get(reverse("api:recognition-ledger")).json()["results"]
    speaks(agent, "en")
    english = client.get(reverse("api:recognition-ledger")).json()["results"]

    assert [e["memo"] for e in spanish if e["kind"] == "training"] == [SPANISH_NAME]
    assert [e["memo"] for e in english if e["kind"] == "training"] == [ENGLISH_NAME]


def test_the_completion_notification_follows_the_reader(agent, path):
    complete_path(speaks(agent, "es"), path)
    notification = Notification.objects.get(user=agent, message_key="careers.training_completed")

    with translation.override("en"):
        assert notification.text == f"You completed “{ENGLISH_NAME}”. Well done!"
    with translation.override("es"):
        assert SPANISH_NAME in notification.text


def test_the_memo_keeps_the_path_name_after_the_path_is_renamed(agent, path, hr_admin):
    complete_path(agent, path)
    path.name_en, path.name_es = "Renamed", "Renombrada"
    path.save(update_fields=["name_en", "name_es"])

    entry = LedgerEntry.objects.get(account=agent, kind=LedgerEntry.Kind.TRAINING)
    with translation.override("es"):
        assert entry.memo_text == SPANISH_NAME
    # the ledger still adds up, memo columns and all
    call_command("verify_ledger")
