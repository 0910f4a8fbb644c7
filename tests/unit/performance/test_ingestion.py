"""POST /api/v1/events/: API keys, per-event validation, batch limits and idempotency
(shared/design.md invariants 1 and 6)."""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent
from notifications.models import Notification
from people.models import User
from performance.authentication import IntegrationRateThrottle
from performance.defaults import install_default_rules
from performance.models import (
    AgentMapping,
    ApiKey,
    Feedback,
    IngestionBatch,
    Integration,
    PerformanceEvent,
    RuleFiring,
)
from performance.services.keys import create_api_key, create_integration, revoke_api_key
from recognition.models import LedgerEntry
from recognition.services.ledger import mismatched_balances

pytestmark = pytest.mark.django_db

URL = reverse("api:events-ingest")


# --- Helpers and fixtures -----------------------------------------------------------------


@pytest.fixture
def integration() -> Integration:
    return create_integration(actor=None, name="Genesys Cloud")


@pytest.fixture
def api_key(integration) -> tuple[ApiKey, str]:
    return create_api_key(actor=None, integration=integration, name="production")


@pytest.fixture
def secret(api_key) -> str:
    return api_key[1]


@pytest.fixture
def rules() -> int:
    return install_default_rules()


def an_hour_ago() -> str:
    return (timezone.now() - dt.timedelta(hours=1)).isoformat()


def make_event(external_id: str, *, agent: User, **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "external_id": external_id,
        "email": agent.email,
        "type": "call_completed",
        "occurred_at": an_hour_ago(),
        "metrics": {"handle_time_s": 312, "hold_s": 0},
    }
    event.update(fields)
    return event


def post(client: APIClient, secret: str, body: Any, **extra: Any):  # type: ignore[no-untyped-def]
    return client.post(URL, body, format="json", HTTP_AUTHORIZATION=f"Api-Key {secret}", **extra)


def post_raw(client: APIClient, secret: str | None, data: bytes, content_type: str):  # type: ignore[no-untyped-def]
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {secret}"} if secret else {}
    return client.generic("POST", URL, data, content_type=content_type, **headers)


def effect_counts() -> dict[str, int]:
    return {
        "events": PerformanceEvent.objects.count(),
        "batches": IngestionBatch.objects.count(),
        "firings": RuleFiring.objects.count(),
        "feedback": Feedback.objects.count(),
        "ledger": LedgerEntry.objects.count(),
        "notifications": Notification.objects.count(),
    }


# --- Authentication -----------------------------------------------------------------------


def test_only_the_sha256_of_a_key_is_stored(api_key):
    # given a freshly created key
    key, secret = api_key

    # when the stored row is read back column by column
    row = ApiKey.objects.filter(pk=key.pk).values().get()

    # then the secret is in no column, only its SHA-256 hash is
    assert row["key_hash"] == hashlib.sha256(secret.encode()).hexdigest()
    assert all(secret not in str(value) for value in row.values())
    assert not any(secret in json.dumps(a.data) for a in AuditEvent.objects.all())


def test_a_live_key_is_accepted_and_its_last_use_recorded(api_client, api_key, agent):
    key, secret = api_key
    assert key.last_used_at is None

    response = post(api_client, secret, [make_event("call-1", agent=agent)])

    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == 1
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert timezone.now() - key.last_used_at < dt.timedelta(minutes=1)


