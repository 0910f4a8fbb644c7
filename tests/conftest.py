"""Personas and test-suite plumbing shared by unit, integration and browser tests."""

from __future__ import annotations

import os
import shutil

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from people.models import Role
from tests.factories import MembershipFactory, TeamFactory, UserFactory

IN_CI = os.environ.get("CI", "").lower() == "true"


def _integration_services_missing() -> str | None:
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith(("postgres://", "postgresql://")):
        return "DATABASE_URL does not point to PostgreSQL"
    if not os.environ.get("REDIS_URL"):
        return "REDIS_URL is not set"
    return None


def _browser_missing() -> str | None:
    if shutil.which("chromium") is None:
        return "Debian's chromium is not installed (apt-get install chromium)"
    return None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Browser tests last, whatever order the plugins left (Playwright keeps an event loop in
    the main thread for the rest of the session, which Django takes for an async context);
    skip integration/e2e tests clearly when their services are absent, except in CI."""
    items[:] = sorted(items, key=lambda item: item.get_closest_marker("e2e") is not None)
    reasons = {"integration": _integration_services_missing(), "e2e": _browser_missing()}
    for marker, reason in reasons.items():
        marked = [item for item in items if item.get_closest_marker(marker)]
        if not marked or reason is None:
            continue
        if IN_CI:
            raise pytest.UsageError(
                f"CI=true but {len(marked)} {marker} tests cannot run: {reason}"
            )
        config.stash.setdefault(_skipped_key, []).append(f"{len(marked)} {marker} tests: {reason}")
        for item in marked:
            item.add_marker(pytest.mark.skip(reason=f"{marker} tests need it: {reason}"))


_skipped_key = pytest.StashKey[list]()


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    for line in config.stash.get(_skipped_key, []):
        terminalreporter.write_line(f"NOT RUN (services missing) - {line}", yellow=True, bold=True)


@pytest.fixture(scope="session", autouse=True)
def _flush_may_empty_the_ledger():  # type: ignore[no-untyped-def]
    """On PostgreSQL the ledger refuses TRUNCATE (recognition migration 0005), and a
    transactional test ends by flushing every table with one TRUNCATE. That flush alone
    opts in, for its own transaction only: the test that tries TRUNCATE still meets the
    trigger."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):  # type: ignore[no-untyped-def]
        return original(self, ["SET LOCAL cuida.allow_ledger_truncate = 'on'", *sql_list])

    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]
    yield
    DatabaseOperations.execute_sql_flush = original  # type: ignore[method-assign]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, request):  # type: ignore[no-untyped-def]
    """Unit tests: fast hashing, a private in-memory cache and in-process tasks."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Web push starts off whatever a developer's .env says (generate_vapid_keys >> .env);
    # its tests set the keys they need.
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    if request.node.get_closest_marker("integration"):
        yield
        return
    from django.core.cache import cache

    from config.celery import app as celery_app

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    eager, propagates = celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager, celery_app.conf.task_eager_propagates = eager, propagates


# --- Personas (conventions §19) ----------------------------------------------------------


@pytest.fixture
def team(db):  # type: ignore[no-untyped-def]
    return TeamFactory(name="Soporte")


@pytest.fixture
def other_team(db):  # type: ignore[no-untyped-def]
    return TeamFactory(name="Ventas")


@pytest.fixture
def agent(team):  # type: ignore[no-untyped-def]
    return MembershipFactory(
        team=team, role=Role.AGENT, user=UserFactory(display_name="Ana Agent")
    ).user


@pytest.fixture
def teammate(team):  # type: ignore[no-untyped-def]
    return MembershipFactory(
        team=team, role=Role.AGENT, user=UserFactory(display_name="Tomás Teammate")
    ).user


@pytest.fixture
def other_team_agent(other_team):  # type: ignore[no-untyped-def]
    return MembershipFactory(
        team=other_team, role=Role.AGENT, user=UserFactory(display_name="Olga Outsider")
    ).user


@pytest.fixture
def team_lead(team):  # type: ignore[no-untyped-def]
    return MembershipFactory(
        team=team, role=Role.LEAD, user=UserFactory(display_name="Lía Lead")
    ).user


@pytest.fixture
def other_team_lead(other_team):  # type: ignore[no-untyped-def]
    return MembershipFactory(
        team=other_team, role=Role.LEAD, user=UserFactory(display_name="Óscar Other Lead")
    ).user


@pytest.fixture
def hr_admin(db):  # type: ignore[no-untyped-def]
    user = UserFactory(display_name="Hilda HR")
    user.groups.add(Group.objects.get_or_create(name="HR")[0])
    return user


@pytest.fixture
def staff_user(db):  # type: ignore[no-untyped-def]
    return UserFactory(display_name="Sam Staff", is_staff=True, is_superuser=True)


@pytest.fixture
def anonymous():  # type: ignore[no-untyped-def]
    return AnonymousUser()


@pytest.fixture
def api_client():  # type: ignore[no-untyped-def]
    from rest_framework.test import APIClient

    return APIClient()
