"""Processing stored events into feedback, points, badges and break suggestions, exactly
once (shared/design.md invariants 1 and 7, reliability notes).

Tasks run in-process here (tests/conftest.py); ``django_capture_on_commit_callbacks``
runs what ingestion enqueues after its commit.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from rest_framework.test import APIClient

from core.models import AuditEvent
from notifications.models import Notification
from people.models import Role, User
from performance import rule_engine as rule_language
from performance import tasks
from performance.defaults import install_default_rules
from performance.models import (
    Feedback,
    IngestionBatch,
    Integration,
    PerformanceEvent,
    Rule,
    RuleEffect,
    RuleFiring,
)
from performance.services import ingestion, processing
from performance.services.ingestion import ingest_events
from performance.services.keys import create_api_key, create_integration
from performance.services.rules import save_rule
from recognition.models import BadgeAward, LedgerEntry
from recognition.selectors import balance_of
from recognition.services.ledger import mismatched_balances
from tests.factories import MembershipFactory, UserFactory
from wellbeing.models import CheckIn
from wellbeing.services import record_check_in, request_lead_chat

pytestmark = pytest.mark.django_db

LOCAL = ZoneInfo(settings.TIME_ZONE)
MONDAY = dt.date(2026, 3, 16)  # a Monday: its 7-day window runs to Sunday 22 March
THANKED = "Customers thanked you this week"
FAVOURITE = "Customer favourite of the month"
CSAT_WEEK = "Great CSAT week"
QA = "Excellent QA review"
HARD_CALL = "After a hard call"


# --- Helpers and fixtures -----------------------------------------------------------------


@pytest.fixture
def integration() -> Integration:
    return create_integration(actor=None, name="Genesys Cloud")


@pytest.fixture
def rules() -> dict[str, Rule]:
    install_default_rules()
    return {rule.name_en: rule for rule in Rule.objects.all()}


def at(day: dt.date, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LOCAL)


def make_event(
    external_id: str,
    *,
    agent: User,
    type: str,
    occurred_at: dt.datetime | None = None,
    metrics: dict[str, Any] | None = None,
    text: str | None = None,
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "external_id": external_id,
        "email": agent.email,
        "type": type,
        "occurred_at": (occurred_at or timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "metrics": metrics or {},
    }
    if text is not None:
        event["text"] = text
    return event


def ingest(integration: Integration, events: list[dict[str, Any]], capture) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Ingest one batch as the API does and run the processing it enqueues."""
    with capture(execute=True):
        return ingest_events(
            integration=integration, events=events, body=json.dumps(events).encode()
        )


def store_pending(integration: Integration, events: list[dict[str, Any]]) -> list[int]:
    """Ingest without running the enqueued processing (its commit never comes)."""
    answer = ingest_events(integration=integration, events=events, body=json.dumps(events).encode())
    assert answer["accepted"] == len(events), answer
    return list(
        PerformanceEvent.objects.filter(external_id__in=[e["external_id"] for e in events])
        .order_by("id")
        .values_list("id", flat=True)
    )


def firings(rule: Rule, agent: User | None = None) -> list[RuleFiring]:
    found = RuleFiring.objects.filter(rule=rule).order_by("window_start", "id")
    return list(found.filter(agent=agent) if agent is not None else found)


def rule_feedback(rule: Rule, agent: User) -> list[Feedback]:
    return list(Feedback.objects.filter(firing__rule=rule, agent=agent).order_by("id"))


def rule_points(rule: Rule, agent: User) -> int:
    keys = [f.key for f in firings(rule, agent)]
    return sum(
        e.amount
        for e in LedgerEntry.objects.filter(account=agent, kind=LedgerEntry.Kind.RULE)
        if any(e.idempotency_key.startswith(f"{k}:") for k in keys)
    )


def everything() -> dict[str, int]:
    return {
        "firings": RuleFiring.objects.count(),
        "feedback": Feedback.objects.count(),
        "ledger": LedgerEntry.objects.count(),
        "notifications": Notification.objects.count(),
        "badges": BadgeAward.objects.count(),
    }


# --- Per-event rules ----------------------------------------------------------------------


