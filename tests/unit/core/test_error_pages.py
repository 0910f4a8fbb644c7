"""The error pages a person may meet are Cuida's own, in their language, with a way home:
404 and 403 inside the app's layout, 500, 400 and an expired form on a page that needs no
database. `make run` shows them too: development settings keep DEBUG off unless asked."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test import Client, RequestFactory
from django.utils import translation

from core.views import server_error

ROOT = Path(__file__).resolve().parents[3]

pytestmark = pytest.mark.django_db


def _browser(language: str, **extra: object) -> Client:
    # Collect the answer a browser gets, rather than raise the server's exception.
    return Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language, **extra)


SERVER_ERROR = {
    "es": ("Algo falló de nuestro lado", "No fue algo que hicieras", "Volver a tu inicio"),
    "en": ("Something went wrong on our side", "It was not something you did", "Back to"),
}


@pytest.mark.urls("tests.unit.core.failing_urls")
@pytest.mark.parametrize("language", ["es", "en"])
def test_a_server_error_shows_the_designed_page_in_the_persons_language(language, settings):
    settings.ADMINS = []

    response = _browser(language).get("/test-failure/")

    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    for words in SERVER_ERROR[language]:
        assert words in page
    assert 'href="/"' in page
    assert "css/app.css" in page
    # Nobody is told, so the page does not say anyone was.
    assert "have been sent the details" not in page
    assert "recibieron los detalles" not in page


@pytest.mark.urls("tests.unit.core.failing_urls")
def test_the_server_error_page_says_the_team_knows_only_when_it_is_told(settings, mailoutbox):
    settings.ADMINS = [("ops@example.org", "ops@example.org")]

    response = _browser("en").get("/test-failure/")

    assert response.status_code == 500
    assert "have been sent the details" in response.content.decode()
    assert [message.to for message in mailoutbox] == [["ops@example.org"]]


def test_the_server_error_page_shows_when_the_database_is_down(agent, monkeypatch):
    # given a signed-in person, whose session, account and navigation counters all come
    # from the database
    client = _browser("es")
    client.force_login(agent)

    # when the database refuses every connection
    def refuse(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection to server at 127.0.0.1:5432 refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", refuse)
    response = client.get("/")

    # then the server-error page still shows, in the language the browser asked for
    assert response.status_code == 500
    page = response.content.decode()
    assert "Algo falló de nuestro lado" in page
    assert 'href="/"' in page


def test_the_server_error_page_renders_without_a_request_or_database(
    django_assert_num_queries,
):
    request = RequestFactory().get("/careers/")
    with translation.override("en"), django_assert_num_queries(0):
        response = server_error(request)

    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


@pytest.mark.urls("tests.unit.core.failing_urls")
def test_a_server_error_under_the_api_answers_in_its_error_shape():
    response = _browser("es").get("/api/v1/test-failure/")

    assert response.status_code == 500
    assert response.json() == {
        "detail": "Algo falló de nuestro lado. Inténtalo de nuevo.",
        "errors": {},
    }


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("es", ("No encontramos esa página", "Puede que la dirección", "/careers/nada/")),
        ("en", ("We could not find that page", "The address may be mistyped", "/careers/nada/")),
    ],
)
def test_the_not_found_page_explains_and_leads_home(language, words, settings):
    settings.DEBUG = False

    response = _browser(language).get("/careers/nada/")

    assert response.status_code == 404
    page = response.content.decode()
    for word in words:
        assert word in page
    assert "css/errors.css" in page
    assert 'class="button primary" href="/"' in page


def test_a_page_for_another_role_says_whom_to_ask(agent):
    client = _browser("es")
    agent.preferred_language = "es"
    agent.save(update_fields=["preferred_language"])
    client.force_login(agent)

    response = client.get("/hr/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "Esta página no es para ti" in page
    assert "pídelo a tu líder de equipo o a RR. HH." in page
    assert 'class="button primary" href="/"' in page


def test_an_expired_form_says_what_to_do():
    client = _browser("es", enforce_csrf_checks=True)

    response = client.post("/accounts/login/", {"login": "ana@example.org", "password": "x"})

    assert response.status_code == 403
    page = response.content.decode()
    assert "Este formulario caducó" in page
    assert "recarga la página" in page
    assert "css/app.css" in page


def test_a_request_for_an_unknown_host_gets_the_designed_bad_request_page():
    response = _browser("en", HTTP_HOST="not-ours.example.org").get("/")

    assert response.status_code == 400
    page = response.content.decode()
    assert "We could not understand that request" in page
    assert "css/app.css" in page


# --- What `make run` serves ----------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:  # noqa: S310 - local server
            return answer.status, answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def demo_server(tmp_path):  # type: ignore[no-untyped-def]
    """The development server as scripts/run.sh starts it, with the environment a new user
    has: no DEBUG, no DATABASE_URL (an empty SQLite file is enough for anonymous pages)."""
    port = _free_port()
    dropped = {"DEBUG", "DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_ENV"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        PORT=str(port),
        HOST="127.0.0.1",
    )
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                _get(f"{base}/healthz")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(server.stderr.read() if server.stderr else "") from None
                time.sleep(0.3)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=20)


@pytest.mark.parametrize("url", ["/no-such-page/", "/recognition/no-such-page/"])
def test_make_run_shows_the_designed_not_found_page_not_the_technical_one(demo_server, url):
    status, page = _get(f"{demo_server}{url}")

    assert status == 404
    assert "No encontramos esa página" in page
    assert "Using the URLconf" not in page  # Django's technical 404 lists every URL
    assert "DEBUG = True" not in page


def test_make_run_still_serves_static_files_with_debug_off(demo_server):
    for asset in ("/static/css/app.css", "/static/css/errors.css"):
        status, body = _get(f"{demo_server}{asset}")
        assert status == 200, asset
        assert "{" in body