@pytest.mark.parametrize(
    "spoil",
    ["revoked", "wrong-secret", "unknown-prefix", "inactive-integration"],
)
def test_a_revoked_wrong_or_orphaned_key_gets_401_and_stores_nothing(
    api_client, api_key, agent, spoil
):
    # given
    key, secret = api_key
    if spoil == "revoked":
        revoke_api_key(actor=None, key_id=key.pk)
    elif spoil == "wrong-secret":
        secret = f"cuida_{key.prefix}_{'x' * 43}"
    elif spoil == "unknown-prefix":
        secret = f"cuida_00000000_{secret.split('_', 2)[2]}"
    else:
        Integration.objects.filter(pk=key.integration_id).update(active=False)

    # when
    response = post(api_client, secret, [make_event("call-1", agent=agent)])

    # then
    assert response.status_code == 401, response.content
    assert response["WWW-Authenticate"] == "Api-Key"
    assert PerformanceEvent.objects.count() == 0


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key",
        "Api-Key ",
        "Api-Key not-a-cuida-key",
        "Api-Key cuida_",
        "Api-Key {secret} trailing",
        "ApiKey {secret}",
        "api-key {secret}",
        "Bearer {secret}",
        "Token {secret}",
    ],
)
def test_a_malformed_authorization_header_gets_401(api_client, secret, agent, header):
    response = api_client.post(
        URL,
        [make_event("call-1", agent=agent)],
        format="json",
        HTTP_AUTHORIZATION=header.format(secret=secret),
    )

    assert response.status_code == 401, response.content
    assert PerformanceEvent.objects.count() == 0


def test_a_request_without_credentials_is_refused(api_client, agent):
    response = api_client.post(URL, [make_event("call-1", agent=agent)], format="json")

    assert response.status_code in (401, 403)
    assert PerformanceEvent.objects.count() == 0


def test_a_logged_in_person_cannot_push_events(api_client, hr_admin, agent):
    # The events API speaks only to integrations, not to sessions.
    api_client.force_login(hr_admin)

    response = api_client.post(URL, [make_event("call-1", agent=agent)], format="json")

    assert response.status_code in (401, 403)
    assert PerformanceEvent.objects.count() == 0


# --- Per-event validation -----------------------------------------------------------------


def _without(field: str):  # type: ignore[no-untyped-def]
    def spoil(event: dict[str, Any]) -> Any:
        event.pop(field)
        return event

    return spoil


def _with(**fields: Any):  # type: ignore[no-untyped-def]
    def spoil(event: dict[str, Any]) -> Any:
        event.update(fields)
        return event

    return spoil


BAD_EVENTS = {
    "missing-external-id": (_without("external_id"), "external_id"),
    "blank-external-id": (_with(external_id="   "), "external_id"),
    "long-external-id": (_with(external_id="x" * 121), "external_id"),
    "external-id-an-object": (_with(external_id={"id": 1}), "external_id"),
    "both-email-and-agent-id": (_with(agent_external_id="A-17"), "agent"),
    "neither-email-nor-agent-id": (_without("email"), "agent"),
    "email-not-a-string": (_with(email=["a@example.test"]), "email"),
    "unknown-type": (_with(type="coffee_break"), "type"),
    "missing-type": (_without("type"), "type"),
    "naive-occurred-at": (_with(occurred_at="2026-03-16T10:00:00"), "occurred_at"),
    "future-occurred-at": (
        _with(occurred_at=(timezone.now() + dt.timedelta(hours=1)).isoformat()),
        "occurred_at",
    ),
    "occurred-at-not-a-date": (_with(occurred_at="yesterday"), "occurred_at"),
    "occurred-at-a-number": (_with(occurred_at=1773676800), "occurred_at"),
    "occurred-at-impossible": (_with(occurred_at="2024-01-01T12:99:00Z"), "occurred_at"),
    "occurred-at-before-year-one-in-utc": (
        _with(occurred_at="0001-01-01T00:00:00+01:00"),
        "occurred_at",
    ),
    "external-id-with-a-nul": (_with(external_id="call\x00-1"), "external_id"),
    "metric-name-with-a-nul": (_with(metrics={"hold\x00_s": 1}), "metrics"),
    "metric-name-too-long": (_with(metrics={"m" * 61: 1}), "metrics"),
    "metric-beyond-any-float": (_with(metrics={"handle_time_s": 10**400}), "metrics"),
    "metric-a-string": (_with(metrics={"handle_time_s": "312"}), "metrics"),
    "metric-a-bool": (_with(metrics={"resolved": True}), "metrics"),
    "metric-null": (_with(metrics={"handle_time_s": None}), "metrics"),
    "metrics-a-list": (_with(metrics=[312, 0]), "metrics"),
    "text-too-long": (_with(text="a" * 2001), "text"),
    "text-not-a-string": (_with(text=42), "text"),
    "unknown-extra-field": (_with(priority="high"), "fields"),
    "event-a-string": (lambda event: "call-1", "event"),
    "event-a-list": (lambda event: [event], "event"),
    "event-null": (lambda event: None, "event"),
}