def test_an_excellent_qa_review_gives_feedback_and_ten_points_once(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    # given
    events = [
        make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 96}),
        make_event("qa-2", agent=agent, type="qa_review", metrics={"score": 80}),
        make_event("qa-3", agent=agent, type="qa_review", metrics={"score": 90}),
    ]

    # when
    ingest(integration, events, django_capture_on_commit_callbacks)

    # then 96 and 90 are rewarded, 80 is not
    feedback = rule_feedback(rules[QA], agent)
    assert [f.message for f in feedback] == [
        "Your QA review scored 96. Great attention to detail!",
        "Your QA review scored 90. Great attention to detail!",
    ]
    assert all(f.kind == Feedback.Kind.PRAISE for f in feedback)
    assert [f.event.external_id for f in feedback] == ["qa-1", "qa-3"]
    assert len(firings(rules[QA])) == 2
    assert balance_of(user=agent) == 20
    assert mismatched_balances() == []
    assert Notification.objects.filter(user=agent, kind="feedback_praise").count() == 2
    assert Notification.objects.filter(user=agent).first().url == reverse("performance:inbox")
    assert set(PerformanceEvent.objects.values_list("status", flat=True)) == {"processed"}


def test_feedback_speaks_the_agents_language(
    integration, rules, team, django_capture_on_commit_callbacks
):
    agent = MembershipFactory(
        team=team, role=Role.AGENT, user=UserFactory(preferred_language="es")
    ).user

    ingest(
        integration,
        [make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 92.5})],
        django_capture_on_commit_callbacks,
    )

    assert Feedback.objects.get(agent=agent).message == (
        "Tu evaluación de calidad obtuvo 92,5. ¡Gran atención al detalle!"
    )


def test_a_qa_review_of_80_changes_nothing(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    ingest(
        integration,
        [make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 80})],
        django_capture_on_commit_callbacks,
    )

    assert everything() == dict.fromkeys(everything(), 0)
    assert PerformanceEvent.objects.get().status == PerformanceEvent.Status.PROCESSED


# --- Windowed rules -----------------------------------------------------------------------


