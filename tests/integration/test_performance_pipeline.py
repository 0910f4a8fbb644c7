"""The events pipeline on the real services: PostgreSQL, Redis and Celery worker processes.

A worker killed in the middle of 10,000 events, and a broker that is down while events
arrive, must both end with every event processed and every effect made exactly once
(shared/design.md invariant 1 and the reliability notes). The workers listen on a private
queue, and the tests publish there, so nothing else takes (or gets) their messages.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import random
import signal
import socket
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.db.models import Count
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from config.celery import app
from performance import rule_engine as rule_language
from performance.authentication import IntegrationRateThrottle
from performance.defaults import install_default_rules
from performance.models import (
    Feedback,
    Integration,
    PerformanceEvent,
    Rule,
    RuleFiring,
)
from performance.services import processing
from performance.services.ingestion import ingest_events
from performance.services.keys import create_api_key, create_integration
from performance.services.processing import sweep_pending_events
from recognition.models import BadgeAward, LedgerEntry, PointsBalance
from recognition.services.ledger import mismatched_balances
from tests.factories import UserFactory
from tests.integration.conftest import (
    WorkerProcess,
    forget_queue,
    gone,
    kill_hard,
    start_worker,
    wait_for,
)

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

LOCAL = timezone.get_default_timezone()


# --- Plumbing -----------------------------------------------------------------------------


@pytest.fixture
def queue(monkeypatch, tmp_path) -> Iterator[str]:
    """A private queue for this test: ``.delay()`` publishes there, workers listen there,
    and whatever is left of it in Redis afterwards is removed."""
    name = f"perf-pipeline-{uuid.uuid4().hex[:10]}"
    # Workers write badge images; keep them out of the project's media folder.
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))
    # The throttle shares the Redis cache with everyone; these tests are not about it.
    monkeypatch.setattr(IntegrationRateThrottle, "THROTTLE_RATES", {"events": "100000/min"})
    previous = app.conf.task_default_queue
    app.conf.task_default_queue = name
    try:
        yield name
    finally:
        app.conf.task_default_queue = previous
        forget_queue(name)


@contextlib.contextmanager
def unreachable_broker() -> Iterator[str]:
    """Point this process's Celery app at a closed port (the shared Redis keeps running)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed_port = probe.getsockname()[1]
    url = f"redis://127.0.0.1:{closed_port}/0"
    previous = app.conf.broker_url
    app.conf.broker_url = url
    _forget_broker_connections()
    try:
        yield url
    finally:
        app.conf.broker_url = previous
        _forget_broker_connections()


def _forget_broker_connections() -> None:
    # The app caches its connection pools; drop them so the next publish uses broker_url.
    app._pool = None
    app.amqp._producer_pool = None


def event_types() -> None:
    # Transactional tests start without the rows the data migration made; the default
    # rules bring the event types back too.
    install_default_rules()


def at(day: dt.date, hour: int, minute: int = 0) -> str:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL).isoformat()


def statuses() -> Counter[str]:
    return Counter(dict(PerformanceEvent.objects.values_list("status").annotate(n=Count("id"))))


# --- A worker killed mid-processing -------------------------------------------------------


def contact_center_events(agents: list[Any], *, total: int, seed: int) -> list[dict[str, Any]]:
    """Per agent, five compliments in each of two past weeks; the rest QA reviews of 90 or
    more (each earns feedback and 10 points). Shuffled, so windows race across processes."""
    rng = random.Random(seed)  # noqa: S311 - seeded test data, not a secret
    today = timezone.localdate()
    week_one = rule_language.window_start(today - dt.timedelta(days=21), 7)
    events: list[dict[str, Any]] = []
    for agent in agents:
        for week in (week_one, week_one + dt.timedelta(days=7)):
            for n in range(5):
                day = week + dt.timedelta(days=n)
                events.append(
                    {
                        "external_id": f"thanks-{agent.pk}-{day:%Y%m%d}",
                        "email": agent.email,
                        "type": "customer_compliment",
                        "occurred_at": at(day, 10 + n),
                        "text": f"Thank you for your patience ({n})!",
                    }
                )
    for n in range(total - len(events)):
        agent = agents[n % len(agents)]
        day = today - dt.timedelta(days=1 + n % 20)
        events.append(
            {
                "external_id": f"qa-{n}",
                "email": agent.email,
                "type": "qa_review",
                "occurred_at": at(day, 9 + n % 8, n % 60),
                "metrics": {"score": rng.randint(90, 100), "items": 12},
            }
        )
    rng.shuffle(events)
    return events


