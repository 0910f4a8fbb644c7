"""Cuida installs on a phone's home screen: a manifest in the reader's language, icons of
the sizes it claims, and a service worker that keeps only the static shell and an offline
page — never a page or an API answer, which carry someone's personal data."""

from __future__ import annotations

import json
import re
import struct
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse
from PIL import Image

from core import pwa

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]


def _static_file(url: str) -> Path:
    """The file behind a static URL, as the development server would serve it."""
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    assert url.startswith(prefix), url
    found = finders.find(url.removeprefix(prefix))
    assert found, f"{url} is no static file"
    return Path(found)


def _png_size(path: Path) -> tuple[int, int]:
    """Width and height from the PNG header (signature, then the IHDR chunk)."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    assert header[12:16] == b"IHDR"
    return struct.unpack(">II", header[16:24])


class Head(HTMLParser):
    """The <link> and <meta> elements of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.metas: dict[str, str] = {}
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link":
            self.links.append(attributes)
        elif tag == "meta" and "name" in attributes:
            self.metas[attributes["name"]] = attributes.get("content", "")
        elif tag == "script":
            self.scripts += 1

    def link(self, rel: str) -> dict[str, str]:
        found = [link for link in self.links if link.get("rel") == rel]
        assert len(found) == 1, f"{len(found)} <link rel={rel}>"
        return found[0]


def _head(response: Any) -> Head:
    head = Head()
    head.feed(response.content.decode())
    return head


def _service_worker_config(script: str) -> tuple[str, list[str], str]:
    """The cache name, the shell list and the offline URL written into the script."""
    cache = re.search(r'^const CACHE = "([^"]+)";$', script, re.MULTILINE)
    shell = re.search(r"^const SHELL = (\[.*\]);$", script, re.MULTILINE)
    offline = re.search(r"^const OFFLINE = (\".*\");$", script, re.MULTILINE)
    assert cache, "the script's configuration lines changed"
    assert shell, "the script's configuration lines changed"
    assert offline, "the script's configuration lines changed"
    return cache.group(1), json.loads(shell.group(1)), json.loads(offline.group(1))


# --- The manifest ------------------------------------------------------------------------


def test_every_page_links_the_manifest_icons_theme_colour_and_service_worker(client, agent):
    client.force_login(agent)

    head = _head(client.get(reverse("home")))

    manifest = head.link("manifest")
    assert manifest["href"] == reverse("manifest")
    # Sent with the session cookie, so the manifest follows the language the person chose.
    assert manifest["crossorigin"] == "use-credentials"
    assert head.metas["theme-color"] == pwa.THEME_COLOR
    assert head.metas["apple-mobile-web-app-capable"] == "yes"
    assert head.metas["mobile-web-app-capable"] == "yes"
    assert head.metas["apple-mobile-web-app-title"] == "Cuida"
    assert head.metas["service-worker"] == reverse("service_worker")
    apple = _static_file(head.link("apple-touch-icon")["href"])
    assert _png_size(apple) == (180, 180)
    icons = [link["href"] for link in head.links if link.get("rel") == "icon"]
    assert len(icons) == 2
    for href in icons:
        assert _static_file(href).stat().st_size > 0


def test_the_sign_in_page_links_the_manifest_too(client):
    head = _head(client.get(reverse("account_login")))

    assert head.link("manifest")["href"] == reverse("manifest")