def test_customers_thanked_you_this_week_fires_once_however_the_compliments_arrive(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    # given six compliments spread over one Monday-to-Sunday week, shuffled
    rng = random.Random(7)  # noqa: S311 - a seeded shuffle, not a secret
    days = [MONDAY + dt.timedelta(days=n) for n in (4, 0, 6, 2, 5, 2)]
    week_one = [
        make_event(
            f"thanks-{n}",
            agent=agent,
            type="customer_compliment",
            occurred_at=at(day, hour=rng.randint(9, 17), minute=rng.randint(0, 59)),
            text=f"Thank you, call {n}!",
        )
        for n, day in enumerate(days)
    ]
    rng.shuffle(week_one)

    # when they arrive in three batches during the week, and the last one a day late
    with time_machine.travel(at(MONDAY + dt.timedelta(days=6), 20), tick=False):
        for batch in (week_one[:2], week_one[2:3], week_one[3:5]):
            ingest(integration, batch, django_capture_on_commit_callbacks)
    with time_machine.travel(at(MONDAY + dt.timedelta(days=8), 10), tick=False):
        ingest(integration, week_one[5:], django_capture_on_commit_callbacks)

    # then the week fired exactly once: one message, one 20-point entry
    fired = firings(rules[THANKED], agent)
    assert [f.window_start for f in fired] == [MONDAY]
    assert fired[0].context["count"] == 3
    assert [f.message for f in rule_feedback(rules[THANKED], agent)] == [
        "3 customers thanked you this week. Your kindness is noticed."
    ]
    assert rule_points(rules[THANKED], agent) == 20

    # when three compliments come in the next week
    next_monday = MONDAY + dt.timedelta(days=7)
    week_two = [
        make_event(
            f"thanks-next-{n}",
            agent=agent,
            type="customer_compliment",
            occurred_at=at(next_monday + dt.timedelta(days=n), 11),
            text="Gracias!",
        )
        for n in (3, 1, 2)
    ]
    with time_machine.travel(at(next_monday + dt.timedelta(days=6), 20), tick=False):
        for event in week_two:
            ingest(integration, [event], django_capture_on_commit_callbacks)

    # then the next week fires once more, on its own window
    assert [f.window_start for f in firings(rules[THANKED], agent)] == [MONDAY, next_monday]
    assert rule_points(rules[THANKED], agent) == 40
    # every compliment with words is kept for the agent, once each
    assert Feedback.objects.filter(agent=agent, kind=Feedback.Kind.COMPLIMENT).count() == 9
    # the monthly badge fired once per 30-day window holding at least five compliments
    per_window = Counter(
        rule_language.window_start(timezone.localtime(e.occurred_at).date(), 30)
        for e in PerformanceEvent.objects.filter(agent=agent)
    )
    expected_windows = sorted(start for start, count in per_window.items() if count >= 5)
    assert [f.window_start for f in firings(rules[FAVOURITE], agent)] == expected_windows
    assert BadgeAward.objects.filter(recipient=agent).count() == len(expected_windows)
    assert mismatched_balances() == []


def test_two_compliments_in_a_week_are_not_enough(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    with time_machine.travel(at(MONDAY + dt.timedelta(days=6), 20), tick=False):
        ingest(
            integration,
            [
                make_event(
                    f"thanks-{n}",
                    agent=agent,
                    type="customer_compliment",
                    occurred_at=at(MONDAY + dt.timedelta(days=n)),
                    text="Thanks",
                )
                for n in range(2)
            ],
            django_capture_on_commit_callbacks,
        )
        # a third one a week later is in another window
        ingest(
            integration,
            [
                make_event(
                    "thanks-late",
                    agent=agent,
                    type="customer_compliment",
                    occurred_at=at(MONDAY - dt.timedelta(days=1)),
                    text="Thanks",
                )
            ],
            django_capture_on_commit_callbacks,
        )

    assert firings(rules[THANKED]) == []


def csat(agent: User, day: dt.date, scores: list[int], prefix: str) -> list[dict[str, Any]]:
    return [
        make_event(
            f"{prefix}-{n}",
            agent=agent,
            type="csat_response",
            occurred_at=at(day + dt.timedelta(days=n % 5), 9 + n % 8),
            metrics={"score": score},
        )
        for n, score in enumerate(scores)
    ]


def test_a_great_csat_week_needs_ten_responses_averaging_at_least_four_and_a_half(
    integration, rules, team, django_capture_on_commit_callbacks
):
    # given an agent who reads Spanish, and nine perfect surveys in one week
    agent = MembershipFactory(
        team=team, role=Role.AGENT, user=UserFactory(preferred_language="es")
    ).user
    with time_machine.travel(at(MONDAY + dt.timedelta(days=6), 20), tick=False):
        ingest(integration, csat(agent, MONDAY, [5] * 9, "s"), django_capture_on_commit_callbacks)

        # then nine are not enough
        assert firings(rules[CSAT_WEEK]) == []

        # when a tenth (a 2) arrives: the mean is 4.7 over 10 surveys
        tenth = make_event(
            "s-9", agent=agent, type="csat_response", occurred_at=at(MONDAY), metrics={"score": 2}
        )
        ingest(integration, [tenth], django_capture_on_commit_callbacks)
        # and an eleventh changes nothing more
        eleventh = make_event(
            "s-10", agent=agent, type="csat_response", occurred_at=at(MONDAY), metrics={"score": 5}
        )
        ingest(integration, [eleventh], django_capture_on_commit_callbacks)

    # then the week fired once, in Spanish, with the numbers filled in
    fired = firings(rules[CSAT_WEEK], agent)
    assert len(fired) == 1
    assert fired[0].context == {"count": 10, "value": 4.7, "days": 7}
    assert [f.message for f in rule_feedback(rules[CSAT_WEEK], agent)] == [
        "Tus clientes te calificaron con 4,7 en promedio en 10 encuestas esta semana."
    ]
    assert rule_points(rules[CSAT_WEEK], agent) == 30
    assert mismatched_balances() == []


def test_ten_csat_responses_averaging_under_four_and_a_half_do_not_fire(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    scores = [5, 5, 5, 5, 4, 4, 4, 4, 4, 4]  # mean 4.4
    with time_machine.travel(at(MONDAY + dt.timedelta(days=6), 20), tick=False):
        ingest(integration, csat(agent, MONDAY, scores, "s"), django_capture_on_commit_callbacks)

    assert firings(rules[CSAT_WEEK]) == []


def test_a_cool_down_blocks_a_second_firing_within_its_days(
    integration, rules, agent, hr_admin, django_capture_on_commit_callbacks
):
    # given a per-event rule with a seven-day cool-down
    adherence = rules[QA].event_type.__class__.objects.get(slug="adherence")
    rule = save_rule(
        actor=hr_admin,
        rule=None,
        name_en="On schedule",
        name_es="Puntual",
        event_type=adherence,
        condition={"metric": "percent", "op": ">=", "value": 95},
        cooldown_days=7,
        effects=[
            {"kind": RuleEffect.Kind.FEEDBACK, "message_en": "Right on schedule: {percent}%."},
            {"kind": RuleEffect.Kind.POINTS, "points": 5},
        ],
    )

    def adherent(day_offset: int) -> None:
        day = MONDAY + dt.timedelta(days=day_offset)
        with time_machine.travel(at(day, 18), tick=False):
            ingest(
                integration,
                [
                    make_event(
                        f"adh-{day_offset}",
                        agent=agent,
                        type="adherence",
                        occurred_at=at(day, 17),
                        metrics={"percent": 97.5},
                    )
                ],
                django_capture_on_commit_callbacks,
            )

    # when the agent is on schedule on days 0, 2, 6 and 8
    for offset in (0, 2, 6, 8):
        adherent(offset)

    # then only day 0 and day 8 (seven days later) fired
    fired = firings(rule, agent)
    assert [f.event.external_id for f in fired] == ["adh-0", "adh-8"]
    assert [f.message for f in rule_feedback(rule, agent)] == ["Right on schedule: 97.5%."] * 2
    assert balance_of(user=agent) == 10
    assert PerformanceEvent.objects.filter(status="processed").count() == 4


# --- Compliments and hard calls -----------------------------------------------------------


def test_a_customer_compliment_reaches_the_agent_with_the_customers_words_once(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    # given
    words = "La agente fue muy amable y resolvió mi problema en una sola llamada."
    event = make_event("thanks-1", agent=agent, type="customer_compliment", text=words)

    # when it is ingested, and then processed again by a re-delivered task
    ingest(integration, [event], django_capture_on_commit_callbacks)
    stored = PerformanceEvent.objects.get()
    PerformanceEvent.objects.filter(pk=stored.pk).update(status=PerformanceEvent.Status.PENDING)
    processing.process_events(event_ids=[stored.pk])

    # then the second run found everything done and failed nothing
    stored.refresh_from_db()
    assert (stored.status, stored.attempts, stored.last_error) == ("processed", 2, "")
    # and there is one compliment with the customer's words
    compliment = Feedback.objects.get(agent=agent, kind=Feedback.Kind.COMPLIMENT)
    assert compliment.customer_text == words
    assert compliment.message == "A customer took the time to thank you."
    assert compliment.event_id == stored.pk
    assert Notification.objects.filter(user=agent, kind="feedback_compliment").count() == 1


def test_a_compliment_without_words_adds_no_empty_message(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    ingest(
        integration,
        [make_event("thanks-1", agent=agent, type="customer_compliment")],
        django_capture_on_commit_callbacks,
    )

    assert not Feedback.objects.filter(kind=Feedback.Kind.COMPLIMENT).exists()


def test_an_escalation_offers_a_break_and_links_to_the_check_in(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    ingest(
        integration,
        [make_event("esc-1", agent=agent, type="escalation", metrics={"handle_time_s": 2400})],
        django_capture_on_commit_callbacks,
    )

    feedback = Feedback.objects.get(agent=agent)
    assert feedback.kind == Feedback.Kind.BREAK
    assert feedback.message.startswith("That sounded like a tough call.")
    notification = Notification.objects.get(user=agent)
    assert notification.kind == "feedback_break"
    assert notification.url == "/performance/feedback/?kind=break"
    assert LedgerEntry.objects.count() == 0


# --- Exactly once -------------------------------------------------------------------------


def test_processing_an_event_again_creates_nothing_twice(integration, rules, agent):
    # given stored, unprocessed events with every kind of effect
    ids = store_pending(
        integration,
        [
            make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 99}),
            make_event("thanks-1", agent=agent, type="customer_compliment", text="Gracias"),
            make_event("esc-1", agent=agent, type="escalation"),
        ],
    )

    # when they are processed, with repeated ids, and then once more one by one
    assert processing.process_events(event_ids=[*ids, *ids, ids[0]]) == 3
    once = everything()
    assert processing.process_events(event_ids=ids) == 0
    assert [processing.process_event(event_id=i) for i in ids] == [False] * 3
    assert tasks.process_events_task.delay(ids).get() == 0
    # and even when the "processed" marks are lost, the idempotency keys hold
    PerformanceEvent.objects.update(status=PerformanceEvent.Status.PENDING)
    assert processing.process_events(event_ids=ids) == 3

    # then nothing was created twice, and nothing failed
    assert everything() == once
    assert set(PerformanceEvent.objects.values_list("status", "last_error")) == {("processed", "")}
    assert once == {"firings": 2, "feedback": 3, "ledger": 1, "notifications": 3, "badges": 0}
    assert list(PerformanceEvent.objects.values_list("attempts", flat=True)) == [2, 2, 2]
    assert balance_of(user=agent) == 10
    assert mismatched_balances() == []


def test_a_missing_event_id_is_skipped(integration, rules):
    assert processing.process_events(event_ids=[987654]) == 0


def test_a_failure_leaves_the_event_pending_with_the_error_until_it_is_failed(
    integration, rules, agent, settings, monkeypatch
):
    # given an event whose effects cannot be applied
    settings.EVENTS_MAX_ATTEMPTS = 3
    [event_id] = store_pending(
        integration, [make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 99})]
    )

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("notification service exploded")

    monkeypatch.setattr(processing, "_apply_effects", broken)

    # when it is processed once
    assert processing.process_events(event_ids=[event_id]) == 0

    # then it stays pending, with one attempt and the error, and no half-made effect
    event = PerformanceEvent.objects.get(pk=event_id)
    assert event.status == PerformanceEvent.Status.PENDING
    assert event.attempts == 1
    assert event.last_error == "RuntimeError: notification service exploded"
    assert everything() == dict.fromkeys(everything(), 0)

    # when it fails twice more it is failed, and further runs leave it alone
    processing.process_events(event_ids=[event_id])
    assert PerformanceEvent.objects.get(pk=event_id).status == PerformanceEvent.Status.PENDING
    processing.process_events(event_ids=[event_id])
    processing.process_events(event_ids=[event_id])
    event.refresh_from_db()
    assert (event.status, event.attempts) == (PerformanceEvent.Status.FAILED, 3)
    assert everything() == dict.fromkeys(everything(), 0)


def test_retrying_failed_events_processes_them_once(
    integration, rules, agent, hr_admin, settings, monkeypatch, django_capture_on_commit_callbacks
):
    # given a failed event and a processed one
    settings.EVENTS_MAX_ATTEMPTS = 1
    [failed_id] = store_pending(
        integration, [make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 99})]
    )
    monkeypatch.setattr(processing, "_apply_effects", lambda **kwargs: 1 / 0)
    processing.process_events(event_ids=[failed_id])
    assert PerformanceEvent.objects.get(pk=failed_id).status == PerformanceEvent.Status.FAILED
    monkeypatch.undo()
    [done_id] = store_pending(
        integration, [make_event("qa-2", agent=agent, type="qa_review", metrics={"score": 95})]
    )
    processing.process_events(event_ids=[done_id])

    # when HR retries the failed events
    with django_capture_on_commit_callbacks(execute=True):
        retried = processing.retry_failed_events(actor=hr_admin)

    # then the failed one is processed, once, and the processed one is untouched
    assert retried == 1
    event = PerformanceEvent.objects.get(pk=failed_id)
    assert (event.status, event.last_error) == (PerformanceEvent.Status.PROCESSED, "")
    assert Feedback.objects.filter(event_id=failed_id).count() == 1
    assert Feedback.objects.filter(event_id=done_id).count() == 1
    assert balance_of(user=agent) == 20
    assert AuditEvent.objects.filter(verb="events.retried", actor=hr_admin).count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert processing.retry_failed_events(actor=hr_admin) == 0
    assert balance_of(user=agent) == 20


