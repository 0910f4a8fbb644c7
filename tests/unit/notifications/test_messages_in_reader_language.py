"""Notifications are stored as a message key and parameters and read in the reader's
language (issue 12 §4): an English-speaking writer never freezes a Spanish reader's
notification in English, and a reader who switches language sees their old messages in
the new one."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse
from django.utils import translation

from notifications.messages import MESSAGES, bilingual, render_message
from notifications.models import Notification
from notifications.services import notify
from recognition.models import ValueTag
from recognition.services.kudos import give_kudos

pytestmark = pytest.mark.django_db

LIST_URL = reverse("notifications:list")


def page_text(client, user) -> str:  # type: ignore[no-untyped-def]
    client.force_login(user)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def switch_language(user, language: str) -> None:  # type: ignore[no-untyped-def]
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])


@pytest.fixture
def spanish_agent(agent):  # type: ignore[no-untyped-def]
    switch_language(agent, "es")
    return agent


def test_kudos_from_an_english_speaking_colleague_reach_a_spanish_agent_in_spanish(
    client, settings, spanish_agent, teammate
):
    # given a colleague who uses Cuida in English, writing from an English page
    settings.KUDOS_MONTHLY_ALLOWANCE = 100
    assert teammate.preferred_language == "en"

    # when they thank the Spanish-speaking agent with points
    with translation.override("en"):
        give_kudos(
            giver=teammate,
            recipient_ids=[spanish_agent.pk],
            message="Thanks for covering my queue!",
            value_slugs=["empathy"],
            points_each=10,
        )

    # then the agent reads it in Spanish, stored and on the page
    notification = Notification.objects.get(user=spanish_agent, kind="kudos")
    assert notification.message == "Tomás Teammate te dio las gracias y 10 puntos."
    text = page_text(client, spanish_agent)
    assert "Tomás Teammate te dio las gracias y 10 puntos." in text
    assert "thanked you" not in text


def test_a_reader_who_switches_language_reads_their_old_notifications_in_the_new_one(
    client, settings, spanish_agent, teammate
):
    # given a notification written while the agent used Spanish
    settings.KUDOS_MONTHLY_ALLOWANCE = 100
    give_kudos(
        giver=teammate,
        recipient_ids=[spanish_agent.pk],
        message="¡Gracias!",
        value_slugs=["empathy"],
    )

    # when the agent switches to English
    switch_language(spanish_agent, "en")

    # then the same notification reads in English
    text = page_text(client, spanish_agent)
    assert "Tomás Teammate thanked you." in text
    assert "te dio las gracias" not in text


def test_names_of_bilingual_objects_follow_the_reader(client, agent):
    # given a notification naming a company value, written in English for an English reader
    value = ValueTag.objects.get(slug="empathy")
    notify(
        user=agent,
        kind="badge",
        message_key="recognition.badge_earned",
        params={"badge": bilingual(value)},
    )
    assert value.name_en in page_text(client, agent)

    # when the reader switches to Spanish, the value's Spanish name is shown
    switch_language(agent, "es")
    text = page_text(client, agent)
    assert f"Ganaste la insignia “{value.name_es}”." in text
    assert value.name_en not in text


def test_the_name_stays_after_the_object_is_renamed_or_deleted(agent):
    value = ValueTag.objects.get(slug="empathy")
    notification = notify(
        user=agent,
        kind="badge",
        message_key="recognition.badge_earned",
        params={"badge": bilingual(value)},
    )
    ValueTag.objects.filter(pk=value.pk).delete()

    notification.refresh_from_db()
    with translation.override("es"):
        assert value.name_es in notification.text
    with translation.override("en"):
        assert value.name_en in notification.text


def test_notifications_written_before_message_keys_show_their_stored_text(client, agent):
    # given a row from before keys existed: only the text in the writer's language
    Notification.objects.create(user=agent, kind="training", message="Formación asignada.")

    # then it is shown as stored, whatever the reader's language
    assert "Formación asignada." in page_text(client, agent)
    switch_language(agent, "es")
    assert "Formación asignada." in page_text(client, agent)


def test_parameters_that_no_longer_fit_fall_back_to_the_stored_text(agent):
    notification = Notification.objects.create(
        user=agent,
        kind="kudos",
        message="Ana te dio las gracias.",
        message_key="recognition.kudos_received",
        params={"someone": "Ana"},
    )

    assert notification.text == "Ana te dio las gracias."


def test_an_unknown_message_key_is_refused_and_nothing_is_written(agent):
    with pytest.raises(ValueError, match="no-such-message"):
        notify(user=agent, kind="kudos", message_key="no-such-message")

    assert not Notification.objects.exists()


def test_dates_follow_the_readers_format(agent):
    notification = notify(
        user=agent,
        kind="training",
        message_key="careers.training_assigned_due",
        params={"path": {"es": "Empatía", "en": "Empathy"}, "date": {"date": "2026-07-01"}},
    )

    with translation.override("es"):
        assert notification.text == (
            "Se te asignó la formación “Empatía”. Fecha límite: 1 de julio de 2026."
        )
    with translation.override("en"):
        assert notification.text == "You were assigned the training “Empathy”. Due July 1, 2026."


def test_every_message_reads_differently_in_spanish_and_english():
    # A message whose template is only a parameter carries both languages in it.
    for key, template in MESSAGES.items():
        if str(template).startswith("%(") and str(template).endswith(")s"):
            continue
        with translation.override("es"):
            spanish = str(template)
        with translation.override("en"):
            english = str(template)
        assert spanish != english, f"{key} has no Spanish translation"


def test_a_bilingual_parameter_falls_back_to_the_other_language_when_one_is_empty():
    with translation.override("en"):
        assert render_message("performance.feedback", {"text": {"es": "Bien hecho", "en": ""}}) == (
            "Bien hecho"
        )


def test_the_list_reads_no_more_rows_for_more_notifications(
    client, agent, django_assert_max_num_queries
):
    for n in range(20):
        notify(
            user=agent,
            kind="badge",
            message_key="recognition.badge_earned",
            params={"badge": {"es": f"Insignia {n}", "en": f"Badge {n}"}},
        )
    client.force_login(agent)

    with django_assert_max_num_queries(8):
        response = client.get(LIST_URL)

    assert "Badge 19" in response.content.decode()
