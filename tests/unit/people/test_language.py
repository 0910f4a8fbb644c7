from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.django_db
def test_spanish_speaker_sees_a_spanish_dashboard(client, agent):
    agent.preferred_language = "es"
    agent.save()
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert 'lang="es"' in page
    assert "Hola, Ana" in page
    assert "Cerrar sesión" in page


@pytest.mark.django_db
def test_switching_language_keeps_it_as_the_preference(client, agent):
    client.force_login(agent)

    response = client.post(reverse("people:set_language"), {"language": "es", "next": "/"})

    assert response.status_code == 302
    agent.refresh_from_db()
    assert agent.preferred_language == "es"
    assert "Hola" in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_language_switch_never_redirects_off_site(client):
    response = client.post(
        reverse("people:set_language"), {"language": "en", "next": "https://evil.example/"}
    )

    assert response.url == "/"


def test_every_message_has_a_spanish_translation():
    catalog = polib.pofile(str(ROOT / "locale/es/LC_MESSAGES/django.po"))

    missing = [e.msgid for e in catalog.untranslated_entries() + catalog.fuzzy_entries()]

    assert missing == []
    assert len(catalog.translated_entries()) > 50
