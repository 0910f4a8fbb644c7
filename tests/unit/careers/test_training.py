"""Enrollments and module completion: quizzes grade without writing anything for a bad
submission, the last module awards badge and points exactly once, and leads assign paths
to their own team only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation

from careers.models import Enrollment, Module, ModuleProgress, TrainingPath
from careers.services import training
from core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from core.models import AuditEvent
from notifications.models import Notification
from recognition.models import BadgeAward, LedgerEntry
from recognition.selectors import balance_of
from recognition.services.badges import award_badge
from recognition.services.ledger import mismatched_balances
from tests.unit.careers.conftest import right_answers, wrong_answers

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Awarding a badge draws its image into MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def first(path):  # type: ignore[no-untyped-def]
    return path.modules.get(position=1)


@pytest.fixture
def quiz(path):  # type: ignore[no-untyped-def]
    return path.modules.get(position=2)


@pytest.fixture
def enrollment(agent, path):  # type: ignore[no-untyped-def]
    return training.enroll(user=agent, path=path)


@pytest.fixture
def other_path(hr_admin):  # type: ignore[no-untyped-def]
    other = training.create_path(actor=hr_admin, name_en="Escalations", name_es="Escalamientos")
    training.add_module(
        actor=hr_admin,
        path=other,
        title_en="When to escalate",
        title_es="Cuándo escalar",
        url="https://example.test/escalate",
        pass_mark=100,
        questions=[
            {
                "prompt_en": "The caller asks for a manager. You…",
                "choices": [
                    {"text_en": "Escalate", "correct": True},
                    {"text_en": "Hang up"},
                ],
            }
        ],
    )
    return other


def complete(user: Any, enrollment: Enrollment, module: Module, answers: Any = None) -> Any:
    return training.complete_module(
        user=user, enrollment_id=enrollment.pk, module_id=module.pk, answers=answers
    )


def attempts(enrollment: Enrollment, module: Module) -> int | None:
    return (
        ModuleProgress.objects.filter(enrollment=enrollment, module=module)
        .values_list("attempts", flat=True)
        .first()
    )


# --- Enrolling ----------------------------------------------------------------------------


def test_enrolling_twice_returns_the_same_enrollment(agent, path):
    first_time = training.enroll(user=agent, path=path)
    second_time = training.enroll(user=agent, path=path)

    assert first_time.pk == second_time.pk
    assert Enrollment.objects.filter(user=agent, path=path).count() == 1
    assert AuditEvent.objects.filter(verb="careers.enrolled").count() == 1


def test_an_archived_path_accepts_no_enrollment(agent, path):
    TrainingPath.objects.filter(pk=path.pk).update(active=False)
    path.refresh_from_db()

    with pytest.raises(DomainError) as refused:
        training.enroll(user=agent, path=path)

    assert "path" in refused.value.errors
    assert not Enrollment.objects.exists()


def test_an_empty_path_accepts_no_enrollment(hr_admin, agent):
    empty = training.create_path(actor=hr_admin, name_en="Soon", name_es="Pronto")

    with pytest.raises(DomainError) as refused:
        training.enroll(user=agent, path=empty)

    assert "path" in refused.value.errors
    assert not Enrollment.objects.exists()


# --- Modules and quizzes ------------------------------------------------------------------


def test_a_module_without_quiz_is_done_when_marked(agent, enrollment, first):
    result = complete(agent, enrollment, first)

    assert result.passed
    assert result.score is None
    assert not result.path_completed_now
    assert result.progress.completed_at is not None
    assert attempts(enrollment, first) == 1


def test_right_answers_pass_with_full_marks(agent, enrollment, quiz):
    result = complete(agent, enrollment, quiz, right_answers(quiz))

    assert (result.passed, result.score) == (True, 100)
    progress = ModuleProgress.objects.get(enrollment=enrollment, module=quiz)
    assert (progress.last_score, progress.attempts) == (100, 1)
    assert progress.completed_at is not None


def test_wrong_answers_fail_count_the_attempt_and_leave_the_module_open(agent, enrollment, quiz):
    # when the agent fails twice
    results = [complete(agent, enrollment, quiz, wrong_answers(quiz)) for _ in range(2)]

    # then
    assert [(r.passed, r.score) for r in results] == [(False, 0), (False, 0)]
    progress = ModuleProgress.objects.get(enrollment=enrollment, module=quiz)
    assert (progress.attempts, progress.last_score, progress.completed_at) == (2, 0, None)
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None


def test_half_right_meets_a_fifty_percent_pass_mark(agent, enrollment, quiz):
    answers = wrong_answers(quiz)
    question = quiz.questions.get(position=1)
    answers[str(question.pk)] = str(question.choices.get(correct=True).pk)

    result = complete(agent, enrollment, quiz, answers)

    assert (result.passed, result.score) == (True, 50)


def test_failing_after_passing_keeps_the_module_done(agent, enrollment, quiz):
    complete(agent, enrollment, quiz, right_answers(quiz))

    result = complete(agent, enrollment, quiz, wrong_answers(quiz))

    assert not result.passed
    progress = ModuleProgress.objects.get(enrollment=enrollment, module=quiz)
    assert (progress.attempts, progress.last_score) == (2, 0)
    assert progress.completed_at is not None


def bad_submissions(quiz: Module, other: Module) -> dict[str, Any]:
    """Submissions that must be refused, keyed by what is wrong with them."""
    one, two = quiz.questions.order_by("position")
    right = right_answers(quiz)
    foreign_question = other.questions.get()
    return {
        "none": None,
        "empty": {},
        "one-missing": {str(one.pk): right[str(one.pk)]},
        "question-of-another-module": {
            **right,
            str(foreign_question.pk): str(foreign_question.choices.first().pk),
        },
        "choice-of-another-question": {
            str(one.pk): right[str(two.pk)],
            str(two.pk): right[str(two.pk)],
        },
        "choice-of-another-module": {
            str(one.pk): str(foreign_question.choices.first().pk),
            str(two.pk): right[str(two.pk)],
        },
        "not-ids": {"first": "yes", str(two.pk): right[str(two.pk)]},
        "not-a-mapping": [right[str(one.pk)], right[str(two.pk)]],
    }


@pytest.mark.parametrize(
    "case",
    [
        "none",
        "empty",
        "one-missing",
        "question-of-another-module",
        "choice-of-another-question",
        "choice-of-another-module",
        "not-ids",
        "not-a-mapping",
    ],
)
@pytest.mark.parametrize("tried_before", [False, True], ids=["first-try", "after-a-fail"])
def test_a_malformed_quiz_submission_is_refused_and_writes_nothing(
    agent, enrollment, quiz, other_path, case, tried_before
):
    # given (perhaps) one failed attempt already
    if tried_before:
        complete(agent, enrollment, quiz, wrong_answers(quiz))
    answers = bad_submissions(quiz, other_path.modules.get())[case]
    before = (attempts(enrollment, quiz), ModuleProgress.objects.count())

    # when
    with pytest.raises(DomainError) as refused:
        complete(agent, enrollment, quiz, answers)

    # then
    assert type(refused.value) is DomainError
    assert "answers" in refused.value.errors
    assert (attempts(enrollment, quiz), ModuleProgress.objects.count()) == before
    if not tried_before:
        assert not ModuleProgress.objects.exists()
    assert ModuleProgress.objects.filter(completed_at__isnull=False).count() == 0


def test_a_module_of_another_path_is_refused_and_writes_nothing(
    agent, enrollment, other_path, first
):
    # given the agent is enrolled in both paths
    training.enroll(user=agent, path=other_path)
    foreign = other_path.modules.get()

    # when the module of the other path is sent with this enrollment
    with pytest.raises(DomainError) as refused:
        complete(agent, enrollment, foreign, right_answers(foreign))

    # then
    assert "module" in refused.value.errors
    assert not ModuleProgress.objects.exists()


@pytest.mark.parametrize("module_id", ["abc", None, 10**9])
def test_a_module_id_that_is_not_a_module_is_refused(agent, enrollment, module_id):
    with pytest.raises(DomainError) as refused:
        training.complete_module(user=agent, enrollment_id=enrollment.pk, module_id=module_id)

    assert "module" in refused.value.errors
    assert not ModuleProgress.objects.exists()


def test_another_persons_enrollment_is_not_found(agent, teammate, enrollment, first):
    with pytest.raises(NotFoundError):
        complete(teammate, enrollment, first)

    assert not ModuleProgress.objects.exists()


# --- Completing the path ------------------------------------------------------------------


def test_the_last_module_completes_the_path_and_awards_once(agent, enrollment, first, quiz, badge):
    # given the first module done
    complete(agent, enrollment, first)

    # when the last module is submitted twice in a row
    results = [complete(agent, enrollment, quiz, right_answers(quiz)) for _ in range(2)]

    # then only the first completes the path and awards badge and points
    assert [r.path_completed_now for r in results] == [True, False]
    enrollment.refresh_from_db()
    assert enrollment.completed_at is not None
    assert BadgeAward.objects.filter(recipient=agent, badge_class=badge).count() == 1
    assert LedgerEntry.objects.filter(account=agent, kind="training").count() == 1
    assert balance_of(user=agent) == 50
    assert mismatched_balances() == []
    assert (
        AuditEvent.objects.filter(
            verb="careers.path_completed", target_id=str(enrollment.pk)
        ).count()
        == 1
    )
    assert (
        Notification.objects.filter(
            user=agent, kind="training", url=reverse("careers:enrollment", args=[enrollment.pk])
        ).count()
        == 1
    )


def test_modules_may_be_done_in_any_order(agent, enrollment, first, quiz):
    complete(agent, enrollment, quiz, right_answers(quiz))

    result = complete(agent, enrollment, first)

    assert result.path_completed_now
    assert balance_of(user=agent) == 50


def test_a_failed_last_quiz_does_not_complete_the_path(agent, enrollment, first, quiz):
    complete(agent, enrollment, first)

    result = complete(agent, enrollment, quiz, wrong_answers(quiz))

    assert not result.path_completed_now
    enrollment.refresh_from_db()
    assert enrollment.completed_at is None
    assert not LedgerEntry.objects.exists()
    assert not BadgeAward.objects.exists()


def test_a_path_whose_badge_is_already_held_still_completes_and_pays(
    hr_admin, agent, enrollment, first, quiz, badge
):
    # given the agent already holds the (one-per-person) badge
    held = award_badge(badge_class=badge, recipient=agent, awarded_by=hr_admin)

    # when
    complete(agent, enrollment, first)
    result = complete(agent, enrollment, quiz, right_answers(quiz))

    # then
    assert result.path_completed_now
    assert list(BadgeAward.objects.filter(recipient=agent)) == [held]
    assert balance_of(user=agent) == 50
    assert mismatched_balances() == []


def test_a_path_without_points_or_badge_completes_quietly(hr_admin, agent):
    plain = training.create_path(actor=hr_admin, name_en="Plain", name_es="Simple")
    module = training.add_module(
        actor=hr_admin, path=plain, title_en="Read", title_es="Lee", body_en="Text."
    )
    enrollment = training.enroll(user=agent, path=plain)

    result = complete(agent, enrollment, module)

    assert result.path_completed_now
    assert not LedgerEntry.objects.exists()
    assert not BadgeAward.objects.exists()


# --- Assigning ----------------------------------------------------------------------------


def test_the_agents_lead_assigns_a_path_with_a_due_date(
    django_capture_on_commit_callbacks, team_lead, agent, path
):
    # when
    with (
        time_machine.travel(dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enrollment = training.assign_path(
            actor=team_lead, agent=agent, path=path, due_on=dt.date(2026, 7, 1)
        )
        assert not Notification.objects.exists(), "notified before the commit"

    # then
    assert (enrollment.assigned_by, enrollment.due_on) == (team_lead, dt.date(2026, 7, 1))
    notification = Notification.objects.get(user=agent)
    assert notification.kind == "training"
    # the due date in the reader's format: English here, Spanish once they switch
    with translation.override("en"):
        assert "July 1, 2026" in notification.text
    with translation.override("es"):
        assert "1 de julio de 2026" in notification.text
    assert notification.url == reverse("careers:enrollment", args=[enrollment.pk])
    event = AuditEvent.objects.get(verb="careers.path_assigned")
    assert (event.actor, event.target_id, event.data) == (
        team_lead,
        str(enrollment.pk),
        {"due_on": "2026-07-01"},
    )


def test_assigning_a_path_already_enrolled_keeps_the_progress(team_lead, agent, enrollment, first):
    complete(agent, enrollment, first)

    assigned = training.assign_path(actor=team_lead, agent=agent, path=enrollment.path)

    assert assigned.pk == enrollment.pk
    assert assigned.assigned_by == team_lead
    assert ModuleProgress.objects.filter(enrollment=enrollment).count() == 1


def test_hr_may_assign_a_path_too(hr_admin, other_team_agent, path):
    enrollment = training.assign_path(
        actor=hr_admin, agent=other_team_agent, path=path, today=TODAY
    )

    assert enrollment.assigned_by == hr_admin


@pytest.mark.parametrize("persona", ["other_team_lead", "teammate"])
def test_someone_who_does_not_lead_the_agent_cannot_assign(request, agent, path, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(NotFoundError):
        training.assign_path(actor=actor, agent=agent, path=path)

    assert not Enrollment.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("persona", ["hr_admin", "team_lead"])
def test_nobody_assigns_a_path_to_themselves(request, path, persona):
    person = request.getfixturevalue(persona)

    with translation.override("en"), pytest.raises(PermissionDeniedError) as refused:
        training.assign_path(actor=person, agent=person, path=path)

    assert refused.value.message == "Nobody assigns themselves a path: enroll from the catalog."
    assert not Enrollment.objects.exists()


def test_a_due_date_in_the_past_is_refused(
    django_capture_on_commit_callbacks, team_lead, agent, path
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(DomainError) as refused,
    ):
        training.assign_path(
            actor=team_lead,
            agent=agent,
            path=path,
            due_on=TODAY - dt.timedelta(days=1),
            today=TODAY,
        )

    assert "due_on" in refused.value.errors
    assert not Enrollment.objects.exists()
    assert not Notification.objects.exists()


def test_a_due_date_of_today_is_fine(team_lead, agent, path):
    enrollment = training.assign_path(
        actor=team_lead, agent=agent, path=path, due_on=TODAY, today=TODAY
    )

    assert enrollment.due_on == TODAY


def test_a_completed_path_cannot_be_assigned_again(team_lead, agent, enrollment, first, quiz):
    complete(agent, enrollment, first)
    complete(agent, enrollment, quiz, right_answers(quiz))

    with pytest.raises(ConflictError):
        training.assign_path(actor=team_lead, agent=agent, path=enrollment.path)


# --- HR building quizzes ------------------------------------------------------------------


def choices(*correct: bool) -> list[dict[str, Any]]:
    return [{"text_en": f"Answer {n}", "correct": c} for n, c in enumerate(correct)]


@pytest.mark.parametrize(
    ("pass_mark", "questions", "field"),
    [
        pytest.param(50, [{"prompt_en": "Q?", "choices": choices(True)}], "questions", id="one"),
        pytest.param(
            50, [{"prompt_en": "Q?", "choices": choices(False, False)}], "questions", id="no-right"
        ),
        pytest.param(
            50,
            [{"prompt_en": "Q?", "choices": [*choices(True), {"text_en": " ", "correct": False}]}],
            "questions",
            id="blank-answer-does-not-count",
        ),
        pytest.param(50, [{"prompt_en": " ", "choices": choices(True, False)}], "questions"),
        pytest.param(50, [], "questions", id="no-questions"),
        pytest.param(
            0, [{"prompt_en": "Q?", "choices": choices(True, False)}], "pass_mark", id="mark-0"
        ),
        pytest.param(
            101, [{"prompt_en": "Q?", "choices": choices(True, False)}], "pass_mark", id="mark-101"
        ),
        pytest.param(
            None, [{"prompt_en": "Q?", "choices": choices(True, False)}], "pass_mark", id="no-mark"
        ),
    ],
)
def test_hr_cannot_save_an_unanswerable_quiz(hr_admin, path, pass_mark, questions, field):
    modules_before = Module.objects.count()

    with pytest.raises(DomainError) as refused:
        training.add_module(
            actor=hr_admin,
            path=path,
            title_en="Quiz",
            title_es="Prueba",
            body_en="Check.",
            pass_mark=pass_mark,
            questions=questions,
        )

    assert field in refused.value.errors
    assert Module.objects.count() == modules_before


def test_updating_a_module_validates_its_quiz_and_keeps_the_old_one(hr_admin, quiz):
    with pytest.raises(DomainError):
        training.update_module(
            actor=hr_admin,
            module=quiz,
            title_en="Check yourself",
            title_es="Compruébalo",
            body_en="A short quiz.",
            pass_mark=101,
            questions=[{"prompt_en": "Q?", "choices": choices(True, False)}],
        )

    quiz.refresh_from_db()
    assert quiz.pass_mark == 50
    assert quiz.questions.count() == 2


def test_fixing_a_modules_text_keeps_the_quiz_an_agent_is_answering(hr_admin, agent, path, quiz):
    # given an agent with the quiz on screen
    enrollment = training.enroll(user=agent, path=path)
    on_screen = right_answers(quiz)
    same_quiz = [
        {
            "prompt_en": q.prompt_en,
            "prompt_es": q.prompt_es,
            "choices": [
                {"text_en": c.text_en, "text_es": c.text_es, "correct": c.correct}
                for c in q.choices.all()
            ],
        }
        for q in quiz.questions.all()
    ]

    # when HR fix a typo in the text and send the same quiz back
    training.update_module(
        actor=hr_admin,
        module=quiz,
        title_en="Check yourself",
        title_es="Compruébalo",
        body_en="A short quiz, two questions.",
        pass_mark=50,
        questions=same_quiz,
    )
    result = training.complete_module(
        user=agent, enrollment_id=enrollment.pk, module_id=quiz.pk, answers=on_screen
    )

    # then the answers on screen still count
    assert (result.passed, result.score) == (True, 100)


def test_changing_the_quiz_replaces_its_questions(hr_admin, quiz):
    before = set(quiz.questions.values_list("pk", flat=True))

    training.update_module(
        actor=hr_admin,
        module=quiz,
        title_en="Check yourself",
        title_es="Compruébalo",
        body_en="A short quiz.",
        pass_mark=100,
        questions=[{"prompt_en": "Listen first?", "choices": choices(True, False)}],
    )

    after = set(quiz.questions.values_list("pk", flat=True))
    assert len(after) == 1
    assert not before & after


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_only_hr_build_paths_and_modules(request, path, persona):
    actor = request.getfixturevalue(persona)

    with pytest.raises(PermissionDeniedError):
        training.create_path(actor=actor, name_en="X", name_es="X")
    with pytest.raises(PermissionDeniedError):
        training.add_module(actor=actor, path=path, title_en="X", title_es="X", body_en="X")
    with pytest.raises(PermissionDeniedError):
        training.update_path(actor=actor, path=path, name_en="X", name_es="X")
