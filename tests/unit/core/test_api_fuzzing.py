"""Fuzz every operation of ``/api/schema/`` with schemathesis, as HR, as an agent and as an
integration (API key), in-process through Django's WSGI application and the test database.

Each case (valid and invalid input, as the schema describes it) must answer without a
server error, with a documented status code and content type, and with a body that matches
the schema; a refused case must write nothing (shared/design.md invariant 6). Path ids are
drawn from the rows the personas really have half of the time, so the checks reach the
services and not only the 404s.

Every case runs inside a savepoint that is rolled back afterwards: a DELETE of my data, a
decided redemption or a deleted level never spoils the next case, which sees the same rows.
Throttling is lifted (it would answer 429 after a few dozen cases). The run is derandomized,
so CI sees the same cases every time; ``FUZZ_EXAMPLES`` sets how many per operation, mode
and persona.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import traceback
from collections.abc import Iterator
from typing import Any

import hypothesis
import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.db import close_old_connections, transaction
from django.utils import timezone
from hypothesis import strategies as st
from rest_framework.views import APIView
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from careers.models import Enrollment, Goal, Level, Promotion, Requirement
from careers.services import plans as plan_services
from careers.services import promotions as promotion_services
from careers.services import tracks as track_services
from careers.services import training as training_services
from config.wsgi import application
from core.models import AuditEvent
from people.services import create_api_token
from performance.defaults import install_default_rules
from performance.models import EventType
from performance.services.ingestion import ingest_events
from performance.services.keys import create_api_key, create_integration
from performance.services.mappings import create_agent_mapping
from recognition.models import BadgeClass, RewardItem
from recognition.services import badges as badge_services
from recognition.services import redemptions as redemption_services
from recognition.services.kudos import give_kudos
from wellbeing.services import record_check_in

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODES = [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE]


# --- The organisation the personas live in -------------------------------------------------


@pytest.fixture
def world(agent, teammate, other_team_agent, team_lead, hr_admin, team) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A team with a lead and two agents, kudos, points held and reversed, a badge, a
    reward, check-ins, an integration with a key and an agent mapping, events with their
    feedback, a career track with every kind of requirement, a training path with a quiz,
    an enrollment, a plan with a goal and a note, and an open promotion."""
    install_default_rules()
    kudos = [
        give_kudos(
            giver=teammate,
            recipient_ids=[agent.pk],
            message="Gracias por cubrir mi turno",
            value_slugs=["teamwork"],
            points_each=80,
        ),
        give_kudos(
            giver=agent,
            recipient_ids=[teammate.pk],
            message="¡Bien hecho!",
            value_slugs=["teamwork"],
        ),
    ]
    reward = RewardItem.objects.create(
        name_en="Extra paid break", name_es="Extra paid break", cost=20, stock=5
    )
    RewardItem.objects.create(
        name_en="First pick of shifts", name_es="First pick of shifts", cost=40
    )
    pending = redemption_services.request_redemption(user=agent, item_id=reward.pk)
    rejected = redemption_services.request_redemption(user=agent, item_id=reward.pk)
    redemption_services.reject_redemption(
        actor=team_lead, redemption_id=rejected.pk, reason="Out of stock this week"
    )
    badge = BadgeClass.objects.create(
        slug="patience",
        name_en="Patience",
        name_es="Patience",
        description_en="Calm with hard calls.",
        description_es="Calm with hard calls.",
        criteria_en="Asked.",
        criteria_es="Asked.",
    )
    award = badge_services.award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    check_in, _ = record_check_in(
        user=agent, mood=4, energy=3, stress=2, tag_slugs=[], note="Long day", shared_with_lead=True
    )

    integration = create_integration(actor=None, name="Genesys Cloud")
    _key, secret = create_api_key(actor=None, integration=integration)
    create_agent_mapping(actor=None, integration=integration, external_agent_id="A-17", user=agent)
    an_hour_ago = (timezone.now() - dt.timedelta(hours=1)).isoformat()
    events = [
        {
            "external_id": "qa-1",
            "agent_external_id": "A-17",
            "type": "qa_review",
            "occurred_at": an_hour_ago,
            "metrics": {"score": 96},
        },
        {
            "external_id": "compliment-1",
            "email": agent.email,
            "type": "customer_compliment",
            "occurred_at": an_hour_ago,
            "text": "Thank you for your patience!",
        },
    ]
    ingest_events(integration=integration, events=events, body=b"fuzz-seed")

    track = track_services.create_track(
        actor=hr_admin, name_en="Customer Service", name_es="Atención al cliente"
    )
    level_one = track_services.add_level(
        actor=hr_admin, track=track, name_en="Agent I", name_es="Agente I"
    )
    level_two = track_services.add_level(
        actor=hr_admin, track=track, name_en="Agent II", name_es="Agente II"
    )
    path = training_services.create_path(
        actor=hr_admin, name_en="Kind words", name_es="Palabras amables", badge_class_id=badge.pk
    )
    training_services.add_module(
        actor=hr_admin, path=path, title_en="Why kindness", title_es="Por qué", body_en="**Yes**"
    )
    training_services.add_module(
        actor=hr_admin,
        path=path,
        title_en="Check yourself",
        title_es="Compruébalo",
        body_en="A short quiz.",
        pass_mark=50,
        questions=[
            {
                "prompt_en": "A caller is upset. First you…",
                "choices": [
                    {"text_en": "Acknowledge the feeling", "correct": True},
                    {"text_en": "Read the policy", "correct": False},
                ],
            }
        ],
    )
    qa = EventType.objects.get(slug="qa_review")
    for kind, fields in [
        ("badge", {"badge_class_id": badge.pk}),
        ("training", {"training_path_id": path.pk}),
        ("tenure", {"min_tenure_days": 30}),
        (
            "metric",
            {
                "event_type_id": qa.pk,
                "metric": "score",
                "aggregate": "mean",
                "threshold": 85,
                "window_days": 90,
            },
        ),
        ("endorsement", {}),
    ]:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind=kind, **fields)
    promotion_services.set_level(actor=hr_admin, agent=agent, level=level_one)
    plan_services.set_target_level(actor=team_lead, agent=agent, level_id=level_two.pk)
    plan_services.add_goal(actor=team_lead, agent=agent, text="Shadow a senior", due_on=None)
    plan_services.add_coaching_note(actor=team_lead, agent=agent, text="Great progress")
    training_services.enroll(user=agent, path=path)
    promotion_services.endorse(actor=team_lead, agent=agent, note="Ready")

    return {
        "secret": secret,
        "ids": {
            "kudos": [k.pk for k in kudos],
            "redemptions": [pending.pk, rejected.pk],
            "badge-awards": [award.pk],
            "check-ins": [check_in.pk],
            "teams": [team.pk],
            "people": [agent.pk, teammate.pk, other_team_agent.pk],
            "tracks": [track.pk],
            "levels": list(Level.objects.values_list("pk", flat=True)),
            "requirements": list(Requirement.objects.values_list("pk", flat=True)),
            "paths": [path.pk],
            "modules": list(path.modules.values_list("pk", flat=True)),
            "enrollments": list(Enrollment.objects.values_list("pk", flat=True)),
            "goals": list(Goal.objects.values_list("pk", flat=True)),
            "promotions": list(Promotion.objects.values_list("pk", flat=True)),
        },
    }