@pytest.mark.parametrize(("spoil", "field"), BAD_EVENTS.values(), ids=BAD_EVENTS.keys())
def test_a_bad_event_is_rejected_with_its_field_while_a_good_one_beside_it_is_stored(
    api_client, secret, agent, spoil, field
):
    # given one malformed event and one valid event in the same batch
    bad = spoil(make_event("bad-1", agent=agent))
    good = make_event("good-1", agent=agent)

    # when
    response = post(api_client, secret, [bad, good])

    # then the bad one is answered with the field at fault, the good one is stored
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["accepted"], body["duplicates"], body["rejected"]) == (1, 0, 1)
    rejected, accepted = body["results"]
    assert rejected["index"] == 0
    assert rejected["status"] == "rejected"
    assert field in rejected["errors"], rejected
    assert all(isinstance(m, str) and m for m in rejected["errors"][field])
    assert accepted == {"index": 1, "external_id": "good-1", "status": "accepted"}
    assert list(PerformanceEvent.objects.values_list("external_id", flat=True)) == ["good-1"]


def test_every_fault_of_one_event_is_reported_at_once(api_client, secret, agent):
    bad = {
        "external_id": "",
        "type": "nope",
        "occurred_at": "2026-01-01T00:00:00",
        "metrics": {"a": "b"},
        "text": 1,
        "extra": 1,
    }

    response = post(api_client, secret, [bad])

    errors = response.json()["results"][0]["errors"]
    assert set(errors) == {
        "external_id",
        "agent",
        "type",
        "occurred_at",
        "metrics",
        "text",
        "fields",
    }


