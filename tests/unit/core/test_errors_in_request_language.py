"""Every error a person can read goes through gettext (issue 12 §4): API errors answer in
the request's language (the signed-in person's, else Accept-Language, else Spanish), and no
service, serializer, form or permission raises a message written only in English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

APPS = ["core", "people", "wellbeing", "recognition", "performance", "careers", "notifications"]
# Exceptions and calls whose message reaches a person (page, API answer or form error).
USER_FACING_CALLS = {
    "DomainError",
    "PermissionDeniedError",
    "NotFoundError",
    "ConflictError",
    "InsufficientPointsError",
    "ValidationError",
    "PermissionDenied",
    "NotAuthenticated",
    "AuthenticationFailed",
    "ParseError",
    "NotFound",
    "InvalidCondition",
    "add_error",
}
# Class attributes DRF and Django show as a message.
USER_FACING_ATTRIBUTES = {"message", "default_detail"}
GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy", "pgettext"}


def _name(node: ast.AST) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def _raw_text(node: ast.AST):  # type: ignore[no-untyped-def]
    """String literals with words in them, outside any gettext call."""
    if isinstance(node, ast.Call) and _name(node.func) in GETTEXT:
        return
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if " " in node.value.strip() and any(c.isalpha() for c in node.value):
            yield node
        return
    if isinstance(node, ast.JoinedStr):
        yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _raw_text(child)


def _untranslated(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        values: list[ast.AST] = []
        if isinstance(node, ast.Call) and _name(node.func) in USER_FACING_CALLS:
            values = [*node.args, *(k.value for k in node.keywords)]
        elif isinstance(node, ast.ClassDef):
            values = [
                item.value
                for item in node.body
                if isinstance(item, ast.Assign)
                and any(_name(t) in USER_FACING_ATTRIBUTES for t in item.targets)
            ]
        found += [
            f"{path}:{text.lineno}: {ast.unparse(text)[:80]}"
            for value in values
            for text in _raw_text(value)
        ]
    return found


def test_no_user_facing_error_is_written_only_in_english():
    root = Path(settings.BASE_DIR)
    sources = [
        path
        for app in APPS
        for path in (root / app).rglob("*.py")
        # operators' command-line messages and migrations are not read in the app
        if not {"migrations", "management"} & set(path.parts)
    ]
    assert len(sources) > 50
    offenders = [line for path in sources for line in _untranslated(path)]

    assert offenders == []


def test_the_guard_finds_an_untranslated_message(tmp_path):
    source = tmp_path / "services.py"
    source.write_text(
        "def f():\n"
        "    raise DomainError(_('Fine.'), errors={'x': ['Not translated here.']})\n"
        "class IsX:\n"
        "    message = 'Only X can do this.'\n"
    )

    assert len(_untranslated(source)) == 2


# --- API answers in the request's language ------------------------------------------------


def signed_in(user, language: str) -> APIClient:  # type: ignore[no-untyped-def]
    """A session, as the pages' own API calls have: the person's language wins."""
    user.preferred_language = language
    user.save(update_fields=["preferred_language"])
    client = APIClient()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("language", "expected"), [("es", "Zona horaria desconocida."), ("en", "Unknown time zone.")]
)
def test_profile_field_errors_speak_the_persons_language(agent, language, expected):
    response = signed_in(agent, language).patch(
        reverse("api:me"), {"time_zone": "Mars/Olympus_Mons"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"time_zone": [expected]}
    agent.refresh_from_db()
    assert agent.time_zone != "Mars/Olympus_Mons"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("es", "Solo los líderes de equipo y RR. HH. pueden hacer esto."), ("en", None)],
)
def test_a_refused_role_is_explained_in_the_persons_language(agent, language, expected):
    response = signed_in(agent, language).post(
        reverse("api:recognition-award"),
        {"badge": "kind-words", "recipient": agent.pk},
        format="json",
    )

    assert response.status_code == 403
    assert response.json()["detail"] == (expected or "Only team leads and HR can do this.")


def test_an_unknown_badge_is_named_in_the_persons_language(team_lead, agent):
    response = signed_in(team_lead, "es").post(
        reverse("api:recognition-award"),
        {"badge": "no-such-badge", "recipient": agent.pk},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"badge": ["Insignia desconocida o inactiva."]}


def test_erasing_without_confirmation_is_explained_in_spanish(agent):
    response = signed_in(agent, "es").delete(reverse("api:wellbeing-my-data"))

    assert response.status_code == 400
    assert response.json()["errors"] == {"confirm": ["Envía confirm=true para borrar tus datos."]}


def test_check_ins_from_the_future_are_refused_in_spanish(agent):
    response = signed_in(agent, "es").get(
        reverse("api:wellbeing-check-in-list"), {"date_from": "2999-01-01"}
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"date_from": ["Las fechas no pueden estar en el futuro."]}


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-US,en;q=0.9", "Unknown time zone."),
        ("es-MX,es;q=0.9", "Zona horaria desconocida."),
        (None, "Zona horaria desconocida."),
    ],
)
def test_a_client_without_a_session_gets_errors_in_its_accept_language(
    agent, accept_language, expected
):
    # given a script authenticated without a session (a token): no person's page language
    client = APIClient()
    client.force_authenticate(agent)
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}

    response = client.patch(
        reverse("api:me"), {"time_zone": "Mars/Olympus_Mons"}, format="json", **headers
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"time_zone": [expected]}
