"""The whole career path through the services: a level with one requirement of each
kind, readiness rising as the agent earns each, then endorsement and approval."""

from __future__ import annotations

import datetime as dt

import time_machine

from careers import selectors
from careers.models import LevelHistory, Promotion
from careers.readiness import readiness_of
from careers.services import plans, promotions, training
from careers.services import tracks as track_services
from recognition.models import BadgeAward, LedgerEntry
from tests.unit.careers.conftest import right_answers, store_event

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


def test_agent_climbs_from_level_one_to_level_two(
    hr_admin, team_lead, agent, level_one, level_two, path, badge, qa_type, integration
):
    # given a level two that asks for each kind of requirement
    with time_machine.travel(NOW - dt.timedelta(days=200), tick=False):
        promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    for kind, extra in [
        ("training", {"training_path_id": path.pk}),
        ("badge", {"badge_class_id": badge.pk}),
        ("tenure", {"min_tenure_days": 180}),
        (
            "metric",
            {
                "event_type_id": qa_type.pk,
                "metric": "score",
                "aggregate": "mean",
                "operator": ">=",
                "threshold": 85,
                "window_days": 90,
                "min_events": 2,
            },
        ),
        ("endorsement", {}),
    ]:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind=kind, **extra)
    plans.set_target_level(actor=agent, agent=agent, level_id=level_two.pk)

    with time_machine.travel(NOW, tick=False):
        # tenure alone is met
        assert readiness_of(agent=agent).percent == 20
        for days_ago, score in [(10, 90), (40, 84), (120, 10)]:
            store_event(
                integration=integration,
                agent=agent,
                event_type=qa_type,
                occurred_at=NOW - dt.timedelta(days=days_ago),
                score=score,
            )
        # mean of the two events inside 90 days is 87 (the one 120 days ago is outside)
        readiness = readiness_of(agent=agent)
        metric = next(s for s in readiness.statuses if s.requirement.kind == "metric")
        assert (metric.met, metric.current, metric.events) == (True, 87.0, 2)
        assert readiness.percent == 40

        # when the agent completes the path (which awards the required badge too)
        enrollment = training.enroll(user=agent, path=path)
        first, second = selectors.path_modules(path=path)
        training.complete_module(user=agent, enrollment_id=enrollment.pk, module_id=first.pk)
        result = training.complete_module(
            user=agent,
            enrollment_id=enrollment.pk,
            module_id=second.pk,
            answers=right_answers(second),
        )
        assert result.path_completed_now
        assert readiness_of(agent=agent).percent == 80
        assert BadgeAward.objects.filter(recipient=agent, badge_class=badge).count() == 1
        assert LedgerEntry.objects.get(account=agent, kind="training").amount == 50

        # then the lead endorses: 100 %, HR approves, the agent holds level two
        promotion = promotions.endorse(actor=team_lead, agent=agent, note="Ready and kind.")
        assert promotion.readiness_percent == 100
        assert readiness_of(agent=agent, level=level_two).ready
        promotions.approve(actor=hr_admin, promotion_id=promotion.pk)

    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.APPROVED
    history = list(LevelHistory.objects.filter(user=agent).order_by("started_at"))
    assert [h.level for h in history] == [level_one, level_two]
    assert history[0].ended_at == NOW
    assert history[1].ended_at is None
    assert selectors.current_level(agent=agent).level == level_two