def test_a_worker_killed_mid_processing_loses_nothing_and_repeats_nothing(queue, tmp_path):
    # given 30 agents and 10,000 events on their way to a worker with two processes
    event_types()
    rules = {rule.name_en: rule for rule in Rule.objects.all()}
    agents = [UserFactory() for _ in range(30)]
    integration = create_integration(actor=None, name="Genesys Cloud")
    events = contact_center_events(agents, total=10_000, seed=11)
    # (stored before the worker starts: storing while it processes can deadlock, see
    # test_processing_an_event_locks_neither_its_agent_nor_its_event_type)
    began = time.monotonic()
    for start in range(0, len(events), 1000):
        batch = events[start : start + 1000]
        answer = ingest_events(
            integration=integration, events=batch, body=json.dumps(batch).encode()
        )
        assert answer["accepted"] == len(batch), answer["results"][:3]
    ingested_s = time.monotonic() - began
    workers: list[WorkerProcess] = []
    killed_children: list[int] = []
    try:
        workers.append(start_worker(tmp_path, queue=queue, concurrency=2))

        # when the worker is SIGKILLed part-way through
        assert wait_for(lambda: statuses()["processed"] >= 2_000, timeout=120, interval=0.05), (
            workers[0].log()[-3000:]
        )
        killed_children = kill_hard(workers[0])
        processed_at_kill = statuses()["processed"]
        assert processed_at_kill < len(events), "the worker finished before it was killed"

        # and another worker starts on the same queue, with the sweeper running as beat would
        workers.append(start_worker(tmp_path, queue=queue, concurrency=2))
        later = timezone.now() + dt.timedelta(seconds=settings.EVENTS_SWEEP_GRACE_SECONDS + 1)
        sweep_pending_events(now=later)
        deadline = time.monotonic() + 240
        last_pending, last_change = -1, time.monotonic()
        while time.monotonic() < deadline:
            pending = statuses()["pending"]
            if pending == 0:
                break
            if pending != last_pending:
                last_pending, last_change = pending, time.monotonic()
            elif time.monotonic() - last_change > 15:
                # nothing moved for 15 s (messages held by the dead worker): sweep again
                sweep_pending_events(now=timezone.now() + dt.timedelta(hours=1))
                last_change = time.monotonic()
            time.sleep(0.5)
        finished_s = time.monotonic() - began

        # then every event is processed, none failed
        assert statuses() == Counter({"processed": len(events)}), (
            workers[1].log()[-3000:],
            list(PerformanceEvent.objects.exclude(last_error="").values_list("last_error")[:5]),
        )
    finally:
        for worker in workers:
            worker.stop()
        for pid in killed_children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    assert all(wait_for(lambda pid=pid: gone(pid), timeout=10) for pid in killed_children)
    print(  # noqa: T201 - shown with -s: how long the run took
        f"\ningested in {ingested_s:.1f} s; worker A killed after {processed_at_kill} events; "
        f"all {len(events)} processed after {finished_s:.1f} s"
    )

    # and every effect happened exactly once
    qa_events = sum(e["type"] == "qa_review" for e in events)
    compliments = len(events) - qa_events
    thanked_windows = 2 * len(agents)
    per_badge_window = Counter(
        (e["email"], rule_language.window_start(dt.date.fromisoformat(e["occurred_at"][:10]), 30))
        for e in events
        if e["type"] == "customer_compliment"
    )
    badge_windows = sum(count >= 5 for count in per_badge_window.values())
    firings = Counter(RuleFiring.objects.values_list("rule__name_en", flat=True))
    assert firings == Counter(
        {
            rules["Excellent QA review"].name_en: qa_events,
            rules["Customers thanked you this week"].name_en: thanked_windows,
            rules["Customer favourite of the month"].name_en: badge_windows,
        }
    )
    assert Feedback.objects.filter(kind=Feedback.Kind.PRAISE).count() == (
        qa_events + thanked_windows
    )
    assert Feedback.objects.filter(kind=Feedback.Kind.COMPLIMENT).count() == compliments
    assert BadgeAward.objects.count() == badge_windows
    assert LedgerEntry.objects.count() == qa_events + thanked_windows
    assert not (
        LedgerEntry.objects.values("idempotency_key").annotate(n=Count("id")).filter(n__gt=1)
    )
    assert not RuleFiring.objects.values("key").annotate(n=Count("id")).filter(n__gt=1)
    qa_per_agent = Counter(e["email"] for e in events if e["type"] == "qa_review")
    assert {b.user.email: b.balance for b in PointsBalance.objects.select_related("user")} == {
        agent.email: 10 * qa_per_agent[agent.email] + 20 * 2 for agent in agents
    }
    assert mismatched_balances() == []


