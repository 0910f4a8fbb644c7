"""What makes Cuida installable on a phone: the web app manifest, the static shell the
service worker keeps for offline use, and the version that names its cache.

The shell is every file of the project's own ``static/`` directory that a page loads (style
sheets, scripts, icons) plus the offline page. Nothing else is ever stored by the service
worker (``templates/core/service_worker.js``): pages carry personal data and the API answers
for one person, so both always come from the network.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import FileSystemFinder
from django.contrib.staticfiles.storage import staticfiles_storage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

# The colours of static/css/app.css: --accent for the browser's bars, --bg behind the splash.
THEME_COLOR = "#2f7a6b"
BACKGROUND_COLOR = "#f7f6f3"

# Files of static/ the shell takes, by extension; vendored licences and sources stay out.
SHELL_EXTENSIONS = (".css", ".js", ".png", ".svg")
OFFLINE_TEMPLATE = "core/offline.html"


@dataclass(frozen=True)
class Icon:
    path: str  # under static/
    size: int
    purpose: str = "any"
    type: str = "image/png"


# Drawn by scripts/make_icons.py; tests/unit/core/test_installable.py opens each file and
# checks the size claimed here.
MANIFEST_ICONS = (
    Icon("icons/icon-192.png", 192),
    Icon("icons/icon-512.png", 512),
    Icon("icons/icon-maskable-512.png", 512, purpose="maskable"),
)
APPLE_TOUCH_ICON = Icon("icons/apple-touch-icon.png", 180)


def manifest() -> dict[str, Any]:
    """The web app manifest in the active language."""
    return {
        "id": reverse("home"),
        "name": _("Cuida: wellbeing and recognition"),
        "short_name": "Cuida",
        "description": _(
            "Check in with how you feel, thank your teammates and follow your growth."
        ),
        "lang": translation.get_language(),
        "dir": "rtl" if translation.get_language_bidi() else "ltr",
        "start_url": reverse("home"),
        "scope": reverse("home"),
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOR,
        "background_color": BACKGROUND_COLOR,
        "categories": ["business", "health", "productivity"],
        "icons": [
            {
                "src": staticfiles_storage.url(icon.path),
                "sizes": f"{icon.size}x{icon.size}",
                "type": icon.type,
                "purpose": icon.purpose,
            }
            for icon in MANIFEST_ICONS
        ],
        # A long press on the home-screen icon (Android) offers the two everyday tasks.
        "shortcuts": [
            {"name": _("Check in now"), "url": reverse("wellbeing:check_in")},
            {"name": _("Give kudos"), "url": reverse("recognition:give")},
        ],
    }


def _shell_files() -> list[tuple[str, Any]]:
    """(path under static/, its storage) for each shell file of the project's static/."""
    return sorted(
        (path, storage)
        for path, storage in FileSystemFinder().list(ignore_patterns=[])
        if path.endswith(SHELL_EXTENSIONS)
    )


def shell_urls() -> list[str]:
    """The URLs the service worker stores on install: static files (hashed names in
    production, so a deploy that changes a file changes its URL) and the offline page."""
    return [staticfiles_storage.url(path) for path, _storage in _shell_files()] + [
        reverse("offline")
    ]


def shell_version() -> str:
    """A digest of everything the shell holds: the static files' contents and the offline
    page in every language. A deploy that changes any of them changes the service worker's
    script, so browsers install it and it replaces the old cache."""
    digest = hashlib.sha256()
    for path, storage in _shell_files():
        digest.update(path.encode())
        with storage.open(path) as file:
            digest.update(file.read())
    for url in shell_urls():
        digest.update(url.encode())
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            digest.update(render_to_string(OFFLINE_TEMPLATE).encode())
    return digest.hexdigest()[:16]