def test_manifest_describes_an_installable_app_whose_icons_have_the_sizes_it_claims(client):
    response = client.get(reverse("manifest"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["short_name"] == "Cuida"
    assert manifest["start_url"] == "/"
    assert manifest["scope"] == "/"
    assert manifest["id"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["theme_color"] == pwa.THEME_COLOR
    assert manifest["background_color"] == pwa.BACKGROUND_COLOR
    sizes = set()
    for icon in manifest["icons"]:
        width, height = _png_size(_static_file(icon["src"]))
        assert icon["sizes"] == f"{width}x{height}", icon["src"]
        assert icon["type"] == "image/png"
        with Image.open(_static_file(icon["src"])) as image:
            assert image.size == (width, height)
        sizes.add((width, icon["purpose"]))
    # What Chrome asks of an installable app, and a maskable icon for Android's launchers.
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes
    for shortcut in manifest["shortcuts"]:
        assert client.get(shortcut["url"]).status_code in (200, 302)


def test_maskable_icon_fills_its_square_so_no_launcher_shows_a_transparent_edge():
    path = finders.find("icons/icon-maskable-512.png")

    with Image.open(path) as image:
        alpha = image.convert("RGBA").getchannel("A")

    assert alpha.getextrema() == (255, 255)


def test_favicons_exist_in_the_sizes_browsers_ask_for(client):
    with Image.open(finders.find("icons/favicon.ico")) as ico:
        assert {(16, 16), (32, 32), (48, 48)} <= set(ico.info["sizes"])
    svg = Path(finders.find("icons/favicon.svg")).read_text()
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')

    response = client.get("/favicon.ico")

    assert response.status_code == 302
    assert _static_file(response["Location"]) == Path(finders.find("icons/favicon.ico"))


SPANISH = {
    "lang": "es",
    "name": "Cuida: bienestar y reconocimiento",
    "description": "Registra cómo te sientes, agradece a tu equipo y sigue tu crecimiento.",
    "shortcuts": ["Hacer mi registro", "Dar un reconocimiento"],
}
ENGLISH = {
    "lang": "en",
    "name": "Cuida: wellbeing and recognition",
    "description": "Check in with how you feel, thank your teammates and follow your growth.",
    "shortcuts": ["Check in now", "Give kudos"],
}


@pytest.mark.parametrize(
    ("accept_language", "expected"), [(None, SPANISH), ("es", SPANISH), ("en", ENGLISH)]
)
def test_manifest_speaks_the_browsers_language_spanish_by_default(accept_language, expected):
    headers = {"accept-language": accept_language} if accept_language else {}

    manifest = Client(headers=headers).get(reverse("manifest")).json()

    assert {
        "lang": manifest["lang"],
        "name": manifest["name"],
        "description": manifest["description"],
        "shortcuts": [shortcut["name"] for shortcut in manifest["shortcuts"]],
    } == expected


def test_manifest_follows_the_language_a_signed_in_person_chose(agent):
    # given an agent who reads Cuida in Spanish on a browser set to English
    agent.preferred_language = "es"
    agent.save(update_fields=["preferred_language"])
    client = Client(headers={"accept-language": "en"})
    client.force_login(agent)

    response = client.get(reverse("manifest"))

    assert response.json()["name"] == "Cuida: bienestar y reconocimiento"
    assert "Cookie" in response["Vary"]


# --- The service worker ------------------------------------------------------------------


def test_service_worker_is_javascript_for_the_whole_site_and_never_pinned_by_a_cache(client):
    response = client.get("/sw.js")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Service-Worker-Allowed"] == "/"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    # Every visit asks the server again (browsers cap a worker's HTTP caching at a day, but
    # a deploy should not wait that long).
    assert "no-cache" in cache_control
    assert {part for part in cache_control if "max-age" in part} <= {"max-age=0"}
    assert "immutable" not in cache_control


def test_service_worker_stores_only_static_files_and_the_offline_page(client, agent):
    # given a signed-in agent, whose pages and API answers are personal
    client.force_login(agent)

    script = client.get(reverse("service_worker")).content.decode()

    _cache, shell, offline = _service_worker_config(script)
    assert offline == reverse("offline")
    pages = [url for url in shell if not url.startswith("/" + settings.STATIC_URL.lstrip("/"))]
    assert pages == [reverse("offline")]
    for url in shell:
        if url != offline:
            assert _static_file(url).suffix in {".css", ".js", ".png", ".svg"}, url
    assert "/static/css/app.css" in shell
    assert "/static/js/app.js" in shell
    assert {icon for icon in shell if "/icons/" in icon} >= {
        "/static/icons/icon-192.png",
        "/static/icons/icon-512.png",
        "/static/icons/apple-touch-icon.png",
    }
    # The only writes to a cache: the install (the shell list) and the offline page's
    # language; pages and API answers pass through untouched.
    assert re.findall(r"cache\.(add|addAll|put)\((\w+)", script) == [
        ("addAll", "SHELL"),
        ("put", "OFFLINE"),
    ]
    assert agent.display_name not in script
    assert agent.email not in script


def test_service_worker_cache_is_renamed_when_a_static_file_changes(settings, tmp_path, client):
    # given the project's static files in a directory of their own
    static = tmp_path / "static"
    for path in (ROOT / "static").rglob("*"):
        if path.is_file():
            target = static / path.relative_to(ROOT / "static")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    settings.STATICFILES_DIRS = [static]
    before, *_ = _service_worker_config(client.get("/sw.js").content.decode())

    # when a deploy changes the style sheet
    (static / "css" / "app.css").write_text("body { color: black; }\n")
    after, *_ = _service_worker_config(client.get("/sw.js").content.decode())

    # then the worker's script names another cache: browsers install it, and it deletes the
    # old one when it activates
    assert before != after
    assert before.startswith("cuida-shell-")
    assert after.startswith("cuida-shell-")


def test_service_worker_is_the_same_script_for_everybody(client, agent, hr_admin):
    anonymous = client.get("/sw.js").content
    client.force_login(agent)
    as_agent = client.get("/sw.js").content
    client.force_login(hr_admin)
    as_hr = client.get("/sw.js").content

    assert anonymous == as_agent == as_hr


def test_app_script_registers_the_worker_named_by_the_page():
    script = (ROOT / "static" / "js" / "app.js").read_text()

    assert "document.querySelector('meta[name=\"service-worker\"]')" in script
    assert "navigator.serviceWorker.register(serviceWorker.content)" in script


# --- The offline page --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "heading", "retry"),
    [("es", "Estás sin conexión", "Intentar de nuevo"), ("en", "You are offline", "Try again")],
)
def test_offline_page_speaks_the_readers_language(language, heading, retry):
    response = Client(headers={"accept-language": language}).get(reverse("offline"))

    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in page
    assert f"<h1>{heading}</h1>" in page
    assert retry in page


def test_offline_page_holds_nothing_about_the_person_who_fetched_it(client, agent):
    # given a signed-in agent, whose browser stores this page for offline use
    client.force_login(agent)

    response = client.get(reverse("offline"))

    page = response.content.decode()
    assert agent.display_name not in page
    assert agent.email not in page
    assert "csrfmiddlewaretoken" not in page
    assert 'name="language"' not in page  # the switcher would carry a CSRF token
    assert reverse("account_logout") not in page
    assert _head(response).scripts == 0
    # and it looks like the rest of Cuida, with the files the service worker keeps
    head = _head(response)
    stylesheet = head.link("stylesheet")["href"]
    shell = _service_worker_config(client.get("/sw.js").content.decode())[1]
    assert stylesheet in shell
    assert 'class="topbar"' in page
