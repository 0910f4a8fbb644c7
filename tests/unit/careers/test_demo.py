"""The careers demo data: idempotent, every demo agent on a level with a targeted plan, and
one endorsement waiting in HR's queue."""

from __future__ import annotations

import pytest

from careers.demo import PERSONA_EMAIL, seed_demo_careers
from careers.models import (
    CareerPlan,
    CoachingNote,
    Enrollment,
    Goal,
    LevelHistory,
    ModuleProgress,
    Promotion,
    Requirement,
    TrainingPath,
)
from careers.readiness import readiness_for_agents
from careers.selectors import promotion_queue
from careers.services.promotions import decline
from core.models import AuditEvent
from notifications.models import Notification
from people.demo import seed_demo_organisation
from people.models import Role, User
from performance.demo import seed_demo_performance
from recognition.models import BadgeAward, LedgerEntry

pytestmark = pytest.mark.django_db

COUNTED = (
    LevelHistory,
    CareerPlan,
    Goal,
    CoachingNote,
    Enrollment,
    ModuleProgress,
    Promotion,
    Requirement,
    TrainingPath,
    BadgeAward,
    LedgerEntry,
    Notification,
    AuditEvent,
)


def _counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def _demo_agents() -> list[User]:
    return list(
        User.objects.filter(
            email__endswith="@demo.cuida.test", memberships__role=Role.AGENT
        ).distinct()
    )


@pytest.fixture
def demo_organisation(db):  # type: ignore[no-untyped-def]
    seed_demo_organisation()
    # A week of events is enough for the metric requirements (and quicker than the month
    # the demo seeds by default); readiness reads them whether processed or not, so their
    # processing (enqueued on commit) is left out.
    seed_demo_performance(days=8)


def test_seeding_twice_adds_nothing_the_second_time(
    demo_organisation, django_capture_on_commit_callbacks
):
    # given the careers demo, seeded once
    with django_capture_on_commit_callbacks(execute=True):
        added = seed_demo_careers()
    before = _counts()

    # when
    with django_capture_on_commit_callbacks(execute=True):
        again = seed_demo_careers()

    # then
    assert added > 0
    assert again == 0
    assert _counts() == before


def test_every_demo_agent_holds_a_level_and_aims_at_a_higher_one(demo_organisation):
    seed_demo_careers()

    agents = _demo_agents()
    current = {
        row.user_id: row
        for row in LevelHistory.objects.filter(ended_at__isnull=True).select_related("level")
    }
    plans = {p.agent_id: p for p in CareerPlan.objects.select_related("target_level")}
    assert len(agents) == 27
    for agent in agents:
        target = plans[agent.pk].target_level
        assert target is not None, agent.email
        level = current[agent.pk].level
        assert target.track_id != level.track_id or target.position > level.position
        assert plans[agent.pk].goals.count() == 3
        assert plans[agent.pk].coaching_notes.count() == 1


def test_hr_queue_holds_one_endorsement_for_the_demo_agents_teammate(demo_organisation):
    seed_demo_careers()

    queue = list(promotion_queue())
    assert len(queue) == 1
    promotion = queue[0]
    assert promotion.agent.email.startswith("agent1.")
    assert promotion.agent.email != PERSONA_EMAIL
    assert promotion.endorsed_by.email == "lead1@demo.cuida.test"
    assert promotion.to_level.name_en == "Agent II"
    assert promotion.evidence  # the readiness HR decides on


def test_training_done_in_the_demo_awards_badges_and_points_like_production(demo_organisation):
    seed_demo_careers()

    completed = Enrollment.objects.filter(completed_at__isnull=False).select_related("path")
    assert completed.exists()
    for enrollment in completed:
        assert BadgeAward.objects.filter(
            recipient=enrollment.user, badge_class=enrollment.path.badge_class
        ).exists()
        assert LedgerEntry.objects.filter(
            idempotency_key=f"training:{enrollment.pk}", amount=enrollment.path.points
        ).exists()
    assert Enrollment.objects.filter(completed_at__isnull=True).exists()


def test_readiness_of_the_demo_agents_is_spread(demo_organisation):
    seed_demo_careers()

    readiness = readiness_for_agents(agents=_demo_agents())
    percents = [r.percent for r in readiness.values()]
    kinds = set(Requirement.objects.values_list("kind", flat=True))
    assert kinds == set(Requirement.Kind.values)
    assert len(set(percents)) >= 3
    assert any(0 < p < 100 for p in percents)


def test_a_declined_demo_endorsement_is_not_endorsed_again(demo_organisation):
    # given the demo's endorsement, declined by HR
    seed_demo_careers()
    promotion = promotion_queue().get()
    decline(
        actor=User.objects.get(email="hr@demo.cuida.test"),
        promotion_id=promotion.pk,
        reason="Let's look again after the next QA calibration.",
    )

    # when
    seed_demo_careers()

    # then
    assert not promotion_queue().exists()
