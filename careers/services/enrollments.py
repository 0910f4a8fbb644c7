"""Enrollments: agents enroll or leads assign a path, and completing the last module awards
the path's badge and points exactly once (the enrollment row is locked and the grant carries
idempotency keys)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careers.models import (
    Enrollment,
    Module,
    ModuleProgress,
    TrainingPath,
)
from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import record_audit_event
from notifications.messages import bilingual
from notifications.services import notify
from people.models import User
from people.permissions import is_hr, leads_agent, require_not_self
from people.time import local_today
from recognition.services.grants import grant


@dataclass(frozen=True)
class ModuleResult:
    enrollment: Enrollment
    progress: ModuleProgress
    passed: bool
    score: int | None
    path_completed_now: bool


def _notify_assignment(enrollment: Enrollment) -> None:
    params: dict[str, Any] = {"path": bilingual(enrollment.path)}
    if enrollment.due_on:
        params["date"] = {"date": enrollment.due_on.isoformat()}
    notify(
        user=enrollment.user,
        kind="training",
        message_key=(
            "careers.training_assigned_due" if enrollment.due_on else "careers.training_assigned"
        ),
        params=params,
        url=reverse("careers:enrollment", args=[enrollment.pk]),
    )


def enroll(*, user: User, path: TrainingPath) -> Enrollment:
    """Enroll ``user`` in ``path``; enrolling again returns the existing enrollment."""
    with transaction.atomic():
        if not path.active:
            raise DomainError(
                _("This training path is archived."), errors={"path": [_("Archived.")]}
            )
        if not path.modules.exists():
            raise DomainError(
                _("This training path has no modules yet."), errors={"path": [_("Empty.")]}
            )
        existing = Enrollment.objects.filter(user=user, path=path).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(user=user, path=path)
        except IntegrityError:
            return Enrollment.objects.get(user=user, path=path)
        record_audit_event(actor=user, verb="careers.enrolled", target=enrollment)
        return enrollment


@transaction.atomic
def assign_path(
    *,
    actor: User,
    agent: User,
    path: TrainingPath,
    due_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Enrollment:
    """A lead (of the agent's team) or HR assigns a path, optionally with a due date."""
    require_not_self(
        actor=actor,
        person=agent,
        message=_("Nobody assigns themselves a path: enroll from the catalog."),
    )
    if not (is_hr(actor) or leads_agent(actor, agent)):
        raise NotFoundError(_("Person not found."))
    today = today or local_today(user=agent)
    if due_on is not None and due_on < today:
        raise DomainError(_("The due date is in the past."), errors={"due_on": [_("In the past.")]})
    enrollment = enroll(user=agent, path=path)
    if enrollment.completed_at is not None:
        raise ConflictError(
            _("%(name)s already completed this path.") % {"name": agent},
            errors={"path": [_("Already completed.")]},
        )
    Enrollment.objects.filter(pk=enrollment.pk).update(assigned_by=actor, due_on=due_on)
    enrollment.refresh_from_db()
    record_audit_event(
        actor=actor,
        verb="careers.path_assigned",
        target=enrollment,
        data={"due_on": due_on.isoformat() if due_on else None},
    )
    transaction.on_commit(lambda: _notify_assignment(enrollment))
    return enrollment


def _score(module: Module, answers: Mapping[Any, Any]) -> int:
    """Percentage of the module's questions answered right; refuses answers to others."""
    questions = {q.pk: q for q in module.questions.prefetch_related("choices")}
    if not questions:
        return 100
    try:
        given = {int(q): int(c) for q, c in answers.items()}
    except (TypeError, ValueError, AttributeError):
        raise DomainError(
            _("Answers must map question ids to answer ids."),
            errors={"answers": [_("Not valid answers.")]},
        ) from None
    foreign = sorted(set(given) - set(questions))
    if foreign:
        raise DomainError(
            _("Some answers are for questions of another module."),
            errors={"answers": [_("Not in this module: %(ids)s") % {"ids": foreign}]},
        )
    unanswered = [q.position for pk, q in questions.items() if pk not in given]
    if unanswered:
        raise DomainError(
            _("Answer every question before submitting."),
            errors={"answers": [_("Unanswered: %(n)s") % {"n": unanswered}]},
        )
    right = 0
    for pk, question in questions.items():
        choices = {c.pk: c for c in question.choices.all()}
        if given[pk] not in choices:
            raise DomainError(
                _("An answer does not belong to its question."),
                errors={
                    "answers": [_("Question %(n)s: unknown answer.") % {"n": question.position}]
                },
            )
        right += choices[given[pk]].correct
    return round(100 * right / len(questions))


@transaction.atomic
def complete_module(
    *,
    user: User,
    enrollment_id: int,
    module_id: Any,
    answers: Mapping[Any, Any] | None = None,
) -> ModuleResult:
    """Mark a module done (or grade its quiz). The last module completes the path."""
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("path")
        .filter(pk=enrollment_id, user=user)
        .first()
    )
    if enrollment is None:
        raise NotFoundError(_("Enrollment not found."))
    try:
        module = Module.objects.get(pk=int(module_id), path_id=enrollment.path_id)
    except (Module.DoesNotExist, TypeError, ValueError):
        raise DomainError(
            _("This module is not part of this enrollment."),
            errors={"module": [_("Not in this path.")]},
        ) from None
    if module.has_quiz and answers is None:
        raise DomainError(
            _("This module ends with a quiz; send your answers."),
            errors={"answers": [_("Required.")]},
        )
    score = _score(module, answers or {}) if module.has_quiz else None
    passed = score is None or score >= (module.pass_mark or 0)
    progress, _created = ModuleProgress.objects.get_or_create(enrollment=enrollment, module=module)
    now = timezone.now()
    progress.attempts += 1
    if score is not None:
        progress.last_score = score
    if passed and progress.completed_at is None:
        progress.completed_at = now
    progress.save()
    completed_now = False
    if enrollment.completed_at is None and passed:
        done = ModuleProgress.objects.filter(
            enrollment=enrollment, completed_at__isnull=False
        ).count()
        if done >= Module.objects.filter(path_id=enrollment.path_id).count():
            _complete_enrollment(enrollment, now=now)
            completed_now = True
    return ModuleResult(
        enrollment=enrollment,
        progress=progress,
        passed=passed,
        score=score,
        path_completed_now=completed_now,
    )


def _complete_enrollment(enrollment: Enrollment, *, now: dt.datetime) -> None:
    """Runs with the enrollment row locked; the conditional UPDATE and the idempotency keys
    make a second completion (a retry, a double submit) award nothing more."""
    claimed = Enrollment.objects.filter(pk=enrollment.pk, completed_at__isnull=True).update(
        completed_at=now
    )
    if not claimed:
        return
    enrollment.completed_at = now
    path, user = enrollment.path, enrollment.user
    record_audit_event(actor=user, verb="careers.path_completed", target=enrollment)
    # Already held (non-repeatable) or retired since, the badge is skipped: completing
    # still counts and the points still land.
    grant(
        recipient=user,
        reason="training",
        idempotency_key=f"training:{enrollment.pk}",
        points=path.points,
        reference=enrollment,
        memo_key="ledger.training_completed",
        memo_params={"path": bilingual(path)},
        badge_class_id=path.badge_class_id,
        badge_evidence=_("Completed the training path “%(path)s”.") % {"path": path.name},
    )
    notify(
        user=user,
        kind="training",
        message_key="careers.training_completed",
        params={"path": bilingual(path)},
        url=reverse("careers:enrollment", args=[enrollment.pk]),
    )
