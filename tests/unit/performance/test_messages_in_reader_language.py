"""What a rule leaves for an agent (a feedback notification, a points memo) reads in the
reader's language, whatever language the worker ran in (issue 12 §4)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone, translation

from notifications.models import Notification
from performance.defaults import install_default_rules
from performance.models import Feedback
from performance.services.ingestion import ingest_events
from performance.services.keys import create_integration
from recognition.models import LedgerEntry

pytestmark = pytest.mark.django_db


def qa_review(agent, score: float) -> list[dict]:  # type: ignore[no-untyped-def]
    return [
        {
            "external_id": "qa-1",
            "email": agent.email,
            "type": "qa_review",
            "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
            "metrics": {"score": score},
        }
    ]


@pytest.fixture
def rewarded(agent, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """An English-speaking agent's excellent QA review, processed in a worker whose
    active language is the site's default (Spanish)."""
    install_default_rules()
    integration = create_integration(actor=None, name="QA tool")
    events = qa_review(agent, 96)
    with django_capture_on_commit_callbacks(execute=True), translation.override("es"):
        ingest_events(integration=integration, events=events, body=json.dumps(events).encode())
    return agent


def test_the_feedback_notification_reads_in_the_readers_language(rewarded):
    notification = Notification.objects.get(user=rewarded, kind="feedback_praise")

    # stored in the agent's language (English), whatever the worker spoke
    assert notification.message == "Your QA review scored 96. Great attention to detail!"
    with translation.override("es"):
        assert notification.text == (
            "Tu evaluación de calidad obtuvo 96. ¡Gran atención al detalle!"
        )
    with translation.override("en"):
        assert notification.text == "Your QA review scored 96. Great attention to detail!"


def test_the_points_memo_names_the_rule_for_each_reader(rewarded):
    entry = LedgerEntry.objects.get(account=rewarded, kind=LedgerEntry.Kind.RULE)

    assert entry.memo_key == "ledger.rule"
    with translation.override("en"):
        assert entry.memo_text == "Excellent QA review"


def test_a_customer_compliment_reads_in_the_readers_language(
    agent, django_capture_on_commit_callbacks
):
    integration = create_integration(actor=None, name="Surveys")
    events = qa_review(agent, 0)
    events[0].update(type="customer_compliment", metrics={}, text="¡Gracias!")
    with django_capture_on_commit_callbacks(execute=True):
        ingest_events(integration=integration, events=events, body=json.dumps(events).encode())

    notification = Notification.objects.get(user=agent, kind="feedback_compliment")
    feedback = Feedback.objects.get(agent=agent, kind=Feedback.Kind.COMPLIMENT)
    with translation.override("es"):
        assert notification.text == feedback.text == "Un cliente se tomó el tiempo de agradecerte."
    with translation.override("en"):
        assert notification.text == feedback.text == "A customer took the time to thank you."


def test_the_feedback_itself_reads_in_the_readers_language(rewarded):
    """The agent reads English; their lead may read Spanish on the team feedback page."""
    feedback = Feedback.objects.get(agent=rewarded, kind=Feedback.Kind.PRAISE)

    with translation.override("es"):
        assert feedback.text == "Tu evaluación de calidad obtuvo 96. ¡Gran atención al detalle!"
    with translation.override("en"):
        assert feedback.text == "Your QA review scored 96. Great attention to detail!"
