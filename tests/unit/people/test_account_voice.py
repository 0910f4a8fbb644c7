"""One voice: Cuida says "tú", and so do allauth's account and two-factor pages, whose own
Spanish says "usted" (people/allauth_wording.py lists the messages Cuida re-translates)."""

from __future__ import annotations

import re
from pathlib import Path

import allauth
import django
import polib
import pytest
from django.urls import reverse

from people.allauth_wording import ALLAUTH_MESSAGES, DJANGO_MESSAGES
from tests.factories import PASSWORD
from tests.site_map import (
    ACTIONS,
    PAGES,
    build_world,
    configure_deployment,
    open_url,
    project_urls,
    signed_in,
)
from tests.unit.core.test_language_purity import visible_text

pytestmark = pytest.mark.django_db

ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale/es/LC_MESSAGES/django.po"
AUTH_CATALOGUE = Path(django.__file__).parent / "contrib/auth/locale/es/LC_MESSAGES/django.po"

# What "usted" sounds like in allauth's Spanish: the pronoun and its possessive, formal
# imperatives and third-person verbs addressed to the reader.
FORMAL = re.compile(
    r"\b(?:[Uu]sted(?:es)?|[Ss]us?|[Ll]e (?:hemos|enviaremos|pedimos)|[Pp]or favor|"
    r"Ingrese|Introduzca|Introdúzcalo|Escriba|Confirme|Verifique|Escanee|Haga|Siga|"
    r"Compruebe|Póngase|Utilice|Use|Inicie|Solicite|Vuelva|Añada|Elimine|Guarde|"
    r"[Dd]esea|[Ee]stá (?:seguro|a punto)|[Hh]a (?:olvidado|iniciado|cerrado|confirmado|"
    r"decidido|recibido)|[Tt]iene alguna|Puede (?:guardar|eliminar|añadir)|[Oo]lvidó)\b"
)


def formal_phrases(html: str) -> list[str]:
    text = visible_text(html)
    return [line for line in text.splitlines() if FORMAL.search(line)]


def _msgids(path: Path) -> set[str]:
    return {entry.msgid for entry in polib.pofile(str(path))}


def test_every_rewritten_message_is_still_the_packages():
    # An upgrade that rewords a message would bring its "usted" back unnoticed.
    allauth_ids, auth_ids = _msgids(ALLAUTH_CATALOGUE), _msgids(AUTH_CATALOGUE)
    # The plural rule is a lazy translation: the pages test below reads it in use.
    django_messages = [m for m in DJANGO_MESSAGES if isinstance(m, str)]

    assert [m for m in ALLAUTH_MESSAGES if m not in allauth_ids] == []
    assert [m for m in django_messages if m not in auth_ids] == []


def test_formal_phrases_are_recognised():
    html = "<p>¿Ha olvidado su contraseña?</p><p>Introduzca su correo.</p><p>Escribe tu correo.</p>"

    assert formal_phrases(html) == ["¿Ha olvidado su contraseña?", "Introduzca su correo."]


@pytest.fixture(autouse=True)
def _deployment(settings, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    configure_deployment(settings, monkeypatch, tmp_path)


def test_account_pages_say_tu(django_capture_on_commit_callbacks):
    # given everyone who may open an account or two-factor page, reading Cuida in Spanish
    world = build_world(django_capture_on_commit_callbacks)
    clients = {viewer: signed_in(viewer, world) for viewer in ("agent", "lead", "anonymous")}

    # when they open each page
    found = []
    for key in sorted(set(project_urls()) - ACTIONS):
        page = PAGES[key]
        url = open_url(page, key, world)
        if not url.startswith("/accounts/") or not page.html:
            continue
        for viewer in {v if v in clients else "agent" for v in page.viewers}:
            response = clients[viewer].get(url, follow=True)
            found += [f"{url} ({viewer}): {line}" for line in formal_phrases(response.text)]

    # then none addresses them as "usted"
    assert found == [], "\n".join(found)


def test_account_messages_and_errors_say_tu(client, agent):
    # given a Spanish agent with a confirmed address
    agent.preferred_language = "es"
    agent.save()
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "es"
    wrong = {"login": agent.email, "password": "not-the-password"}

    # when they mistype their password, sign in, change it wrongly, and sign out
    pages = [client.post(reverse("account_login"), wrong)]
    pages.append(
        client.post(reverse("account_login"), {**wrong, "password": PASSWORD}, follow=True)
    )
    pages.append(
        client.post(
            reverse("account_change_password"),
            {"oldpassword": "nope", "password1": "Nueva-clave-42", "password2": "Otra-clave-42"},
        )
    )
    pages.append(client.post(reverse("account_logout"), follow=True))

    # then every message and error they read says "tú"
    assert [formal_phrases(page.text) for page in pages] == [[], [], [], []]
    assert "Iniciaste sesión como" in pages[1].text
    assert "Cerraste sesión." in pages[3].text