def test_the_sweeper_re_enqueues_only_events_pending_past_the_grace_period(
    integration, rules, agent, settings, monkeypatch
):
    # given events received 10 minutes ago (pending, processed, failed) and one just now
    settings.EVENTS_SWEEP_GRACE_SECONDS = 120
    ten_minutes_ago = timezone.now() - dt.timedelta(minutes=10)
    with time_machine.travel(ten_minutes_ago, tick=False):
        stale, processed, failed = store_pending(
            integration,
            [make_event(f"call-{n}", agent=agent, type="call_completed") for n in range(3)],
        )
    PerformanceEvent.objects.filter(pk=processed).update(status=PerformanceEvent.Status.PROCESSED)
    PerformanceEvent.objects.filter(pk=failed).update(status=PerformanceEvent.Status.FAILED)
    [fresh] = store_pending(
        integration, [make_event("call-new", agent=agent, type="call_completed")]
    )
    enqueued: list[list[int]] = []
    monkeypatch.setattr(
        ingestion, "enqueue_processing", lambda *, event_ids: enqueued.append(list(event_ids))
    )

    # when the sweeper runs now, and again three minutes later
    swept_now = processing.sweep_pending_events()
    swept_later = processing.sweep_pending_events(now=timezone.now() + dt.timedelta(minutes=3))

    # then only the stale pending event is picked up now; later the fresh one too
    assert (swept_now, swept_later) == (1, 2)
    assert enqueued == [[stale], [stale, fresh]]