def test_a_valid_event_is_stored_exactly_as_sent(api_client, secret, agent):
    occurred = dt.datetime(2026, 3, 16, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    event = make_event(
        " call-7 ",
        agent=agent,
        email=f"  {agent.email.upper()} ",
        occurred_at=occurred.isoformat(),
        metrics={"handle_time_s": 312, "rate": 0.93},
        text="  Thanks!  ",
    )

    response = post(api_client, secret, [event])

    assert response.json()["results"][0]["status"] == "accepted"
    stored = PerformanceEvent.objects.get()
    assert stored.external_id == "call-7"
    assert stored.agent == agent
    assert stored.event_type.slug == "call_completed"
    assert stored.occurred_at == occurred
    assert stored.metrics == {"handle_time_s": 312, "rate": 0.93}
    assert stored.text == "Thanks!"
    assert stored.status == PerformanceEvent.Status.PENDING


def test_an_unknown_agent_is_rejected_and_no_person_is_created(api_client, secret, agent):
    people = User.objects.count()

    response = post(
        api_client,
        secret,
        [
            make_event("call-1", agent=agent, email="nobody@example.test"),
            make_event("call-2", agent=agent, email=None, agent_external_id="A-404"),
        ],
    )

    body = response.json()
    assert body["rejected"] == 2
    assert all("agent" in r["errors"] for r in body["results"])
    assert User.objects.count() == people
    assert not User.objects.filter(email="nobody@example.test").exists()
    assert PerformanceEvent.objects.count() == 0


def test_an_inactive_person_is_an_unknown_agent(api_client, secret, agent):
    User.objects.filter(pk=agent.pk).update(is_active=False)

    response = post(
        api_client, secret, [make_event("call-1", agent=agent)], HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.json()["results"][0]["errors"] == {
        "agent": ["Unknown agent for this integration."]
    }


def test_event_errors_follow_the_requests_language(api_client, secret, agent):
    event = make_event("call-1", agent=agent, email="nobody@example.test", type="coffee_break")

    response = post(api_client, secret, [event], HTTP_ACCEPT_LANGUAGE="es")

    errors = response.json()["results"][0]["errors"]
    assert errors["type"][0].startswith("Tipo de evento desconocido. Conocidos: ")


def test_an_agent_id_resolves_only_through_the_calling_integrations_mapping(
    api_client, secret, agent
):
    # given agent "A-17" is known to integration B only
    other = create_integration(actor=None, name="QA tool")
    _key, other_secret = create_api_key(actor=None, integration=other)
    AgentMapping.objects.create(integration=other, external_agent_id="A-17", user=agent)
    event = make_event("call-1", agent=agent, email=None, agent_external_id="A-17")
    del event["email"]

    # when integration A sends an event for "A-17"
    from_a = post(api_client, secret, [event])

    # then it is rejected; the same event from B is accepted and belongs to the agent
    assert from_a.json()["results"][0]["status"] == "rejected"
    assert "agent" in from_a.json()["results"][0]["errors"]
    assert PerformanceEvent.objects.count() == 0
    from_b = post(api_client, other_secret, [event])
    assert from_b.json()["results"][0]["status"] == "accepted"
    assert PerformanceEvent.objects.get().agent == agent


# --- Whole-request limits -----------------------------------------------------------------


def test_more_than_the_batch_limit_is_refused_whole(api_client, secret, agent, settings):
    # given 1,001 valid events (the limit is 1,000)
    assert settings.EVENTS_MAX_BATCH == 1000
    events = [make_event(f"call-{n}", agent=agent) for n in range(1001)]

    # when
    response = post(api_client, secret, events)

    # then nothing of the batch is stored
    assert response.status_code == 400
    assert "events" in response.json()["errors"]
    assert PerformanceEvent.objects.count() == 0
    assert IngestionBatch.objects.count() == 0


def test_exactly_the_batch_limit_is_accepted(api_client, secret, agent):
    events = [make_event(f"call-{n}", agent=agent) for n in range(1000)]

    response = post(api_client, secret, events)

    assert response.status_code == 200
    assert response.json()["accepted"] == 1000
    assert PerformanceEvent.objects.count() == 1000


def test_an_empty_batch_is_refused(api_client, secret):
    response = post(api_client, secret, [])

    assert response.status_code == 400
    assert "events" in response.json()["errors"]


def test_a_body_over_the_size_limit_gets_413(api_client, secret, agent):
    # given a 5 MB body: valid JSON, padded with white space
    events = json.dumps([make_event("call-1", agent=agent)]).encode()
    body = events[:-1] + b" " * (5 * 1024 * 1024) + b"]"

    response = post_raw(api_client, secret, body, "application/json")

    assert response.status_code == 413
    assert PerformanceEvent.objects.count() == 0
    assert IngestionBatch.objects.count() == 0


def test_a_body_that_is_not_json_gets_415(api_client, secret, agent):
    body = json.dumps([make_event("call-1", agent=agent)]).encode()

    response = post_raw(api_client, secret, body, "text/plain")

    assert response.status_code == 415
    assert PerformanceEvent.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [b'[{"external_id": "call-1",', b"", b"[NaN]", b"\xff\xfe"],
    ids=["truncated", "empty", "nan", "not-utf8"],
)
def test_malformed_json_gets_400(api_client, secret, body):
    response = post_raw(api_client, secret, body, "application/json")

    assert response.status_code == 400
    assert response.json()["detail"]
    assert PerformanceEvent.objects.count() == 0


@pytest.mark.parametrize(
    "body",
    [{"events": []}, "call-1", 42, None],
    ids=["object", "string", "number", "null"],
)
def test_a_body_that_is_not_an_array_gets_400(api_client, secret, agent, body):
    if isinstance(body, dict):
        body["events"] = [make_event("call-1", agent=agent)]

    response = post_raw(api_client, secret, json.dumps(body).encode(), "application/json")

    assert response.status_code == 400
    assert "events" in response.json()["errors"]
    assert PerformanceEvent.objects.count() == 0


def test_an_integration_over_its_rate_gets_429(api_client, secret, agent, monkeypatch):
    # given a rate of two requests a minute (the autouse fixture gave a fresh cache)
    monkeypatch.setattr(IntegrationRateThrottle, "THROTTLE_RATES", {"events": "2/min"})

    # when
    answers = [
        post(api_client, secret, [make_event(f"call-{n}", agent=agent)]).status_code
        for n in range(3)
    ]

    # then the third is told to wait and its event is not stored
    assert answers == [200, 200, 429]
    assert PerformanceEvent.objects.count() == 2


def test_the_rate_limit_is_per_integration(api_client, secret, agent, monkeypatch):
    monkeypatch.setattr(IntegrationRateThrottle, "THROTTLE_RATES", {"events": "1/min"})
    other = create_integration(actor=None, name="Survey tool")
    _key, other_secret = create_api_key(actor=None, integration=other)

    first = post(api_client, secret, [make_event("call-1", agent=agent)])
    throttled = post(api_client, secret, [make_event("call-2", agent=agent)])
    other_tool = post(api_client, other_secret, [make_event("call-1", agent=agent)])

    assert (first.status_code, throttled.status_code, other_tool.status_code) == (200, 429, 200)


# --- Idempotency --------------------------------------------------------------------------


def mixed_batch(agent: User) -> list[dict[str, Any]]:
    """A batch with an effect of every kind, and one event that is rejected."""
    return [
        make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 96}),
        make_event(
            "compliment-1",
            agent=agent,
            type="customer_compliment",
            metrics={},
            text="Thank you for your patience!",
        ),
        make_event("escalation-1", agent=agent, type="escalation", metrics={"handle_time_s": 1900}),
        make_event("call-1", agent=agent),
        make_event("broken-1", agent=agent, type="unknown_type"),
    ]