def _real_ids(world: dict[str, Any], path: str) -> dict[str, list[int]]:
    """The ids that exist for each parameter of a path template such as
    ``/api/v1/careers/enrollments/{id}/modules/{module_id}/complete/``."""
    ids = world["ids"]
    named = {"user_id": ids["people"], "team_id": ids["teams"], "module_id": ids["modules"]}
    segments = path.strip("/").split("/")
    found = {}
    for position, segment in enumerate(segments):
        name = segment.strip("{}")
        if segment.startswith("{"):
            owner = segments[position - 1]
            found[name] = named.get(name) or ids.get(owner) or ids["people"]
    return found


# --- Plumbing: the WSGI app on the test database, throttles lifted ------------------------


@pytest.fixture
def in_process(monkeypatch) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """Let the WSGI app share the test's connection and transaction, as Django's test
    client does; collect the exceptions behind any 500."""
    monkeypatch.setattr(APIView, "get_throttles", lambda self: [])
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    errors: list[str] = []

    def keep(sender: Any, request: Any = None, **kwargs: Any) -> None:
        errors.append(traceback.format_exc())

    got_request_exception.connect(keep)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(keep)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _fuzz(
    schema: Any, *, headers: dict[str, str], world: dict[str, Any], errors: list[str]
) -> tuple[int, int, list[str]]:
    failures: list[str] = []
    cases = 0
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        real = _real_ids(world, operation.path)
        for mode in MODES:
            strategy = operation.as_strategy(generation_mode=mode)
            if real and mode is schemathesis.GenerationMode.POSITIVE:
                # Half the cases on rows that exist, so the services run, not only the 404s.
                fixed = st.fixed_dictionaries(
                    {name: st.sampled_from(v) for name, v in real.items()}
                )
                strategy = st.one_of(
                    strategy,
                    fixed.flatmap(lambda p, op=operation: op.as_strategy(path_parameters=p)),
                )

            @hypothesis.settings(
                max_examples=EXAMPLES,
                deadline=None,
                derandomize=True,
                database=None,
                phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
                suppress_health_check=list(hypothesis.HealthCheck),
            )
            @hypothesis.given(case=strategy)
            def run(case: schemathesis.Case) -> None:
                nonlocal cases
                cases += 1
                savepoint = transaction.savepoint()
                del errors[:]
                try:
                    audit_rows = AuditEvent.objects.count()
                    response = case.call(headers=headers)
                    try:
                        case.validate_response(response, checks=CHECKS)
                        # Every write a person cares about leaves an audit row: a refused
                        # request must leave none (no half-written record).
                        assert response.status_code < 400 or (
                            AuditEvent.objects.count() == audit_rows
                        ), "a refused request wrote an audit row"
                    except (AssertionError, FailureGroup) as exc:  # all reported, not the first
                        failures.append(_describe(case, response, exc, errors))
                finally:
                    transaction.savepoint_rollback(savepoint)

            try:
                run()
            except hypothesis.errors.Unsatisfiable:
                # Nothing to make invalid: an operation without parameters or body.
                assert mode is schemathesis.GenerationMode.NEGATIVE, operation.label
    return operations, cases, failures


