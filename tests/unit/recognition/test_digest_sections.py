"""Recognition in the weekly digest: an agent's own week (kudos, badges, points earned),
never anyone else's numbers; a lead's (and HR's) reward requests waiting for them."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
import time_machine
from django.db import transaction

from notifications.digests import build_digest
from recognition.models import BadgeClass, LedgerEntry, RewardItem
from recognition.services.badges import award_badge
from recognition.services.ledger import lock_balances, post_entry
from recognition.services.redemptions import request_redemption

pytestmark = pytest.mark.django_db

LAST_WEEK = dt.date(2026, 11, 23)
DURING = dt.datetime(2026, 11, 25, 15, tzinfo=dt.UTC)


def sections(user, week_start=LAST_WEEK):  # type: ignore[no-untyped-def]
    built = build_digest(user=user, week_start=week_start, week_end=week_start + dt.timedelta(6))
    return {section["name"]: section for section in built.sections["en"]}


def texts(section):  # type: ignore[no-untyped-def]
    return [item["text"] for item in section["items"]]


def grant(user, amount, kind=LedgerEntry.Kind.TRAINING):  # type: ignore[no-untyped-def]
    with transaction.atomic():
        lock_balances(user_ids=[user.pk])
        post_entry(
            account_id=user.pk, amount=amount, kind=kind, idempotency_key=f"t:{uuid.uuid4()}"
        )


@pytest.fixture
def badge(db):  # type: ignore[no-untyped-def]
    return BadgeClass.objects.create(
        slug="calm",
        name_en="Calm under fire",
        name_es="Calma total",
        description_es="Calma",
        criteria_es="Diez llamadas",
    )


def test_an_agent_reads_the_badges_and_points_they_earned_last_week(agent, team_lead, badge):
    # given a badge and points last week, and points the week before
    with time_machine.travel(DURING, tick=False):
        award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
        grant(agent, 30)
    with time_machine.travel(DURING - dt.timedelta(weeks=1), tick=False):
        grant(agent, 500)

    earned = sections(agent)["recognition.earned"]

    assert texts(earned) == ["You earned the badge “Calm under fire”.", "You earned 30 points."]


def test_points_held_for_a_reward_are_not_counted_as_earned(agent):
    # given points earned and then a reward requested the same week
    item = RewardItem.objects.create(name_en="Half day off", name_es="Media jornada", cost=20)
    with time_machine.travel(DURING, tick=False):
        grant(agent, 25)
        request_redemption(user=agent, item_id=item.pk)

    assert texts(sections(agent)["recognition.earned"]) == ["You earned 25 points."]


def test_a_quiet_week_has_no_recognition_section(agent, teammate, badge, team_lead):
    # given a teammate's good week and nothing for the agent
    with time_machine.travel(DURING, tick=False):
        award_badge(badge_class=badge, recipient=teammate, awarded_by=team_lead)
        grant(teammate, 40)

    assert not {"recognition.kudos", "recognition.earned"} & set(sections(agent))


def test_a_lead_reads_how_many_requests_wait_for_their_decision(agent, teammate, team_lead):
    item = RewardItem.objects.create(name_en="Extra break", name_es="Pausa extra", cost=10)
    for person in (agent, teammate):
        grant(person, 10)
        request_redemption(user=person, item_id=item.pk)

    approvals = sections(team_lead)["recognition.approvals"]

    assert texts(approvals) == ["2 reward requests are waiting for your decision."]
    assert approvals["items"][0]["url"] == "/recognition/approvals/"
    assert "recognition.approvals" not in sections(agent)