def test_replaying_a_batch_ten_times_answers_the_same_bytes_and_acts_once(
    api_client, secret, agent, rules, django_capture_on_commit_callbacks
):
    # given a batch whose events give feedback, points, a compliment and a break suggestion
    batch = mixed_batch(agent)

    # when it is sent ten times, its processing run after every request
    responses = []
    counts = []
    for _ in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            responses.append(post(api_client, secret, batch))
        counts.append(effect_counts())

    # then every answer says the same, byte for byte
    assert [r.status_code for r in responses] == [200] * 10
    first = responses[0].json()
    assert (first["accepted"], first["duplicates"], first["rejected"]) == (4, 0, 1)
    assert [r.json() for r in responses] == [first] * 10
    assert [r.content for r in responses] == [responses[0].content] * 10
    # and the effects were created once, by the first request
    assert counts == [counts[0]] * 10
    assert counts[0] == {
        "events": 4,
        "batches": 1,
        "firings": 2,  # excellent QA review, after a hard call
        "feedback": 3,  # praise, compliment, break suggestion
        "ledger": 1,  # 10 points for the QA review
        "notifications": 3,
    }
    assert PerformanceEvent.objects.filter(status="processed").count() == 4
    assert mismatched_balances() == []


def test_the_same_events_in_another_body_come_back_as_duplicates(
    api_client, secret, agent, rules, django_capture_on_commit_callbacks
):
    # given a batch that was stored and processed
    batch = mixed_batch(agent)
    with django_capture_on_commit_callbacks(execute=True):
        post(api_client, secret, batch)
    before = effect_counts()

    # when the same events arrive in another order, with a new one, in a new body
    resent = [*reversed(copy.deepcopy(batch)), make_event("call-2", agent=agent)]
    with django_capture_on_commit_callbacks(execute=True):
        response = post(api_client, secret, resent)

    # then the stored ones are duplicates, only the new one is accepted
    body = response.json()
    statuses = {r["external_id"]: r["status"] for r in body["results"]}
    assert statuses == {
        "broken-1": "rejected",
        "call-1": "duplicate",
        "escalation-1": "duplicate",
        "compliment-1": "duplicate",
        "qa-1": "duplicate",
        "call-2": "accepted",
    }
    after = effect_counts()
    assert after == {**before, "events": before["events"] + 1, "batches": 2}


def test_a_duplicate_changed_after_the_fact_is_not_stored_again(
    api_client, secret, agent, rules, django_capture_on_commit_callbacks
):
    # given a stored QA review of 80 (no reward)
    with django_capture_on_commit_callbacks(execute=True):
        post(
            api_client,
            secret,
            [make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 80})],
        )

    # when the tool resends it with a better score
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            api_client,
            secret,
            [make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 99})],
        )

    # then the first version stands and nothing is rewarded
    assert response.json()["results"][0]["status"] == "duplicate"
    assert PerformanceEvent.objects.get().metrics == {"score": 80}
    assert Feedback.objects.count() == 0


