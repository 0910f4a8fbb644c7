"""Project-level guarantees: the schema, production settings and configuration errors."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from core.checks import compiled_translations

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    # The subprocess sees the settings a deployment would: none of the test-run variables.
    dropped = {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "test-only-5b2c0e9f4d7a8e1c3b6f9a2d5e8c1b4f7a0d3e6c9b2f5a8d1e4c7b0a3f6",
    "ALLOWED_HOSTS": "cuida.example.org",
    "CUIDA_BASE_URL": "https://cuida.example.org",
}


@pytest.mark.django_db
def test_openapi_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yml"))

    schema = (tmp_path / "s.yml").read_text()
    assert "/api/v1/me/" in schema
    assert "/api/v1/teams/{id}/members/" in schema


def test_check_deploy_is_clean_in_production_mode():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}

    result = run_manage("check", **env)

    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_its_public_address():
    # Open Badges ids are built from it: guessing from requests could change them. Without
    # CUIDA_BASE_URL only a wildcard ALLOWED_HOSTS leaves the address unknown.
    missing = {k: v for k, v in PRODUCTION.items() if k != "CUIDA_BASE_URL"}
    no_scheme = {**PRODUCTION, "CUIDA_BASE_URL": "cuida.example.org"}

    for env in (
        {**missing, "ALLOWED_HOSTS": "*"},
        {**missing, "ALLOWED_HOSTS": ".example.org"},
        no_scheme,
    ):
        result = run_manage("check", **env)
        assert result.returncode != 0
        assert "CUIDA_BASE_URL" in result.stderr


def test_production_names_itself_after_its_one_allowed_host_when_not_told():
    show = "from django.conf import settings; print(settings.CUIDA_BASE_URL)"
    missing = {k: v for k, v in PRODUCTION.items() if k != "CUIDA_BASE_URL"}

    derived = run_manage("shell", "-c", show, **missing)
    told = run_manage("shell", "-c", show, **{**PRODUCTION, "CUIDA_BASE_URL": "https://x.org/"})

    assert derived.stdout.strip().splitlines()[-1] == "https://cuida.example.org", derived.stderr
    assert told.stdout.strip().splitlines()[-1] == "https://x.org"


def test_development_keeps_debug_off_unless_asked():
    show = "from django.conf import settings; print(settings.DEBUG)"
    dev = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_ENV"}}

    default = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", show],
        cwd=ROOT,
        env=dev,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    asked = run_manage("shell", "-c", show, DEBUG="True")

    assert default.stdout.strip().splitlines()[-1] == "False", default.stderr
    assert asked.stdout.strip().splitlines()[-1] == "True", asked.stderr


def test_an_unknown_environment_name_fails_loudly():
    result = run_manage("check", DJANGO_ENV="staging")

    assert result.returncode != 0
    assert "DJANGO_ENV must be" in result.stderr


@pytest.mark.django_db
def test_api_docs_render(client, agent):
    client.force_login(agent)

    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert client.get("/api/schema/").status_code == 200
    # The machines that run Cuida may have no internet: every asset is served locally.
    import re

    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', docs.content.decode())
    assert assets
    assert all(a.startswith("/static/") for a in assets), assets


def test_check_deploy_warns_when_translations_are_not_compiled(settings, tmp_path):
    # given a catalogue whose .mo was never built
    po = tmp_path / "es" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text((ROOT / "locale/es/LC_MESSAGES/django.po").read_text())
    settings.LOCALE_PATHS = [tmp_path]

    warnings = compiled_translations()

    assert [w.id for w in warnings] == ["core.W001"]
    assert "make messages" in warnings[0].hint

    # when it is compiled, then the check is satisfied
    po.with_suffix(".mo").write_bytes(b"")
    assert compiled_translations() == []
