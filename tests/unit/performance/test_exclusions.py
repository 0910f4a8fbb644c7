"""Excluded events (an outage, coaching time): flagged by the integration (API or CSV) or by
HR afterwards; stored, never counted by any rule (the engine's side is in its own tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.exceptions import DomainError, PermissionDeniedError
from core.models import AuditEvent
from performance.models import EventType, IngestionBatch, Integration, PerformanceEvent
from performance.services.csv_import import import_events_csv
from performance.services.exclusions import exclude_events
from performance.services.keys import create_api_key, create_integration

pytestmark = pytest.mark.django_db

URL = reverse("api:events-ingest")


@pytest.fixture
def integration() -> Integration:
    return create_integration(actor=None, name="Genesys Cloud")


@pytest.fixture
def secret(integration) -> str:
    return create_api_key(actor=None, integration=integration, name="production")[1]


def an_event(external_id: str, *, agent: Any, **fields: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "external_id": external_id,
        "email": agent.email,
        "type": "call_completed",
        "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        "metrics": {"handle_time_s": 312},
    }
    event.update(fields)
    return event


def post(secret: str, body: Any) -> Any:
    return APIClient().post(URL, body, format="json", HTTP_AUTHORIZATION=f"Api-Key {secret}")


def stored(integration: Integration, *, agent: Any, at: dt.datetime, **fields: Any) -> Any:
    return PerformanceEvent.objects.create(
        integration=integration,
        external_id=f"e-{PerformanceEvent.objects.count()}",
        agent=agent,
        event_type=fields.pop("event_type", EventType.objects.get(slug="call_completed")),
        occurred_at=at,
        metrics={"handle_time_s": 300},
        **fields,
    )


# --- From the integration ----------------------------------------------------------------


def test_an_integration_flags_an_event_excluded_with_its_reason(secret, agent):
    # when the tool sends an outage call flagged excluded, beside an ordinary one
    response = post(
        secret,
        [
            an_event("c-1", agent=agent, excluded=True, exclusion_reason="Telephony outage"),
            an_event("c-2", agent=agent),
        ],
    )
    # then both are stored, the first excluded with its reason, the second counted
    assert response.status_code == 200
    assert response.json()["accepted"] == 2
    flagged = PerformanceEvent.objects.get(external_id="c-1")
    assert (flagged.excluded, flagged.exclusion_reason) == (True, "Telephony outage")
    plain = PerformanceEvent.objects.get(external_id="c-2")
    assert (plain.excluded, plain.exclusion_reason) == (False, "")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"excluded": "yes"}, "excluded"),
        ({"excluded": 1}, "excluded"),
        ({"excluded": None}, "excluded"),
        ({"excluded": True, "exclusion_reason": 42}, "exclusion_reason"),
        ({"excluded": True, "exclusion_reason": "x" * 201}, "exclusion_reason"),
        ({"exclusion_reason": "Outage"}, "exclusion_reason"),
        ({"excluded": False, "exclusion_reason": "Outage"}, "exclusion_reason"),
    ],
)
def test_a_bad_exclusion_rejects_its_event_only(secret, agent, fields, field):
    response = post(secret, [an_event("bad", agent=agent, **fields), an_event("ok", agent=agent)])
    body = response.json()
    assert response.status_code == 200
    assert (body["accepted"], body["rejected"]) == (1, 1)
    assert field in body["results"][0]["errors"]
    assert list(PerformanceEvent.objects.values_list("external_id", flat=True)) == ["ok"]


def test_a_resent_batch_with_exclusions_gets_the_same_answer_and_stores_nothing_new(secret, agent):
    body = [
        an_event("c-1", agent=agent, excluded=True, exclusion_reason="Coaching"),
        an_event("c-2", agent=agent, excluded="no"),
    ]
    first = post(secret, body)
    again = post(secret, body)
    assert again.json() == first.json()
    assert PerformanceEvent.objects.count() == 1
    assert IngestionBatch.objects.count() == 1


def test_the_csv_import_takes_the_exclusion_columns(hr_admin, integration, agent):
    # given a file with an outage row, an ordinary row and a row with a bad flag
    when = (timezone.now() - dt.timedelta(hours=2)).isoformat()
    data = (
        "external_id,email,type,occurred_at,metric_handle_time_s,excluded,exclusion_reason\n"
        f"c-1,{agent.email},call_completed,{when},300,true,Telephony outage\n"
        f"c-2,{agent.email},call_completed,{when},310,,\n"
        f"c-3,{agent.email},call_completed,{when},320,maybe,\n"
    ).encode()
    # when HR import it
    result = import_events_csv(actor=hr_admin, integration=integration, data=data)
    # then the outage row is stored excluded, the bad flag is reported on its row
    assert (result.accepted, result.rejected) == (2, 1)
    assert [(e.row, e.field) for e in result.errors] == [(4, "excluded")]
    assert PerformanceEvent.objects.get(external_id="c-1").exclusion_reason == "Telephony outage"
    assert not PerformanceEvent.objects.get(external_id="c-2").excluded


# --- HR, afterwards ----------------------------------------------------------------------


def test_hr_exclude_an_outage_processed_or_not_and_the_audit_row_counts_them(
    hr_admin, integration, agent, teammate
):
    # given events inside an outage hour (one already processed) and one after it
    start = timezone.now() - dt.timedelta(hours=3)
    pending = stored(integration, agent=agent, at=start + dt.timedelta(minutes=10))
    processed = stored(
        integration,
        agent=teammate,
        at=start + dt.timedelta(minutes=20),
        status=PerformanceEvent.Status.PROCESSED,
        processed_at=timezone.now(),
    )
    after = stored(integration, agent=agent, at=start + dt.timedelta(hours=2))
    # when HR exclude the hour
    count = exclude_events(
        actor=hr_admin, starts=start, ends=start + dt.timedelta(hours=1), reason=" Outage "
    )
    # then both events inside it are excluded, with the reason, and the later one is not
    assert count == 2
    for event in (pending, processed):
        event.refresh_from_db()
        assert (event.excluded, event.exclusion_reason) == (True, "Outage")
    processed.refresh_from_db()
    assert processed.status == PerformanceEvent.Status.PROCESSED  # its effects stay
    after.refresh_from_db()
    assert not after.excluded
    audit = AuditEvent.objects.get(verb="events.excluded")
    assert audit.actor == hr_admin
    assert audit.data["count"] == 2


def test_hr_may_narrow_an_exclusion_to_a_team_and_a_type(
    hr_admin, integration, agent, other_team_agent, team
):
    at = timezone.now() - dt.timedelta(hours=1)
    mine = stored(integration, agent=agent, at=at)
    theirs = stored(integration, agent=other_team_agent, at=at)
    qa = stored(integration, agent=agent, at=at, event_type=EventType.objects.get(slug="qa_review"))
    count = exclude_events(
        actor=hr_admin,
        starts=at - dt.timedelta(minutes=5),
        ends=at + dt.timedelta(minutes=5),
        reason="Coaching session",
        event_type=EventType.objects.get(slug="call_completed"),
        team=team,
    )
    assert count == 1
    assert [e.pk for e in PerformanceEvent.objects.filter(excluded=True)] == [mine.pk]
    assert not PerformanceEvent.objects.filter(pk__in=[theirs.pk, qa.pk], excluded=True).exists()


def test_hr_never_exclude_their_own_events(hr_admin, integration):
    at = timezone.now() - dt.timedelta(hours=1)
    own = stored(integration, agent=hr_admin, at=at)
    count = exclude_events(
        actor=hr_admin,
        starts=at - dt.timedelta(hours=1),
        ends=at + dt.timedelta(hours=1),
        reason="x",
    )
    own.refresh_from_db()
    assert count == 0
    assert not own.excluded


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_only_hr_exclude_events(request, persona, integration, agent):
    at = timezone.now() - dt.timedelta(hours=1)
    event = stored(integration, agent=agent, at=at)
    with pytest.raises(PermissionDeniedError):
        exclude_events(
            actor=request.getfixturevalue(persona),
            starts=at - dt.timedelta(hours=1),
            ends=at + dt.timedelta(hours=1),
            reason="Outage",
        )
    event.refresh_from_db()
    assert not event.excluded
    assert not AuditEvent.objects.filter(verb="events.excluded").exists()


@pytest.mark.parametrize(
    ("offset_hours", "reason", "field"),
    [
        (-1, "Outage", "ends"),
        (0, "Outage", "ends"),
        (24 * 40, "Outage", "ends"),
        (1, " ", "reason"),
    ],
)
def test_a_bad_range_or_no_reason_is_a_400_that_changes_nothing(
    hr_admin, integration, agent, offset_hours, reason, field
):
    start = timezone.now() - dt.timedelta(days=50)
    event = stored(integration, agent=agent, at=start + dt.timedelta(minutes=1))
    with pytest.raises(DomainError) as refused:
        exclude_events(
            actor=hr_admin,
            starts=start,
            ends=start + dt.timedelta(hours=offset_hours),
            reason=reason,
        )
    assert refused.value.status_code == 400
    assert field in refused.value.errors
    event.refresh_from_db()
    assert not event.excluded
    assert not AuditEvent.objects.filter(verb="events.excluded").exists()


# --- The status page's form ---------------------------------------------------------------


EXCLUDE = reverse("performance:exclude_events")


def test_hr_exclude_from_the_status_page(client, hr_admin, integration, agent):
    at = timezone.localtime() - dt.timedelta(hours=1)
    event = stored(integration, agent=agent, at=at)
    client.force_login(hr_admin)
    page = client.get(reverse("performance:status"))
    assert "Leave out an outage or coaching time" in page.content.decode()
    response = client.post(
        EXCLUDE,
        {
            "starts": (at - dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
            "ends": (at + dt.timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Telephony outage",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("performance:status")
    assert "1 event will no longer count for any rule." in response.content.decode()
    event.refresh_from_db()
    assert event.excluded


def test_a_bad_range_on_the_page_is_a_400_with_the_form_and_its_error(
    client, hr_admin, integration, agent
):
    at = timezone.localtime() - dt.timedelta(hours=1)
    stored(integration, agent=agent, at=at)
    client.force_login(hr_admin)
    response = client.post(
        EXCLUDE,
        {
            "starts": at.strftime("%Y-%m-%dT%H:%M"),
            "ends": (at - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Outage",
        },
    )
    assert response.status_code == 400
    assert "The end must be after the start." in response.content.decode()
    assert not PerformanceEvent.objects.filter(excluded=True).exists()


def test_the_page_form_is_hrs_only(client, team_lead, integration, agent):
    at = timezone.localtime() - dt.timedelta(hours=1)
    stored(integration, agent=agent, at=at)
    client.force_login(team_lead)
    response = client.post(
        EXCLUDE,
        {
            "starts": (at - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "ends": (at + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "reason": "Outage",
        },
    )
    assert response.status_code == 403
    assert not PerformanceEvent.objects.filter(excluded=True).exists()
