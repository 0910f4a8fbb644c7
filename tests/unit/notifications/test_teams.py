"""Microsoft Teams announcements (issue 14, item 7): public kudos and badges posted as
Adaptive Cards to Workflows webhooks, per team or company-wide, retried with the outbound
webhooks' backoff, HR-only pages. Deliveries go to a real HTTP server on loopback."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from core.exceptions import ConflictError, DomainError, PermissionDeniedError
from core.models import AuditEvent
from notifications import crypto
from notifications.models import TeamsChannel, WebhookDelivery
from notifications.services.teams import create_channel, deactivate_channel
from notifications.services.webhooks import (
    announce,
    backoff,
    deliver,
    retry_delivery,
    retry_due_deliveries,
)
from recognition.models import BadgeClass
from recognition.services.badges import award_badge
from recognition.services.kudos import give_kudos
from wellbeing.services import record_check_in

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
KINDS = ["badge.awarded", "kudos.given"]
CARD_TYPE = "application/vnd.microsoft.card.adaptive"


def channel_for(hr_admin, url, team=None, name="Canal") -> TeamsChannel:  # type: ignore[no-untyped-def]
    return create_channel(actor=hr_admin, name=name, url=url, team=team, event_kinds=KINDS)


def kudos_data(*recipients) -> dict:  # type: ignore[no-untyped-def]
    return {
        "kudos_id": 1,
        "giver": {"id": 0, "name": "Gina Giver"},
        "recipients": [{"id": r.pk, "name": str(r)} for r in recipients],
        "message": "Great call!",
        "values": ["teamwork"],
        "points_each": 0,
    }


def card_body(payload: dict) -> list[dict]:  # type: ignore[type-arg]
    [attachment] = payload["attachments"]
    assert attachment["contentType"] == CARD_TYPE
    content = attachment["content"]
    assert content["$schema"] == "http://adaptivecards.io/schemas/adaptive-card.json"
    assert (content["type"], content["version"]) == ("AdaptiveCard", "1.4")
    return content["body"]


def test_500_then_429_with_retry_after_then_202_is_sent_with_backoff(
    hr_admin,
    agent,
    receiver,
):
    channel_for(hr_admin, receiver.url)
    receiver.fail(1, status=500)
    receiver.fail(1, status=429, **{"Retry-After": "120"})
    receiver.script.append((202, {}, ""))
    with time_machine.travel(START, tick=False) as clock:
        [delivery] = announce(kind="kudos.given", data=kudos_data(agent))
        assert deliver(delivery_id=delivery.pk) == "queued"
        delivery.refresh_from_db()
        assert delivery.next_attempt_at - timezone.now() == backoff(1)
        assert (delivery.last_status_code, delivery.attempts) == (500, 1)
        assert retry_due_deliveries() == 0  # not due yet

        clock.shift(backoff(1))
        assert retry_due_deliveries() == 1  # run at once (eager tasks): the 429
        delivery.refresh_from_db()
        assert (delivery.status, delivery.last_status_code) == ("queued", 429)
        assert delivery.next_attempt_at - timezone.now() == dt.timedelta(seconds=120)

        clock.shift(dt.timedelta(seconds=119))
        assert retry_due_deliveries() == 0
        clock.shift(dt.timedelta(seconds=1))
        assert retry_due_deliveries() == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == ("sent", 3, 202)
    assert len(receiver.requests) == 3
    # Unsigned: the Workflows URL carries its own signature.
    assert "X-Cuida-Signature" not in receiver.requests[-1]["headers"]


def test_the_card_is_an_adaptive_card_in_the_organisation_language_without_check_ins(
    hr_admin,
    agent,
    teammate,
    receiver,
    settings,
):
    settings.LANGUAGE_CODE = "en"
    record_check_in(user=teammate, mood=1, energy=2, stress=5, note="A secret bad day")
    channel_for(hr_admin, receiver.url)
    kudos = give_kudos(
        giver=agent, recipient_ids=[teammate.pk], message="Great call!", value_slugs=["teamwork"]
    )
    delivery = WebhookDelivery.objects.get(teams_channel__isnull=False)
    assert deliver(delivery_id=delivery.pk) == "sent"

    payload = json.loads(receiver.requests[0]["body"])
    assert payload["type"] == "message"
    texts = [block["text"] for block in card_body(payload)]
    assert texts == [f"{agent} thanked {teammate}", kudos.message, "Values: #teamwork"]
    sent = receiver.requests[0]["body"].decode()
    for private in ("secret bad day", "mood", "stress", "energy", "check"):
        assert private not in sent.lower()


def test_a_badge_card_names_the_badge_in_the_organisation_language(
    hr_admin,
    agent,
    team_lead,
    receiver,
    settings,
):
    settings.LANGUAGE_CODE = "es"
    channel_for(hr_admin, receiver.url)
    badge = BadgeClass.objects.create(
        slug="calm",
        name_en="Calm",
        name_es="Calma",
        description_en="d",
        description_es="d",
        criteria_en="c",
        criteria_es="c",
    )
    award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    delivery = WebhookDelivery.objects.get(teams_channel__isnull=False)
    [block] = card_body(delivery.payload)
    assert str(agent) in block["text"]
    assert "Calma" in block["text"]
    assert "Calm”" not in block["text"]


def test_a_team_channel_hears_its_team_only_and_a_company_channel_hears_all(
    hr_admin,
    team,
    other_team,
    agent,
    other_team_agent,
    receiver,
):
    team_a = channel_for(hr_admin, receiver.url, team=team, name="A")
    team_b = channel_for(hr_admin, receiver.url, team=other_team, name="B")
    company = channel_for(hr_admin, receiver.url, name="Company")

    announce(kind="kudos.given", data=kudos_data(agent))
    announce(kind="kudos.given", data=kudos_data(other_team_agent))

    def heard(channel: TeamsChannel) -> int:
        return WebhookDelivery.objects.filter(teams_channel=channel).count()

    assert (heard(team_a), heard(team_b), heard(company)) == (1, 1, 2)
    # Other kinds (a reward, a promotion) are never posted to Teams.
    announce(kind="reward.approved", data={"redemption_id": 1})
    assert WebhookDelivery.objects.filter(teams_channel__isnull=False).count() == 4


def test_a_switched_off_channel_hears_nothing(hr_admin, agent, receiver):
    channel = channel_for(hr_admin, receiver.url)
    deactivate_channel(actor=hr_admin, channel_id=channel.pk)
    assert announce(kind="kudos.given", data=kudos_data(agent)) == []
    assert AuditEvent.objects.filter(verb="teams_channel.deactivated").count() == 1


def test_the_url_is_stored_encrypted(hr_admin, receiver):
    url = receiver.url + "?sig=top-secret"
    channel = channel_for(hr_admin, url)
    channel.refresh_from_db()
    assert "top-secret" not in channel.url_encrypted
    assert crypto.decrypt(channel.url_encrypted) == url
    assert AuditEvent.objects.filter(verb="teams_channel.created").count() == 1


def test_only_https_outside_development(hr_admin):
    with pytest.raises(DomainError) as refused:
        channel_for(hr_admin, "http://teams.example.com/hook")
    assert "url" in refused.value.errors


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_only_hr_add_channels(persona, request, receiver):
    with pytest.raises(PermissionDeniedError):
        channel_for(request.getfixturevalue(persona), receiver.url)


def test_a_replayed_task_sends_once(hr_admin, agent, receiver):
    channel_for(hr_admin, receiver.url)
    [delivery] = announce(kind="kudos.given", data=kudos_data(agent))
    assert deliver(delivery_id=delivery.pk) == "sent"
    assert deliver(delivery_id=delivery.pk) == "skipped"
    assert len(receiver.requests) == 1


def test_announcements_are_sent_only_after_commit(
    hr_admin,
    agent,
    teammate,
    receiver,
    django_capture_on_commit_callbacks,
):
    channel_for(hr_admin, receiver.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        give_kudos(giver=agent, recipient_ids=[teammate.pk], message="Hi", value_slugs=["teamwork"])
    assert receiver.requests == []
    for callback in callbacks:
        callback()
    assert WebhookDelivery.objects.get(teams_channel__isnull=False).status == "sent"
    assert len(receiver.requests) == 1


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
@pytest.mark.parametrize(
    "name", ["teams_channels", "teams_channel_deliveries", "teams_channel_deactivate"]
)
def test_only_hr_reach_the_pages(persona, name, request, client, hr_admin, receiver):
    channel = channel_for(hr_admin, receiver.url)
    client.force_login(request.getfixturevalue(persona))
    kwargs = {} if name == "teams_channels" else {"pk": channel.pk}
    assert client.get(reverse(f"notifications:{name}", kwargs=kwargs)).status_code in (403, 405)
    assert client.post(reverse(f"notifications:{name}", kwargs=kwargs)).status_code == 403
    channel.refresh_from_db()
    assert channel.active


def test_hr_add_a_channel_read_failures_and_retry(client, hr_admin, team, agent, receiver):
    client.force_login(hr_admin)
    response = client.post(
        reverse("notifications:teams_channels"),
        {"name": "Soporte", "url": receiver.url, "team": team.pk, "event_kinds": KINDS},
    )
    assert response.status_code == 302
    channel = TeamsChannel.objects.get()
    assert channel.team == team
    page = client.get(reverse("notifications:teams_channels"))
    assert receiver.url not in page.content.decode()  # never shown again

    receiver.fail(1, status=400)
    [delivery] = announce(kind="kudos.given", data=kudos_data(agent))
    assert deliver(delivery_id=delivery.pk) == "failed"
    deliveries = client.get(reverse("notifications:teams_channel_deliveries", args=[channel.pk]))
    body = deliveries.content.decode()
    assert "HTTP 400" in body
    assert "boom" in body
    assert reverse("notifications:delivery_retry", args=[delivery.pk]) in body

    response = client.post(reverse("notifications:delivery_retry", args=[delivery.pk]))
    assert response.url == reverse("notifications:teams_channel_deliveries", args=[channel.pk])
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("queued", 0)  # sent after the commit
    assert deliver(delivery_id=delivery.pk) == "sent"
    assert AuditEvent.objects.filter(verb="webhook.delivery_retried").count() == 1


def test_a_failed_delivery_of_a_switched_off_channel_is_not_retried(
    hr_admin,
    agent,
    receiver,
):
    channel = channel_for(hr_admin, receiver.url)
    [delivery] = announce(kind="kudos.given", data=kudos_data(agent))
    deactivate_channel(actor=hr_admin, channel_id=channel.pk)
    with pytest.raises(ConflictError, match="switched off"):
        retry_delivery(actor=hr_admin, delivery_id=delivery.pk)