def test_with_the_broker_down_events_are_stored_pending_and_the_sweeper_processes_them(
    integration, rules, agent, monkeypatch, django_capture_on_commit_callbacks
):
    # given a broker that refuses connections
    _key, secret = create_api_key(actor=None, integration=integration)

    def broker_down(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.process_events_task, "delay", broker_down)
    events = [
        make_event("qa-1", agent=agent, type="qa_review", metrics={"score": 97}),
        make_event("esc-1", agent=agent, type="escalation"),
    ]

    # when events are posted
    with django_capture_on_commit_callbacks(execute=True):
        response = APIClient().post(
            reverse("api:events-ingest"),
            events,
            format="json",
            HTTP_AUTHORIZATION=f"Api-Key {secret}",
        )

    # then the integration is told they were accepted, and they wait, stored, as pending
    assert response.status_code == 200
    assert response.json()["accepted"] == 2
    assert set(PerformanceEvent.objects.values_list("status", "attempts")) == {("pending", 0)}
    assert everything() == dict.fromkeys(everything(), 0)

    # when the broker is back and the sweeper runs after the grace period
    monkeypatch.undo()
    later = timezone.now() + dt.timedelta(seconds=settings.EVENTS_SWEEP_GRACE_SECONDS + 1)
    assert processing.sweep_pending_events(now=later) == 2

    # then they are processed, effects once
    assert set(PerformanceEvent.objects.values_list("status", flat=True)) == {"processed"}
    assert everything() == {
        "firings": 2,
        "feedback": 2,
        "ledger": 1,
        "notifications": 2,
        "badges": 0,
    }
    assert processing.sweep_pending_events(now=later) == 0
    assert IngestionBatch.objects.count() == 1