def _describe(case: Any, response: Any, exc: BaseException, errors: list[str]) -> str:
    body = response.content[:300].decode(errors="replace")
    detail = re.sub(r"\n\s*\n", "\n", str(exc))[:1200]
    trace = ("\n" + errors[-1][-1500:]) if errors else ""
    return (
        f"{case.operation.label} -> {response.status_code}\n  "
        f"curl: {case.as_curl_command()[:600]}\n  body: {body}\n  {detail}{trace}"
    )


@pytest.mark.parametrize("persona", ["hr_admin", "agent", "integration"])
def test_every_operation_answers_every_input_as_its_schema_says(
    request, capsys, world, in_process, persona
):
    # given the schema as /api/schema/ serves it, and the persona's credentials
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
    if persona == "integration":
        headers = {"Authorization": f"Api-Key {world['secret']}"}
    else:
        user = request.getfixturevalue(persona)
        _token, key = create_api_token(actor=user, user=user, name="fuzzing")
        headers = {"Authorization": f"Token {key}"}

    # when every operation is called with valid and invalid input
    started = time.perf_counter()
    operations, cases, failures = _fuzz(schema, headers=headers, world=world, errors=in_process)

    # then no case failed a check
    with capsys.disabled():  # the size of the run, in CI's log too
        request.config.pluginmanager.get_plugin("terminalreporter").write_line(
            f"\nAPI fuzzing as {persona}: {operations} operations, {cases} cases "
            f"in {time.perf_counter() - started:.0f} s, {len(failures)} failures"
        )
    assert operations > 70
    assert not failures, f"{len(failures)} failures:\n\n" + "\n\n".join(failures[:40])