# --- The broker down while events arrive --------------------------------------------------


def test_events_sent_while_the_broker_is_down_are_processed_once_it_is_back(queue, tmp_path):
    # given an integration with a key and agents
    event_types()
    agents = [UserFactory() for _ in range(5)]
    integration = Integration.objects.get(pk=create_integration(actor=None, name="QA tool").pk)
    _key, secret = create_api_key(actor=None, integration=integration)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    events = [
        {
            "external_id": f"qa-{n}",
            "email": agents[n % 5].email,
            "type": "qa_review",
            "occurred_at": at(yesterday, 9 + n % 8, n % 60),
            "metrics": {"score": 90 + n % 11},
        }
        for n in range(300)
    ] + [
        {
            "external_id": f"esc-{n}",
            "email": agents[n].email,
            "type": "escalation",
            "occurred_at": at(yesterday, 15),
            "metrics": {"handle_time_s": 2100},
        }
        for n in range(5)
    ]
    body = json.dumps(events)
    client = Client()
    url = reverse("api:events-ingest")

    # when they are posted while Redis cannot be reached
    with unreachable_broker():
        began = time.monotonic()
        response = client.post(
            url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Api-Key {secret}"
        )
        answered_s = time.monotonic() - began

    # then the integration is told they were accepted, and they are stored as pending
    assert response.status_code == 200, response.content
    assert response.json()["accepted"] == len(events)
    assert statuses() == Counter({"pending": len(events)})
    assert answered_s < 30, f"the API took {answered_s:.1f} s to answer during the outage"

    # when the broker is back, a worker runs and the sweeper finds the pending events
    worker = start_worker(tmp_path, queue=queue, concurrency=2)
    try:
        later = timezone.now() + dt.timedelta(seconds=settings.EVENTS_SWEEP_GRACE_SECONDS + 1)
        assert sweep_pending_events(now=later) == len(events)
        done = wait_for(
            lambda: statuses() == Counter({"processed": len(events)}), timeout=120, interval=0.2
        )
        assert done, (statuses(), worker.log()[-3000:])
        # and the same body sent again, now that all is well, changes nothing
        replay = client.post(
            url, body, content_type="application/json", HTTP_AUTHORIZATION=f"Api-Key {secret}"
        )
    finally:
        worker.stop()

    # then each effect happened once
    assert replay.json() == response.json()
    assert RuleFiring.objects.count() == len(events)
    assert Feedback.objects.filter(kind=Feedback.Kind.PRAISE).count() == 300
    assert Feedback.objects.filter(kind=Feedback.Kind.BREAK).count() == 5
    assert LedgerEntry.objects.count() == 300
    assert PointsBalance.objects.filter(balance=600).count() == 5
    assert mismatched_balances() == []


