"""The e-mails allauth sends for Cuida: in the recipient's language, whoever asked and in
whatever language, and in Cuida's own layout (an HTML part with a plain-text twin)."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _html(message: mail.EmailMultiAlternatives) -> str:
    parts = [body for body, kind in message.alternatives if kind == "text/html"]
    assert len(parts) == 1, "the e-mail has no HTML part"
    return parts[0]


URL = re.compile(r"https?://[^\s\"'<>]+")


def _links(text: str) -> list[str]:
    return URL.findall(text)


def _prose(text: str) -> str:
    return URL.sub("", text)


def test_password_reset_asked_in_english_reaches_a_spanish_agent_in_spanish(
    client, agent, mailoutbox
):
    # given an agent who reads Cuida in Spanish, and someone asking from an English browser
    agent.preferred_language = "es"
    agent.save()

    # when they ask for a new password for the agent
    client.post(
        reverse("account_reset_password"), {"email": agent.email}, HTTP_ACCEPT_LANGUAGE="en"
    )

    # then the agent gets a Spanish e-mail in Cuida's layout, the link in both parts
    (message,) = mailoutbox
    html = _html(message)
    assert message.subject == "Restablece tu contraseña de Cuida"
    assert "Hola, Ana" in message.body
    assert "restablecer" in message.body.lower()
    assert "password" not in _prose(message.body).lower()
    assert '<html lang="es">' in html
    assert "Cuida" in html
    link = next(u for u in _links(message.body) if "/password/reset/key/" in u)
    assert link in html


def test_password_reset_asked_in_spanish_reaches_an_english_agent_in_english(
    client, agent, mailoutbox
):
    agent.preferred_language = "en"
    agent.save()

    client.post(
        reverse("account_reset_password"), {"email": agent.email}, HTTP_ACCEPT_LANGUAGE="es"
    )

    (message,) = mailoutbox
    assert message.subject == "Reset your Cuida password"
    assert "Hi Ana" in message.body
    assert '<html lang="en">' in _html(message)
    assert "contraseña" not in _prose(message.body)


def test_password_reset_for_an_unknown_address_answers_in_the_askers_language(client, mailoutbox):
    # nobody to take a language from: the e-mail speaks the language it was asked in
    client.post(
        reverse("account_reset_password"),
        {"email": "nadie@example.test"},
        HTTP_ACCEPT_LANGUAGE="es",
    )

    (message,) = mailoutbox
    assert message.to == ["nadie@example.test"]
    assert "contraseña" in message.subject
    assert '<html lang="es">' in _html(message)


def test_email_confirmation_speaks_the_owners_language(client, agent, mailoutbox):
    # given a Spanish agent whose browser is in English, adding a second address
    agent.preferred_language = "es"
    agent.save()
    EmailAddress.objects.create(user=agent, email=agent.email, primary=True, verified=True)
    client.post(reverse("account_login"), {"login": agent.email, "password": PASSWORD})

    # when allauth asks them to confirm it
    client.post(
        reverse("account_email"),
        {"action_add": "", "email": "ana.casa@example.test"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    # then the confirmation is in Spanish, with its link in both parts
    (message,) = mailoutbox
    html = _html(message)
    assert message.to == ["ana.casa@example.test"]
    assert message.subject == "Confirma tu dirección de correo para Cuida"
    assert '<html lang="es">' in html
    link = next(u for u in _links(message.body) if "/confirm-email/" in u)
    assert link in html


@pytest.mark.parametrize("language", ["es", "en"])
def test_account_emails_carry_no_remote_images_or_styles(client, agent, mailoutbox, language):
    # Mail clients block remote images and many strip <style>: the layout is inline.
    agent.preferred_language = language
    agent.save()

    client.post(reverse("account_reset_password"), {"email": agent.email})

    html = _html(mailoutbox[0])
    assert "<img" not in html
    assert "<link" not in html
    assert "<style" not in html
    assert "url(" not in html
    assert all("/password/reset/key/" in u for u in _links(html))