# --- The firewall (design invariant 7) ----------------------------------------------------


def outcome(agent: User) -> dict[str, Any]:
    """What the performance side did for ``agent``, free of ids and timestamps."""
    return {
        "feedback": sorted(
            Feedback.objects.filter(agent=agent).values_list("kind", "message", "customer_text")
        ),
        "ledger": sorted(
            LedgerEntry.objects.filter(account=agent).values_list("kind", "amount", "memo")
        ),
        "firings": sorted(
            (f.rule.name_en, str(f.window_start), json.dumps(f.context, sort_keys=True))
            for f in RuleFiring.objects.filter(agent=agent).select_related("rule")
        ),
        "badges": BadgeAward.objects.filter(recipient=agent).count(),
        "balance": balance_of(user=agent),
    }


def test_check_ins_never_change_what_performance_events_earn(
    integration, rules, team, team_lead, django_capture_on_commit_callbacks
):
    # given two agents alike in every way but one: Ana has had a very hard week
    struggling, steady = (
        MembershipFactory(team=team, role=Role.AGENT, user=UserFactory(display_name=name)).user
        for name in ("Ana", "Bea")
    )
    sunday = MONDAY + dt.timedelta(days=6)
    for day in range(7):
        record_check_in(
            user=struggling,
            mood=1,
            energy=1,
            stress=5,
            note="Exhausted.",
            shared_with_lead=day % 2 == 0,
            now=at(MONDAY + dt.timedelta(days=day), 8),
        )
    with time_machine.travel(at(sunday, 20), tick=False):
        request_lead_chat(user=struggling)
    assert CheckIn.objects.filter(user=struggling).count() == 7
    assert not CheckIn.objects.filter(user=steady).exists()

    # when both get the same week of events
    def week_for(agent: User) -> list[dict[str, Any]]:
        name = agent.display_name
        return [
            *csat(agent, MONDAY, [5, 5, 4, 5, 5, 5, 4, 5, 5, 5], f"{name}-csat"),
            *(
                make_event(
                    f"{name}-qa-{n}",
                    agent=agent,
                    type="qa_review",
                    occurred_at=at(MONDAY + dt.timedelta(days=n)),
                    metrics={"score": score},
                )
                for n, score in enumerate([91, 85, 100])
            ),
            *(
                make_event(
                    f"{name}-thanks-{n}",
                    agent=agent,
                    type="customer_compliment",
                    # Tuesday to Saturday: one 30-day window (a new one starts on 17 March)
                    occurred_at=at(MONDAY + dt.timedelta(days=n + 1)),
                    text="Thank you!",
                )
                for n in range(5)
            ),
            make_event(f"{name}-esc", agent=agent, type="escalation", occurred_at=at(MONDAY, 15)),
        ]

    with time_machine.travel(at(sunday, 20), tick=False):
        ingest(integration, week_for(struggling), django_capture_on_commit_callbacks)
        ingest(integration, week_for(steady), django_capture_on_commit_callbacks)

    # then both earned exactly the same
    assert outcome(struggling) == outcome(steady)
    assert outcome(steady)["balance"] == 30 + 20 + 20  # CSAT week, two QA reviews, thanks
    assert outcome(steady)["badges"] == 1
    assert mismatched_balances() == []


