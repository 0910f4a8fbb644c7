"""Careers in the weekly digest: a lead's people ready for an endorsement and endorsements
waiting for HR; HR's promotion queue, without their own."""

from __future__ import annotations

import datetime as dt

import pytest

from careers.services import plans, promotions
from careers.services import tracks as track_services
from notifications.digests import build_digest

pytestmark = pytest.mark.django_db

LAST_WEEK = dt.date(2026, 11, 23)


def section(user, name):  # type: ignore[no-untyped-def]
    built = build_digest(user=user, week_start=LAST_WEEK, week_end=LAST_WEEK + dt.timedelta(6))
    return {s["name"]: s for s in built.sections["en"]}.get(name)


@pytest.fixture
def ready_agents(agent, teammate, team_lead, hr_admin, level_one, level_two):  # type: ignore[no-untyped-def]
    """Both agents aim at level two, whose only requirement is the lead's endorsement."""
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    for person in (agent, teammate):
        promotions.set_level(actor=hr_admin, agent=person, level=level_one)
        plans.set_target_level(actor=team_lead, agent=person, level_id=level_two.pk)
    return agent, teammate


def test_a_lead_reads_who_is_ready_and_whose_endorsement_waits_for_hr(team_lead, ready_agents):
    agent, _teammate = ready_agents
    promotions.endorse(actor=team_lead, agent=agent, note="Ready")

    texts = [i["text"] for i in section(team_lead, "careers.endorsements")["items"]]

    assert texts == [
        "Tomás Teammate meets every requirement of their target level.",
        "Ana Agent, endorsed for Agent II, is waiting for HR.",
    ]
    assert section(agent, "careers.endorsements") is None


def test_hr_reads_the_promotion_queue(hr_admin, team_lead, ready_agents):
    agent, _teammate = ready_agents
    promotions.endorse(actor=team_lead, agent=agent, note="Ready")

    queue = section(hr_admin, "careers.promotion_queue")

    assert [i["text"] for i in queue["items"]] == ["Ana Agent, endorsed for Agent II by Lía Lead."]
    assert queue["url"] == "/careers/hr/promotions/"


def test_an_empty_queue_says_nothing(hr_admin, other_team_lead):
    assert section(hr_admin, "careers.promotion_queue") is None
    assert section(other_team_lead, "careers.endorsements") is None
