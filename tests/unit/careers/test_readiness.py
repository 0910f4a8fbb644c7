"""Readiness for a level, one requirement kind at a time, with the clock frozen: what counts
as met, which records count as evidence, and what the evidence text tells the reader."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone, translation

from careers.models import Enrollment, Level, LevelHistory, Promotion, Requirement
from careers.readiness import readiness_for_agents, readiness_of
from careers.services import tracks as track_services
from careers.services import training
from careers.services.plans import set_target_level
from people.models import Role
from performance.models import EventType
from recognition.services.badges import award_badge
from tests.factories import MembershipFactory, UserFactory
from tests.unit.careers.conftest import store_event

NOW = dt.datetime(2026, 6, 15, 12, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Awarding a badge draws its image into MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _frozen_english_reader():  # type: ignore[no-untyped-def]
    # Level names are bilingual; the evidence below is read as an English speaker would.
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


def require(hr_admin: Any, level: Level, kind: str, **fields: Any) -> Requirement:
    return track_services.add_requirement(actor=hr_admin, level=level, kind=kind, **fields)


def status_of(agent: Any, level: Level) -> Any:
    (status,) = readiness_of(agent=agent, level=level).statuses
    return status


def place(agent: Any, level: Level, *, days_ago: int) -> LevelHistory:
    return LevelHistory.objects.create(
        user=agent, level=level, started_at=NOW - dt.timedelta(days=days_ago)
    )


# --- Badge --------------------------------------------------------------------------------


def test_a_held_badge_meets_the_badge_requirement(hr_admin, agent, level_two, badge):
    require(hr_admin, level_two, "badge", badge_class_id=badge.pk)
    award_badge(badge_class=badge, recipient=agent, awarded_by=hr_admin)

    status = status_of(agent, level_two)

    assert status.met
    assert status.evidence == "Held since Jun 15, 2026."


def test_a_badge_not_held_does_not_meet_it(hr_admin, agent, teammate, level_two, badge):
    require(hr_admin, level_two, "badge", badge_class_id=badge.pk)
    award_badge(badge_class=badge, recipient=teammate, awarded_by=hr_admin)

    status = status_of(agent, level_two)

    assert not status.met
    assert status.evidence == "Not held yet."


def test_a_revoked_badge_no_longer_meets_it(hr_admin, agent, level_two, badge):
    require(hr_admin, level_two, "badge", badge_class_id=badge.pk)
    award = award_badge(badge_class=badge, recipient=agent, awarded_by=hr_admin)
    award.revoked_at = timezone.now()
    award.save(update_fields=["revoked_at"])

    assert not status_of(agent, level_two).met


# --- Training -----------------------------------------------------------------------------


def test_a_completed_training_path_meets_the_training_requirement(hr_admin, agent, level_two, path):
    require(hr_admin, level_two, "training", training_path_id=path.pk)
    enrollment = training.enroll(user=agent, path=path)
    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=NOW - dt.timedelta(days=3))

    status = status_of(agent, level_two)

    assert status.met
    assert status.evidence == "Completed on Jun 12, 2026."


def test_an_enrollment_not_yet_finished_does_not_meet_it(hr_admin, agent, level_two, path):
    # given the agent finished the first of two modules
    require(hr_admin, level_two, "training", training_path_id=path.pk)
    enrollment = training.enroll(user=agent, path=path)
    first = path.modules.get(position=1)
    training.complete_module(user=agent, enrollment_id=enrollment.pk, module_id=first.pk)

    # when / then
    status = status_of(agent, level_two)
    assert not status.met
    assert status.evidence == "Not completed yet."


def test_another_persons_completed_path_does_not_count(hr_admin, agent, teammate, level_two, path):
    require(hr_admin, level_two, "training", training_path_id=path.pk)
    enrollment = training.enroll(user=teammate, path=path)
    Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=NOW)

    assert not status_of(agent, level_two).met


# --- Tenure -------------------------------------------------------------------------------


def test_tenure_exactly_at_the_boundary_is_met(hr_admin, agent, level_one, level_two):
    require(hr_admin, level_two, "tenure", min_tenure_days=180)
    place(agent, level_one, days_ago=180)

    status = status_of(agent, level_two)

    assert status.met
    assert (status.current, status.target) == (180.0, 180.0)
    assert status.evidence == "180 days as Agent I."


def test_tenure_one_day_short_is_not_met(hr_admin, agent, level_one, level_two):
    require(hr_admin, level_two, "tenure", min_tenure_days=180)
    LevelHistory.objects.create(
        user=agent, level=level_one, started_at=NOW - dt.timedelta(days=180) + dt.timedelta(hours=1)
    )

    status = status_of(agent, level_two)

    assert not status.met
    assert status.current == 179.0


def test_tenure_counts_from_the_current_level_not_an_earlier_one(
    hr_admin, agent, level_one, level_two
):
    # given 300 days in the company but only 10 in the current level
    require(hr_admin, level_two, "tenure", min_tenure_days=180)
    LevelHistory.objects.create(
        user=agent,
        level=level_one,
        started_at=NOW - dt.timedelta(days=300),
        ended_at=NOW - dt.timedelta(days=10),
    )
    other = Level.objects.create(
        track=level_one.track, position=3, name_en="Agent III", name_es="Agente III"
    )
    place(agent, other, days_ago=10)

    # when / then
    status = status_of(agent, level_two)
    assert not status.met
    assert status.current == 10.0
    assert status.evidence == "10 days as Agent III."


def test_tenure_without_a_level_counts_from_joining_and_says_so(hr_admin, agent, level_two):
    require(hr_admin, level_two, "tenure", min_tenure_days=30)
    type(agent).objects.filter(pk=agent.pk).update(date_joined=NOW - dt.timedelta(days=45))
    agent.refresh_from_db()

    status = status_of(agent, level_two)

    assert status.met
    assert status.current == 45.0
    assert status.evidence == "45 days since joining (no level yet)."


# --- Metric -------------------------------------------------------------------------------


@pytest.fixture
def escalation(db):  # type: ignore[no-untyped-def]
    return EventType.objects.get_or_create(
        slug="escalation", defaults={"name_en": "Escalation", "name_es": "Escalamiento"}
    )[0]


def mean_score(hr_admin: Any, level: Level, event_type: EventType, **extra: Any) -> Requirement:
    fields = {
        "event_type_id": event_type.pk,
        "metric": "score",
        "aggregate": "mean",
        "operator": ">=",
        "threshold": 85,
        "window_days": 30,
        "min_events": 1,
        **extra,
    }
    return require(hr_admin, level, "metric", **fields)


def event(integration, agent, event_type, *, ago: dt.timedelta, **metrics):  # type: ignore[no-untyped-def]
    return store_event(
        integration=integration,
        agent=agent,
        event_type=event_type,
        occurred_at=NOW - ago,
        **metrics,
    )


def test_metric_mean_over_the_window(hr_admin, agent, level_two, qa_type, integration):
    mean_score(hr_admin, level_two, qa_type)
    for days, score in [(1, 80), (5, 90), (29, 94)]:
        event(integration, agent, qa_type, ago=dt.timedelta(days=days), score=score)

    status = status_of(agent, level_two)

    assert status.met
    assert (status.current, status.target, status.events) == (88.0, 85.0, 3)
    assert status.evidence == "Now 88 over 3 events (needs ≥ 85)."


def test_metric_sum_over_the_window(hr_admin, agent, level_two, qa_type, integration):
    mean_score(hr_admin, level_two, qa_type, metric="sales", aggregate="sum", threshold=1000)
    for days, sales in [(1, 400.5), (2, 500), (3, 99)]:
        event(integration, agent, qa_type, ago=dt.timedelta(days=days), sales=sales)

    status = status_of(agent, level_two)

    assert not status.met
    assert status.current == pytest.approx(999.5)
    assert "999.5" in status.evidence
    assert "1000" in status.evidence


def test_metric_count_counts_events_whatever_their_metrics(
    hr_admin, agent, level_two, qa_type, integration
):
    mean_score(hr_admin, level_two, qa_type, aggregate="count", threshold=3)
    event(integration, agent, qa_type, ago=dt.timedelta(days=1))
    event(integration, agent, qa_type, ago=dt.timedelta(days=2), score=10)
    event(integration, agent, qa_type, ago=dt.timedelta(days=3), other=1)

    status = status_of(agent, level_two)

    assert status.met
    assert (status.current, status.events) == (3.0, 3)


def test_an_event_exactly_at_the_window_edge_is_outside(
    hr_admin, agent, level_two, qa_type, integration
):
    # the window is (now - 30 days, now]: the filter is occurred_at > since
    mean_score(hr_admin, level_two, qa_type)
    event(integration, agent, qa_type, ago=dt.timedelta(days=30), score=100)

    status = status_of(agent, level_two)

    assert not status.met
    assert status.events == 0


def test_an_event_one_second_inside_the_window_edge_counts(
    hr_admin, agent, level_two, qa_type, integration
):
    mean_score(hr_admin, level_two, qa_type)
    event(integration, agent, qa_type, ago=dt.timedelta(days=30, seconds=-1), score=100)

    status = status_of(agent, level_two)

    assert status.met
    assert status.events == 1


def test_events_in_the_future_are_not_counted(hr_admin, agent, level_two, qa_type, integration):
    mean_score(hr_admin, level_two, qa_type)
    event(integration, agent, qa_type, ago=dt.timedelta(days=2), score=70)
    event(integration, agent, qa_type, ago=-dt.timedelta(seconds=1), score=100)
    event(integration, agent, qa_type, ago=-dt.timedelta(days=3), score=100)

    status = status_of(agent, level_two)

    assert not status.met
    assert (status.current, status.events) == (70.0, 1)


def test_other_event_types_and_other_agents_are_not_counted(
    hr_admin, agent, teammate, level_two, qa_type, escalation, integration
):
    mean_score(hr_admin, level_two, qa_type)
    event(integration, agent, qa_type, ago=dt.timedelta(days=1), score=80)
    event(integration, agent, escalation, ago=dt.timedelta(days=1), score=100)
    event(integration, teammate, qa_type, ago=dt.timedelta(days=1), score=100)

    status = status_of(agent, level_two)

    assert not status.met
    assert (status.current, status.events) == (80.0, 1)


def test_fewer_events_than_required_is_not_met_and_says_how_many(
    hr_admin, agent, level_two, qa_type, integration
):
    mean_score(hr_admin, level_two, qa_type, min_events=5)
    for days in (1, 2, 3):
        event(integration, agent, qa_type, ago=dt.timedelta(days=days), score=100)

    status = status_of(agent, level_two)

    assert not status.met
    assert status.events == 3
    assert status.evidence == "Only 3 of the 5 events needed in the period."


def test_no_events_at_all_is_not_met(hr_admin, agent, level_two, qa_type):
    mean_score(hr_admin, level_two, qa_type)

    status = status_of(agent, level_two)

    assert not status.met
    assert (status.current, status.events) == (None, 0)
    assert status.evidence.startswith("Only 0 of the 1")


def test_events_without_the_metric_are_left_out_of_the_mean(
    hr_admin, agent, level_two, qa_type, integration
):
    # given two scored events and two without a score (which would drag a mean down as 0)
    mean_score(hr_admin, level_two, qa_type, min_events=2)
    event(integration, agent, qa_type, ago=dt.timedelta(days=1), score=90)
    event(integration, agent, qa_type, ago=dt.timedelta(days=2), score=86)
    event(integration, agent, qa_type, ago=dt.timedelta(days=3), csat=1)
    event(integration, agent, qa_type, ago=dt.timedelta(days=4))

    # when / then
    status = status_of(agent, level_two)
    assert status.met
    assert (status.current, status.events) == (88.0, 2)


def test_events_without_the_metric_do_not_make_up_the_minimum(
    hr_admin, agent, level_two, qa_type, integration
):
    mean_score(hr_admin, level_two, qa_type, min_events=2)
    event(integration, agent, qa_type, ago=dt.timedelta(days=1), score=90)
    event(integration, agent, qa_type, ago=dt.timedelta(days=2), csat=1)

    status = status_of(agent, level_two)

    assert not status.met
    assert status.evidence == "Only 1 of the 2 events needed in the period."


@pytest.mark.parametrize(
    ("handle_times", "met"), [((500, 700), True), ((600, 600), True), ((600, 602), False)]
)
def test_at_most_operator_for_escalation_handle_time(
    hr_admin, agent, level_two, escalation, integration, handle_times, met
):
    require(
        hr_admin,
        level_two,
        "metric",
        event_type_id=escalation.pk,
        metric="handle_time",
        aggregate="mean",
        operator="<=",
        threshold=600,
        window_days=30,
    )
    for days, seconds in enumerate(handle_times, start=1):
        event(integration, agent, escalation, ago=dt.timedelta(days=days), handle_time=seconds)

    status = status_of(agent, level_two)

    assert status.met is met
    assert "(needs ≤ 600)" in status.evidence
    assert f"Now {status.current:g} over 2 events" in status.evidence


# --- Endorsement --------------------------------------------------------------------------


def promotion(agent, lead, level, status):  # type: ignore[no-untyped-def]
    return Promotion.objects.create(
        agent=agent, to_level=level, endorsed_by=lead, readiness_percent=0, status=status
    )


@pytest.mark.parametrize("status", [Promotion.Status.ENDORSED, Promotion.Status.APPROVED])
def test_an_endorsement_or_approval_for_the_level_meets_it(
    hr_admin, agent, team_lead, level_two, status
):
    require(hr_admin, level_two, "endorsement")
    promotion(agent, team_lead, level_two, status)

    result = status_of(agent, level_two)

    assert result.met
    assert result.evidence == "Endorsed by Lía Lead on Jun 15, 2026."


@pytest.mark.parametrize("status", [Promotion.Status.DECLINED, Promotion.Status.WITHDRAWN])
def test_a_declined_or_withdrawn_endorsement_does_not_meet_it(
    hr_admin, agent, team_lead, level_two, status
):
    require(hr_admin, level_two, "endorsement")
    promotion(agent, team_lead, level_two, status)

    result = status_of(agent, level_two)

    assert not result.met
    assert result.evidence == "Not endorsed yet."


def test_an_endorsement_for_another_level_does_not_meet_it(
    hr_admin, agent, team_lead, level_one, level_two
):
    require(hr_admin, level_two, "endorsement")
    promotion(agent, team_lead, level_one, Promotion.Status.ENDORSED)

    assert not status_of(agent, level_two).met


# --- Percent ------------------------------------------------------------------------------


def test_percent_rounds_down(hr_admin, agent, level_one, level_two, badge):
    # given three requirements of which two are met
    require(hr_admin, level_two, "tenure", min_tenure_days=10)
    require(hr_admin, level_two, "badge", badge_class_id=badge.pk)
    require(hr_admin, level_two, "endorsement")
    place(agent, level_one, days_ago=20)
    award_badge(badge_class=badge, recipient=agent, awarded_by=hr_admin)

    # when
    readiness = readiness_of(agent=agent, level=level_two)

    # then
    assert (readiness.met_count, readiness.total) == (2, 3)
    assert readiness.percent == 66
    assert not readiness.ready


def test_a_level_without_requirements_is_fully_ready(agent, level_two):
    readiness = readiness_of(agent=agent, level=level_two)

    assert readiness.percent == 100
    assert readiness.ready


def test_without_a_target_readiness_is_zero(agent):
    readiness = readiness_of(agent=agent)

    assert readiness.level is None
    assert readiness.percent == 0
    assert not readiness.ready


def test_readiness_defaults_to_the_plans_target(hr_admin, agent, level_two):
    require(hr_admin, level_two, "endorsement")
    set_target_level(actor=agent, agent=agent, level_id=level_two.pk)

    readiness = readiness_of(agent=agent)

    assert readiness.level == level_two
    assert readiness.percent == 0


# --- Many agents at once ------------------------------------------------------------------


@pytest.fixture
def level_of_every_kind(hr_admin, level_two, path, badge, qa_type, escalation):  # type: ignore[no-untyped-def]
    require(hr_admin, level_two, "badge", badge_class_id=badge.pk)
    require(hr_admin, level_two, "training", training_path_id=path.pk)
    require(hr_admin, level_two, "tenure", min_tenure_days=90)
    mean_score(hr_admin, level_two, qa_type, min_events=2)
    mean_score(hr_admin, level_two, qa_type, aggregate="count", threshold=3)
    require(
        hr_admin,
        level_two,
        "metric",
        event_type_id=escalation.pk,
        metric="handle_time",
        operator="<=",
        threshold=600,
        window_days=60,
    )
    require(hr_admin, level_two, "endorsement")
    return level_two


def make_agents(  # type: ignore[no-untyped-def]
    n, *, team, lead, level_one, level_two, path, badge, qa_type, escalation, integration, hr
):
    """``n`` agents aiming at level two, each meeting a different mix of requirements."""
    agents = []
    for i in range(n):
        agent = MembershipFactory(team=team, role=Role.AGENT, user=UserFactory()).user
        set_target_level(actor=agent, agent=agent, level_id=level_two.pk)
        if i % 2:
            place(agent, level_one, days_ago=60 + i * 3)
        if i % 3 == 0:
            award_badge(badge_class=badge, recipient=agent, awarded_by=hr)
        if i % 4 == 0:
            enrollment = Enrollment.objects.create(user=agent, path=path)
            Enrollment.objects.filter(pk=enrollment.pk).update(completed_at=NOW)
        for k in range(i % 5):
            event(integration, agent, qa_type, ago=dt.timedelta(days=k + 1), score=80 + i % 3 * 5)
            event(integration, agent, escalation, ago=dt.timedelta(days=k + 1), handle_time=550)
        if i % 6 == 0:
            promotion(agent, lead, level_two, Promotion.Status.ENDORSED)
        agents.append(agent)
    return agents


def test_readiness_for_many_agents_takes_the_same_queries_as_for_a_few_and_agrees(
    django_assert_num_queries,
    hr_admin,
    team,
    team_lead,
    level_one,
    level_of_every_kind,
    path,
    badge,
    qa_type,
    escalation,
    integration,
):
    # given 50 agents with varied records
    agents = make_agents(
        50,
        team=team,
        lead=team_lead,
        level_one=level_one,
        level_two=level_of_every_kind,
        path=path,
        badge=badge,
        qa_type=qa_type,
        escalation=escalation,
        integration=integration,
        hr=hr_admin,
    )

    # when read for 5, then for all 50: plans, requirements, levels, badges, paths,
    # endorsements and the three distinct metrics
    with django_assert_num_queries(9):
        readiness_for_agents(agents=agents[:5])
    with django_assert_num_queries(9):
        together = readiness_for_agents(agents=agents)

    # then each agrees with reading that agent alone
    assert len(together) == 50
    percents = set()
    for agent in agents:
        alone = readiness_of(agent=agent)
        assert together[agent.pk].percent == alone.percent
        assert [(s.requirement.pk, s.met, s.evidence) for s in together[agent.pk].statuses] == [
            (s.requirement.pk, s.met, s.evidence) for s in alone.statuses
        ]
        percents.add(alone.percent)
    assert len(percents) > 3, "the agents should not all be alike"
