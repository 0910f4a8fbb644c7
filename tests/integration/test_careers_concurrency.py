"""Races on PostgreSQL in the careers app: a path completes (badge and points) once however
many submissions race, a promotion is decided once, an agent has one open endorsement and
one enrollment per path."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group

from careers.models import Enrollment, LevelHistory, Module, ModuleProgress, Promotion, TrainingPath
from careers.services import plans, promotions, training
from careers.services import tracks as track_services
from core.exceptions import ConflictError, DomainError
from core.models import AuditEvent
from people.models import Role
from people.permissions import HR_GROUP_NAME
from recognition.models import BadgeAward, BadgeClass, LedgerEntry
from recognition.selectors import balance_of
from recognition.services.ledger import mismatched_balances
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.integration.conftest import run_concurrently

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

POINTS = 50


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Awarding a badge draws its image into MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path


def hr_person() -> Any:
    # Transactional tests start without the HR group the data migration made.
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=HR_GROUP_NAME)[0])
    return user


def only(errors: list[BaseException], kind: type[DomainError]) -> None:
    unexpected = [e for e in errors if type(e) is not kind]
    assert unexpected == [], unexpected


@pytest.fixture
def hr() -> Any:
    return hr_person()


@pytest.fixture
def badge() -> BadgeClass:
    return BadgeClass.objects.create(
        slug="kind-words",
        name_en="Kind Words",
        name_es="Kind Words",
        description_en="Warmth.",
        description_es="Warmth.",
        criteria_en="The training.",
        criteria_es="The training.",
    )


@pytest.fixture
def path(hr: Any, badge: BadgeClass) -> TrainingPath:
    path = training.create_path(
        actor=hr,
        name_en="Kind words",
        name_es="Palabras amables",
        badge_class_id=badge.pk,
        points=POINTS,
    )
    training.add_module(actor=hr, path=path, title_en="Read", title_es="Lee", body_en="Text.")
    training.add_module(
        actor=hr,
        path=path,
        title_en="Quiz",
        title_es="Prueba",
        body_en="Check.",
        pass_mark=100,
        questions=[
            {
                "prompt_en": "Kind words cost…",
                "choices": [{"text_en": "Nothing", "correct": True}, {"text_en": "Time"}],
            }
        ],
    )
    return path


def right_answers(module: Module) -> dict[str, str]:
    return {str(q.pk): str(q.choices.get(correct=True).pk) for q in module.questions.all()}


@pytest.fixture
def agent() -> Any:
    return MembershipFactory(role=Role.AGENT).user


# --- Completing a path --------------------------------------------------------------------


@pytest.mark.parametrize("submissions", [2, 8])
def test_the_last_module_submitted_at_once_awards_badge_and_points_once(
    agent, path, badge, submissions
):
    # given the first module is done
    enrollment = training.enroll(user=agent, path=path)
    first, last = path.modules.order_by("position")
    training.complete_module(user=agent, enrollment_id=enrollment.pk, module_id=first.pk)
    answers = right_answers(last)

    # when the last module is submitted several times at the same instant
    results, errors = run_concurrently(
        submissions,
        lambda i: training.complete_module(
            user=agent, enrollment_id=enrollment.pk, module_id=last.pk, answers=answers
        ),
    )

    # then every submission succeeds and exactly one completes the path
    assert errors == []
    assert len(results) == submissions
    assert all(r.passed for r in results)
    assert sum(r.path_completed_now for r in results) == 1
    assert BadgeAward.objects.filter(recipient=agent, badge_class=badge).count() == 1
    assert LedgerEntry.objects.filter(account=agent, kind=LedgerEntry.Kind.TRAINING).count() == 1
    assert balance_of(user=agent) == POINTS
    assert mismatched_balances() == []
    assert AuditEvent.objects.filter(verb="careers.path_completed").count() == 1
    progress = ModuleProgress.objects.get(enrollment=enrollment, module=last)
    assert progress.attempts == submissions


def test_the_two_remaining_modules_completed_at_once_complete_the_path_once(agent, path):
    # given nothing done yet
    enrollment = training.enroll(user=agent, path=path)
    first, last = path.modules.order_by("position")
    submissions = [(first.pk, None), (last.pk, right_answers(last))] * 3

    # when both modules are submitted (three times each) at once
    results, errors = run_concurrently(
        len(submissions),
        lambda i: training.complete_module(
            user=agent,
            enrollment_id=enrollment.pk,
            module_id=submissions[i][0],
            answers=submissions[i][1],
        ),
    )

    # then
    assert errors == []
    assert sum(r.path_completed_now for r in results) == 1
    assert balance_of(user=agent) == POINTS
    assert BadgeAward.objects.filter(recipient=agent).count() == 1
    assert mismatched_balances() == []
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None


def test_twenty_simultaneous_enrollments_make_one(agent, path):
    results, errors = run_concurrently(20, lambda i: training.enroll(user=agent, path=path))

    assert errors == []
    assert len({e.pk for e in results}) == 1
    assert Enrollment.objects.filter(user=agent, path=path).count() == 1
    assert AuditEvent.objects.filter(verb="careers.enrolled").count() == 1


# --- Promotions ---------------------------------------------------------------------------


@pytest.fixture
def ladder(hr: Any) -> tuple[Any, Any]:
    track = track_services.create_track(actor=hr, name_en="Customer Service", name_es="AC")
    one = track_services.add_level(actor=hr, track=track, name_en="Agent I", name_es="Agente I")
    two = track_services.add_level(actor=hr, track=track, name_en="Agent II", name_es="Agente II")
    return one, two


@pytest.fixture
def team_with_two_leads() -> tuple[Any, Any, Any]:
    team = TeamFactory()
    agent = MembershipFactory(team=team, role=Role.AGENT).user
    leads = [MembershipFactory(team=team, role=Role.LEAD).user for _ in range(2)]
    return agent, leads[0], leads[1]


@pytest.fixture
def aiming_agent(hr, ladder, team_with_two_leads):  # type: ignore[no-untyped-def]
    one, two = ladder
    agent, _lead, _other_lead = team_with_two_leads
    promotions.set_level(actor=hr, agent=agent, level=one)
    plans.set_target_level(actor=agent, agent=agent, level_id=two.pk)
    return agent


def test_two_hr_approving_at_once_approve_once(hr, ladder, team_with_two_leads, aiming_agent):
    # given an endorsement and two HR people
    _one, two = ladder
    _agent, lead, _other_lead = team_with_two_leads
    promotion = promotions.endorse(actor=lead, agent=aiming_agent)
    deciders = [hr, hr_person()]

    # when both approve at the same instant
    results, errors = run_concurrently(
        2, lambda i: promotions.approve(actor=deciders[i], promotion_id=promotion.pk)
    )

    # then one approval, one conflict, one new level
    assert len(results) == 1
    assert len(errors) == 1
    only(errors, ConflictError)
    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.APPROVED
    assert promotion.decided_by == results[0].decided_by
    assert LevelHistory.objects.filter(promotion=promotion).count() == 1
    assert LevelHistory.objects.filter(user=aiming_agent).count() == 2
    current = LevelHistory.objects.get(user=aiming_agent, ended_at__isnull=True)
    assert current.level == two
    assert AuditEvent.objects.filter(verb="careers.promotion_approved").count() == 1


def test_hr_approving_while_the_lead_withdraws_settles_one_way(
    hr, ladder, team_with_two_leads, aiming_agent
):
    # given an endorsement
    one, two = ladder
    _agent, lead, _other_lead = team_with_two_leads
    promotion = promotions.endorse(actor=lead, agent=aiming_agent)
    moves = [
        lambda: promotions.approve(actor=hr, promotion_id=promotion.pk),
        lambda: promotions.withdraw(actor=lead, promotion_id=promotion.pk),
    ]

    # when HR approve as the lead withdraws
    results, errors = run_concurrently(2, lambda i: moves[i]())

    # then exactly one happened, and the level agrees with it
    assert len(results) == 1
    only(errors, ConflictError)
    promotion.refresh_from_db()
    expected_level = two if promotion.status == Promotion.Status.APPROVED else one
    assert promotion.status == results[0].status
    current = LevelHistory.objects.get(user=aiming_agent, ended_at__isnull=True)
    assert current.level == expected_level


def test_two_leads_endorsing_at_once_make_one_endorsement(team_with_two_leads, aiming_agent):
    # given the agent's team has two leads
    _agent, lead, other_lead = team_with_two_leads
    leads = [lead, other_lead]

    # when both endorse the agent at the same instant
    results, errors = run_concurrently(
        2, lambda i: promotions.endorse(actor=leads[i], agent=aiming_agent)
    )

    # then
    assert len(results) == 1
    assert len(errors) == 1
    only(errors, ConflictError)
    assert Promotion.objects.filter(agent=aiming_agent).count() == 1
    assert Promotion.objects.get(agent=aiming_agent).endorsed_by == results[0].endorsed_by
    assert AuditEvent.objects.filter(verb="careers.endorsed").count() == 1