def test_one_absurd_metric_does_not_stop_its_window_from_being_processed(
    integration, rules, agent, django_capture_on_commit_callbacks
):
    # given a week of CSAT surveys, one of them with a score no float can hold (valid JSON)
    huge = make_event(
        "s-huge", agent=agent, type="csat_response", occurred_at=at(MONDAY), metrics={"score": 0}
    )
    huge["metrics"]["score"] = 10**400
    with time_machine.travel(at(MONDAY + dt.timedelta(days=6), 20), tick=False):
        # when it arrives with ten good ones
        ingest(
            integration,
            [huge, *csat(agent, MONDAY, [5] * 10, "s")],
            django_capture_on_commit_callbacks,
        )
        for _ in range(settings.EVENTS_MAX_ATTEMPTS):  # and the sweeper retries, as beat would
            processing.sweep_pending_events(now=timezone.now() + dt.timedelta(hours=1))

    # then whatever became of the absurd one, the good ones are processed, none failed
    stuck = PerformanceEvent.objects.exclude(status=PerformanceEvent.Status.PROCESSED)
    assert list(stuck.values_list("external_id", "status", "last_error")) == []


def test_a_chunk_judges_each_window_once_and_still_fires_it_once(db):
    # given a windowed rule with a condition: only scores of 5 count, 3 of them in a week
    from django.utils import timezone as tz

    from people.models import Role
    from performance.defaults import ensure_default_event_types
    from performance.models import EventType, PerformanceEvent, Rule, RuleEffect, RuleFiring
    from performance.services.keys import create_integration
    from performance.services.processing import process_events
    from tests.factories import MembershipFactory

    ensure_default_event_types()
    agent = MembershipFactory(role=Role.AGENT).user
    rule = Rule.objects.create(
        name_en="Three fives",
        name_es="Tres cincos",
        event_type=EventType.objects.get(slug="csat_response"),
        condition={"all": [{"metric": "score", "op": ">=", "value": 5}]},
        aggregate="count",
        aggregate_value=3,
        window_days=7,
    )
    RuleEffect.objects.create(rule=rule, kind="feedback", message_en="{count} fives!")
    integration = create_integration(actor=None, name="Survey")
    monday = tz.localtime().replace(hour=12) - dt.timedelta(days=tz.localtime().weekday() + 7)
    scores = [3, 5, 4, 5, 5, 2]  # the first event of the window fails the condition
    events = PerformanceEvent.objects.bulk_create(
        [
            PerformanceEvent(
                integration=integration,
                external_id=f"s{i}",
                agent=agent,
                event_type=rule.event_type,
                occurred_at=monday + dt.timedelta(hours=i),
                metrics={"score": score},
            )
            for i, score in enumerate(scores)
        ]
    )

    # when the chunk is processed (twice, as a re-delivery would)
    process_events(event_ids=[e.pk for e in events])
    process_events(event_ids=[e.pk for e in events])

    # then the window fired exactly once and every event is processed
    assert RuleFiring.objects.filter(rule=rule).count() == 1
    assert set(PerformanceEvent.objects.values_list("status", flat=True)) == {"processed"}