def test_a_repeated_external_id_inside_one_batch_is_a_duplicate(api_client, secret, agent):
    batch = [
        make_event("call-1", agent=agent, metrics={"handle_time_s": 100}),
        make_event("call-1", agent=agent, metrics={"handle_time_s": 200}),
        make_event("call-2", agent=agent),
    ]

    response = post(api_client, secret, batch)

    body = response.json()
    assert [r["status"] for r in body["results"]] == ["accepted", "duplicate", "accepted"]
    assert (body["accepted"], body["duplicates"], body["rejected"]) == (2, 1, 0)
    assert PerformanceEvent.objects.get(external_id="call-1").metrics == {"handle_time_s": 100}


def test_the_same_external_id_from_two_integrations_is_two_events(api_client, secret, agent):
    other = create_integration(actor=None, name="Survey tool")
    _key, other_secret = create_api_key(actor=None, integration=other)

    first = post(api_client, secret, [make_event("1001", agent=agent)])
    second = post(api_client, other_secret, [make_event("1001", agent=agent)])

    assert first.json()["accepted"] == second.json()["accepted"] == 1
    assert PerformanceEvent.objects.count() == 2


def test_a_rejected_event_can_be_sent_again_once_corrected(api_client, secret, agent):
    post(api_client, secret, [make_event("call-1", agent=agent, type="nope")])

    response = post(api_client, secret, [make_event("call-1", agent=agent)])

    assert response.json()["results"][0]["status"] == "accepted"


def test_a_metric_too_large_for_a_number_is_rejected_with_its_field(api_client, secret, agent):
    # given 1e999, valid JSON that Python reads as infinity (which JSON cannot store)
    good = json.dumps(make_event("good-1", agent=agent))
    bad = json.dumps(make_event("bad-1", agent=agent, metrics={"handle_time_s": 0}))
    bad = bad.replace('"handle_time_s": 0', '"handle_time_s": 1e999')

    # when
    response = post_raw(api_client, secret, f"[{bad}, {good}]".encode(), "application/json")

    # then like any other bad metric: that event is rejected, the good one stored
    assert response.status_code == 200, response.content[:300]
    rejected, accepted = response.json()["results"]
    assert rejected["status"] == "rejected"
    assert "metrics" in rejected["errors"]
    assert accepted["status"] == "accepted"
    assert list(PerformanceEvent.objects.values_list("external_id", flat=True)) == ["good-1"]


def test_an_impossible_time_is_rejected_with_its_field_not_a_server_error(
    api_client, secret, agent
):
    # given a well-formed ISO 8601 string naming minute 99, and a good event beside it
    bad = make_event("bad-1", agent=agent, occurred_at="2024-01-01T12:99:00Z")
    good = make_event("good-1", agent=agent)

    # when
    response = post(api_client, secret, [bad, good])

    # then the impossible time is answered like any other bad field
    assert response.status_code == 200, response.content[:300]
    rejected, accepted = response.json()["results"]
    assert rejected["status"] == "rejected"
    assert rejected["external_id"] == "bad-1"
    assert list(rejected["errors"]) == ["occurred_at"]
    assert accepted["status"] == "accepted"
    assert list(PerformanceEvent.objects.values_list("external_id", flat=True)) == ["good-1"]


def test_a_lone_surrogate_in_text_is_rejected_with_its_field(api_client, secret, agent):
    # given JSON escaping half of a UTF-16 pair, which no database can store as text
    bad = json.dumps(make_event("bad-1", agent=agent, text="fine \ud800"))
    good = json.dumps(make_event("good-1", agent=agent))

    # when
    response = post_raw(api_client, secret, f"[{bad}, {good}]".encode(), "application/json")

    # then
    assert response.status_code == 200, response.content[:300]
    rejected, accepted = response.json()["results"]
    assert list(rejected["errors"]) == ["text"]
    assert accepted["status"] == "accepted"
    assert list(PerformanceEvent.objects.values_list("external_id", flat=True)) == ["good-1"]
