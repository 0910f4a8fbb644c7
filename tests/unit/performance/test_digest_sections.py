"""Performance in the weekly digest: an agent's own feedback of the week; HR's view of the
integrations, news only when one needs them."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from notifications.digests import build_digest
from performance.models import (
    EventType,
    Feedback,
    IngestionBatch,
    Integration,
    PerformanceEvent,
)

pytestmark = pytest.mark.django_db

LAST_WEEK = dt.date(2026, 11, 23)
DURING = dt.datetime(2026, 11, 25, 15, tzinfo=dt.UTC)


def built(user):  # type: ignore[no-untyped-def]
    return build_digest(user=user, week_start=LAST_WEEK, week_end=LAST_WEEK + dt.timedelta(6))


def section(user, name):  # type: ignore[no-untyped-def]
    return {s["name"]: s for s in built(user).sections["en"]}.get(name)


def feedback(agent, kind, text, **extra):  # type: ignore[no-untyped-def]
    return Feedback.objects.create(
        agent=agent,
        kind=kind,
        message=text,
        texts={"en": text, "es": text},
        idempotency_key=f"{agent.pk}:{text}",
        **extra,
    )


def test_an_agent_reads_their_praise_and_compliments_but_not_break_suggestions(agent, teammate):
    with time_machine.travel(DURING, tick=False):
        feedback(agent, Feedback.Kind.PRAISE, "Your CSAT was 4.9 this week")
        feedback(agent, Feedback.Kind.COMPLIMENT, "Compliment", customer_text="So patient!")
        feedback(agent, Feedback.Kind.BREAK, "That call was hard: take five")
        feedback(teammate, Feedback.Kind.PRAISE, "Teammate's CSAT was 5.0")

    items = section(agent, "performance.feedback")["items"]

    assert [(i["text"], i["detail"]) for i in items] == [
        ("Your CSAT was 4.9 this week", ""),
        ("A customer took the time to thank you.", "So patient!"),
    ]


def test_healthy_integrations_are_shown_but_are_no_reason_to_send(hr_admin):
    # given an integration that sent events last week and no failures
    integration = Integration.objects.create(name="Telephony")
    with time_machine.travel(DURING, tick=False):
        IngestionBatch.objects.create(integration=integration, body_sha256="a", response_json="{}")

    digest = built(hr_admin)

    [item] = {s["name"]: s for s in digest.sections["en"]}["performance.integrations"]["items"]
    # on HR's clock (Mexico City, the default): 15:00 UTC is 09:00 there
    assert item["text"] == "Telephony: last events received Nov 25, 2026, 09:00."
    assert digest.newsworthy is False


def test_a_silent_integration_and_failed_events_are_news_for_hr(hr_admin, agent):
    # given one integration that never sent anything and a failed event of another
    Integration.objects.create(name="Chat tool")
    telephony = Integration.objects.create(name="Telephony")
    with time_machine.travel(DURING, tick=False):
        IngestionBatch.objects.create(integration=telephony, body_sha256="b", response_json="{}")
        PerformanceEvent.objects.create(
            integration=telephony,
            external_id="e-1",
            agent=agent,
            event_type=EventType.objects.order_by("pk").first(),
            occurred_at=DURING,
            status=PerformanceEvent.Status.FAILED,
        )

    digest = built(hr_admin)

    texts = [
        i["text"]
        for i in {s["name"]: s for s in digest.sections["en"]}["performance.integrations"]["items"]
    ]
    assert texts[0] == "Chat tool has sent no events yet."
    assert texts[-1] == "1 event failed and waits for you."
    assert digest.newsworthy is True
    assert "performance.integrations" not in {s["name"] for s in built(agent).sections["en"]}
