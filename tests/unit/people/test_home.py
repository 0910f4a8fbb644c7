"""The home page knows the person's day: what is done, what waits, per role."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from careers.models import Enrollment, TrainingPath
from people.models import Role
from performance.models import (
    EventType,
    Feedback,
    IngestionBatch,
    Integration,
    PerformanceEvent,
)
from recognition.models import LedgerEntry, RewardItem
from recognition.services.kudos import give_kudos
from recognition.services.ledger import lock_balances, post_entry
from recognition.services.redemptions import request_redemption
from tests.factories import MembershipFactory, UserFactory
from wellbeing import services as wellbeing_services
from wellbeing.services import request_lead_chat


def _check_in(user):  # type: ignore[no-untyped-def]
    record, _created = wellbeing_services.record_check_in(
        user=user, mood=4, energy=3, stress=2, tag_slugs=[], note="", shared_with_lead=False
    )
    return record


def test_home_says_checked_in_today_after_the_check_in(client, agent):
    # given
    agent.preferred_language = "es"
    agent.save(update_fields=["preferred_language"])
    _check_in(agent)
    client.force_login(agent)

    # when
    page = client.get(reverse("home")).content.decode()

    # then: no call to check in again, but a way to edit today's
    assert "Hacer mi registro" not in page
    assert 'id="check-in-done"' in page
    assert reverse("wellbeing:check_in") in page


def test_home_invites_to_check_in_before_the_check_in(client, agent):
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert 'id="check-in-todo"' in page
    assert 'id="check-in-done"' not in page


@pytest.mark.parametrize("persona", ["agent", "team_lead", "hr_admin"])
def test_home_renders_for_each_role(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("home")).status_code == 200


# --- Agent -------------------------------------------------------------------------------


def _grant(user, amount):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        lock_balances(user_ids=[user.pk])
        post_entry(
            account_id=user.pk,
            amount=amount,
            kind=LedgerEntry.Kind.TRAINING,
            idempotency_key=f"grant:{uuid.uuid4()}",
        )


def _thank(giver, recipient):  # type: ignore[no-untyped-def]
    return give_kudos(
        giver=giver, recipient_ids=[recipient.pk], message="Gracias", value_slugs=["empathy"]
    )


def _agents(team, count):  # type: ignore[no-untyped-def]
    return [
        MembershipFactory(team=team, role=Role.AGENT, user=UserFactory()).user for _ in range(count)
    ]


def test_agent_home_shows_new_kudos_points_feedback_and_next_training(client, agent, teammate):
    # given
    _thank(teammate, agent)
    _thank(teammate, agent)
    _grant(agent, 120)
    Feedback.objects.create(agent=agent, kind=Feedback.Kind.PRAISE, message="Great call")
    path = TrainingPath.objects.create(
        name_en="Empathy on the phone", name_es="Empatía al teléfono"
    )
    Enrollment.objects.create(user=agent, path=path, due_on=dt.date(2030, 5, 1))
    client.force_login(agent)

    # when
    page = client.get(reverse("home")).content.decode()

    # then
    assert "2 kudos for you in the last 7 days" in page
    assert f"From {teammate}" in page
    assert "You have 120 points to spend." in page
    assert "1 new message" in page
    assert 'id="next-training-due"' in page
    assert "Empathy on the phone" in page
    assert 'id="career-card"' in page


def test_agent_home_shows_an_empty_state_in_each_card(client, agent):
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert "No new kudos for you in the last 7 days" in page
    assert "You have 0 points to spend." in page
    assert "will appear here" in page
    assert "No training with a due date." in page


def test_kudos_older_than_a_week_are_not_new(client, agent, teammate, time_machine):
    time_machine.move_to(timezone.now() - dt.timedelta(days=8))
    _thank(teammate, agent)
    time_machine.move_to(timezone.now() + dt.timedelta(days=8))
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert "No new kudos for you in the last 7 days" in page


# --- Lead --------------------------------------------------------------------------------


def test_lead_home_shows_requests_chats_and_hides_small_participation(
    client, settings, team, agent, team_lead
):
    # given: a team of 3 agents (below K = 5), all checked in, one asking for a chat
    settings.WELLBEING_MIN_GROUP_SIZE = 5
    others = _agents(team, 2)
    for person in [agent, *others]:
        _check_in(person)
    request_lead_chat(user=agent)
    _grant(agent, 50)
    item = RewardItem.objects.create(
        name_en="Extra paid break", name_es="Pausa pagada extra", cost=30, stock=5
    )
    request_redemption(user=agent, item_id=item.pk)
    client.force_login(team_lead)

    # when
    page = client.get(reverse("home")).content.decode()

    # then
    assert "1 request waits for your decision" in page
    assert f"{agent} asked you for a chat" in page
    assert "not shown for teams under 5 agents" in page
    assert "have checked in" not in page


def test_lead_home_shows_participation_from_k_people_in_steps_of_k(
    client, settings, team, team_lead
):
    settings.WELLBEING_MIN_GROUP_SIZE = 5
    agents = _agents(team, 12)
    for person in agents[:4]:
        _check_in(person)
    client.force_login(team_lead)

    pages = [client.get(reverse("home")).content.decode()]
    for person in agents[4:10]:
        _check_in(person)
        pages.append(client.get(reverse("home")).content.decode())

    # 4 check-ins: hidden; 5 to 9: "at least 5"; 10: "at least 10" — one more person never
    # changes the number unless it crosses a multiple of K
    assert "not shown until 5 people have checked in" in pages[0]
    assert "4 of 12" not in pages[0]
    for page in pages[1:6]:
        assert "at least 5 of 12 have checked in" in page
    assert "at least 10 of 12 have checked in" in pages[6]


def test_lead_home_empty_states(client, team_lead):
    client.force_login(team_lead)

    page = client.get(reverse("home")).content.decode()

    assert "No reward request waits for you." in page
    assert "Nobody asked you for a chat." in page
    assert "Nobody in your teams meets every requirement" in page


# --- HR ----------------------------------------------------------------------------------


def test_hr_home_shows_events_needing_attention_and_last_contact(client, hr_admin, agent):
    # given
    tool = Integration.objects.create(name="Genesys")
    IngestionBatch.objects.create(integration=tool, body_sha256="a" * 64, response_json="{}")
    Integration.objects.create(name="Silent survey")
    event_type, _created = EventType.objects.get_or_create(
        slug="qa_review", defaults={"name_en": "QA review", "name_es": "Evaluación de calidad"}
    )
    for n, status in enumerate(["failed", "pending", "pending", "processed"]):
        PerformanceEvent.objects.create(
            integration=tool,
            external_id=f"e-{n}",
            agent=agent,
            event_type=event_type,
            occurred_at=timezone.now(),
            metrics={"score": 90},
            status=status,
        )
    client.force_login(hr_admin)

    # when
    page = client.get(reverse("home")).content.decode()

    # then
    assert "1 failed event" in page
    assert "2 waiting to be processed" in page
    assert "Genesys: <time" in page
    assert 'Silent survey: <span class="muted">no event received yet' in page
    assert "No endorsement waits for HR." in page


def test_hr_home_empty_states(client, hr_admin):
    client.force_login(hr_admin)

    page = client.get(reverse("home")).content.decode()

    assert "Every event received has been processed." in page
    assert "No integration yet." in page


# --- Query counts stay flat as data grows -------------------------------------------------


def _grow(team, lead, rounds):  # type: ignore[no-untyped-def]
    """More people, kudos, check-ins, chat requests and reward requests each round."""
    item, _created = RewardItem.objects.get_or_create(
        name_en="Half day off", defaults={"name_es": "Medio día libre", "cost": 10, "stock": None}
    )
    for _ in range(rounds):
        people = _agents(team, 6)
        for person in people:
            _check_in(person)
            _grant(person, 20)
            request_redemption(user=person, item_id=item.pk)
        request_lead_chat(user=people[0])
        _thank(people[1], people[2])


@pytest.mark.parametrize("persona", ["agent", "team_lead", "hr_admin"])
def test_home_query_count_does_not_grow_with_data(
    client, request, persona, team, team_lead, django_assert_max_num_queries
):
    # given: a first measure with a little data
    user = request.getfixturevalue(persona)
    _grow(team, team_lead, 1)
    client.force_login(user)
    client.get(reverse("home"))  # warm the session and the card registry
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()  # measure the worst case: nothing remembered (careers' endorsement list)
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("home"))

    # when the company grows
    _grow(team, team_lead, 3)

    # then the same page takes no more queries, and stays under its pin
    limits = {"agent": 16, "team_lead": 15, "hr_admin": 13}
    cache.clear()
    with django_assert_max_num_queries(limits[persona]):
        response = client.get(reverse("home"))
    cache.clear()
    with CaptureQueriesContext(connection) as large:
        client.get(reverse("home"))
    assert response.status_code == 200
    assert len(large) == len(small)