# --- Replays on PostgreSQL ----------------------------------------------------------------


def test_a_replayed_batch_gets_the_same_bytes_on_postgresql(queue):
    # given an accepted batch (its processing is published to the private queue, unread)
    event_types()
    agent = UserFactory()
    integration = create_integration(actor=None, name="Survey tool")
    _key, secret = create_api_key(actor=None, integration=integration)
    body = json.dumps(
        [
            {
                "external_id": "csat-1",
                "email": agent.email,
                "type": "csat_response",
                "occurred_at": timezone.now().isoformat(),
                "metrics": {"score": 5},
            },
            {"external_id": "csat-2", "email": agent.email, "type": "nope"},
        ]
    )
    client = Client()

    def send() -> bytes:
        response = client.post(
            reverse("api:events-ingest"),
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Api-Key {secret}",
        )
        assert response.status_code == 200
        return response.content

    # when it is sent again
    first, second = send(), send()

    # then the answer is the same, byte for byte (Stripe-style replay)
    assert json.loads(first) == json.loads(second)
    assert first == second


# --- Locks held while an event is processed -----------------------------------------------


def _fails_to_get_its_locks(action: Callable[[], object]) -> str | None:
    """Run ``action`` in a transaction that gives up on any lock after 2 s; the error, if
    it had to wait longer."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")
            action()
    except OperationalError as exc:
        return str(exc).splitlines()[0]
    return None


@pytest.mark.parametrize(
    "meanwhile",
    [
        "store-an-event-for-the-same-agent",
        "store-an-event-of-the-same-type",
        "process-another-agents-event-of-the-same-type",
    ],
)
def test_processing_an_event_locks_neither_its_agent_nor_its_event_type(
    queue, monkeypatch, meanwhile
):
    # given a QA review being processed, paused while it applies its effects
    event_types()
    agent, other_agent = UserFactory(), UserFactory()
    integration = create_integration(actor=None, name="QA tool")
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    def qa(external_id: str, email: str, type_: str = "qa_review") -> dict[str, Any]:
        return {
            "external_id": external_id,
            "email": email,
            "type": type_,
            "occurred_at": at(yesterday, 10),
            "metrics": {"score": 95},
        }

    def store(*events: dict[str, Any]) -> list[int]:
        batch = list(events)
        answer = ingest_events(
            integration=integration, events=batch, body=json.dumps(batch).encode()
        )
        assert answer["accepted"] == len(batch), answer
        return list(
            PerformanceEvent.objects.filter(external_id__in=[e["external_id"] for e in batch])
            .order_by("id")
            .values_list("id", flat=True)
        )

    [first, second] = store(qa("qa-1", agent.email), qa("qa-2", other_agent.email))
    inside, release = threading.Event(), threading.Event()
    apply_effects = processing._apply_effects

    def paused(**kwargs: Any) -> None:
        inside.set()
        release.wait(30)
        apply_effects(**kwargs)

    monkeypatch.setattr(processing, "_apply_effects", paused)

    def work() -> None:
        try:
            processing.process_events(event_ids=[first])
        finally:
            connection.close()

    worker = threading.Thread(target=work)
    worker.start()
    try:
        assert inside.wait(30), "processing never reached its effects"

        # when, meanwhile, another transaction touches the same agent or event type
        if meanwhile == "store-an-event-for-the-same-agent":
            error = _fails_to_get_its_locks(
                lambda: store(qa("call-9", agent.email, "call_completed"))
            )
        elif meanwhile == "store-an-event-of-the-same-type":
            error = _fails_to_get_its_locks(lambda: store(qa("qa-9", other_agent.email)))
        else:
            monkeypatch.setattr(processing, "_apply_effects", apply_effects)
            error = _fails_to_get_its_locks(lambda: processing.process_event(event_id=second))
    finally:
        release.set()
        worker.join(30)

    # then it did not have to wait for the first event's transaction
    assert error is None, (
        f"{meanwhile} waited on the lock held while event {first} is processed: {error}"
    )
    assert not worker.is_alive()
