"""Training paths and enrollments: HR builds paths of modules (text or link, optional quiz),
agents enroll or leads assign, and completing the last module awards the path's badge and
points exactly once (the enrollment row is locked and the awards carry idempotency keys)."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from careers.models import (
    MODULE_BODY_MAX_LENGTH,
    CareerTrack,
    Enrollment,
    Module,
    ModuleProgress,
    QuizChoice,
    QuizQuestion,
    TrainingPath,
)
from careers.services import require_hr
from careers.services.fields import existing_active, unique_slug, whole_number
from careers.services.ordering import close_gap, lock_parent, reorder
from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import clean_names, record_audit_event
from notifications.messages import bilingual
from notifications.services import notify
from people.permissions import is_hr, leads_agent, require_not_self
from recognition.models import BadgeClass, LedgerEntry
from recognition.services.badges import award_badge
from recognition.services.ledger import lock_balances, post_entry

MAX_POINTS = 10000
MAX_MINUTES = 600
MAX_QUESTIONS = 20


@dataclass(frozen=True)
class ModuleResult:
    enrollment: Enrollment
    progress: ModuleProgress
    passed: bool
    score: int | None
    path_completed_now: bool


def _path_fields(
    *,
    name_en: str,
    name_es: str,
    description_en: str,
    description_es: str,
    track_id: Any,
    badge_class_id: Any,
    points: Any,
) -> dict[str, Any]:
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {
        "name_en": name_en,
        "name_es": name_es,
        "description_en": description_en.strip(),
        "description_es": description_es.strip(),
        "track": None,
        "badge_class": None,
    }
    if track_id not in (None, ""):
        try:
            fields["track"] = existing_active(
                CareerTrack, track_id, field="track", message=_("This track does not exist.")
            )
        except DomainError as exc:
            errors.update(exc.errors)
    if badge_class_id not in (None, ""):
        try:
            fields["badge_class"] = existing_active(
                BadgeClass,
                badge_class_id,
                field="badge_class",
                message=_("This badge does not exist or was retired."),
            )
        except DomainError as exc:
            errors.update(exc.errors)
    try:
        fields["points"] = whole_number(points or 0, field="points", low=0, high=MAX_POINTS)
    except DomainError as exc:
        errors.update(exc.errors)
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return fields


@transaction.atomic
def create_path(
    *,
    actor: Any,
    name_en: str,
    name_es: str,
    description_en: str = "",
    description_es: str = "",
    track_id: Any = None,
    badge_class_id: Any = None,
    points: Any = 0,
) -> TrainingPath:
    require_hr(actor)
    fields = _path_fields(
        name_en=name_en,
        name_es=name_es,
        description_en=description_en,
        description_es=description_es,
        track_id=track_id,
        badge_class_id=badge_class_id,
        points=points,
    )
    if TrainingPath.objects.filter(name_en__iexact=fields["name_en"]).exists():
        raise ConflictError(
            _("A training path with this name already exists."),
            errors={"name_en": [_("Already used.")]},
        )
    path = TrainingPath.objects.create(slug=unique_slug(TrainingPath, fields["name_en"]), **fields)
    record_audit_event(actor=actor, verb="careers.path_created", target=path)
    return path


@transaction.atomic
def update_path(
    *,
    actor: Any,
    path: TrainingPath,
    name_en: str,
    name_es: str,
    description_en: str = "",
    description_es: str = "",
    track_id: Any = None,
    badge_class_id: Any = None,
    points: Any = 0,
    active: bool = True,
) -> TrainingPath:
    require_hr(actor)
    fields = _path_fields(
        name_en=name_en,
        name_es=name_es,
        description_en=description_en,
        description_es=description_es,
        track_id=track_id,
        badge_class_id=badge_class_id,
        points=points,
    )
    if TrainingPath.objects.filter(name_en__iexact=name_en.strip()).exclude(pk=path.pk).exists():
        raise ConflictError(
            _("A training path with this name already exists."),
            errors={"name_en": [_("Already used.")]},
        )
    for name, value in fields.items():
        setattr(path, name, value)
    path.active = active
    path.save()
    record_audit_event(actor=actor, verb="careers.path_updated", target=path)
    return path


def _module_fields(
    *,
    title_en: str,
    title_es: str,
    body_en: str,
    body_es: str,
    url: str,
    estimated_minutes: Any,
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    title_en, title_es = title_en.strip(), title_es.strip()
    if not title_en:
        errors["title_en"] = [_("Give the title in English.")]
    if not title_es:
        errors["title_es"] = [_("Give the title in Spanish.")]
    body_en, body_es, url = body_en.strip(), body_es.strip(), url.strip()
    for field, body in (("body_en", body_en), ("body_es", body_es)):
        if len(body) > MODULE_BODY_MAX_LENGTH:
            errors[field] = [
                _("Keep the text under %(n)s characters.") % {"n": MODULE_BODY_MAX_LENGTH}
            ]
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        errors["url"] = [_("Give a link starting with https://.")]
    if not body_en and not url:
        errors["body_en"] = [_("Write the module's text or give a link.")]
    try:
        minutes = whole_number(
            estimated_minutes, field="estimated_minutes", low=1, high=MAX_MINUTES
        )
    except DomainError as exc:
        errors.update(exc.errors)
        minutes = 0
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return {
        "title_en": title_en,
        "title_es": title_es,
        "body_en": body_en,
        "body_es": body_es,
        "url": url,
        "estimated_minutes": minutes,
    }


def _clean_quiz(
    *, pass_mark: Any, questions: Sequence[Mapping[str, Any]] | None
) -> tuple[int | None, list[dict[str, Any]]]:
    """Validate a quiz: each question has two or more answers and at least one correct."""
    questions = list(questions or [])
    if pass_mark in (None, "") and not questions:
        return None, []
    errors: dict[str, list[str]] = {}
    try:
        mark = whole_number(pass_mark, field="pass_mark", low=1, high=100)
    except DomainError as exc:
        errors.update(exc.errors)
        mark = None
    if not questions:
        errors["questions"] = [_("A quiz needs at least one question.")]
    if len(questions) > MAX_QUESTIONS:
        errors["questions"] = [_("Keep the quiz to %(n)s questions.") % {"n": MAX_QUESTIONS}]
    cleaned = []
    for n, question in enumerate(questions, start=1):
        prompt_en = str(question.get("prompt_en", "")).strip()
        prompt_es = str(question.get("prompt_es", "")).strip() or prompt_en
        choices = [
            {
                "text_en": str(c.get("text_en", "")).strip(),
                "text_es": str(c.get("text_es", "")).strip() or str(c.get("text_en", "")).strip(),
                "correct": bool(c.get("correct")),
            }
            for c in question.get("choices", [])
            if str(c.get("text_en", "")).strip()
        ]
        if not prompt_en or len(prompt_en) > 300:
            errors.setdefault("questions", []).append(
                _("Question %(n)s needs a text of up to 300 characters.") % {"n": n}
            )
        if len(choices) < 2 or not any(c["correct"] for c in choices):
            errors.setdefault("questions", []).append(
                _("Question %(n)s needs two or more answers, at least one correct.") % {"n": n}
            )
        cleaned.append({"prompt_en": prompt_en, "prompt_es": prompt_es, "choices": choices})
    if errors:
        raise DomainError(_("Please correct the quiz."), errors=errors)
    return mark, cleaned


def _as_stored(questions: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "prompt_en": q["prompt_en"][:300],
            "prompt_es": q["prompt_es"][:300],
            "choices": [
                {
                    "text_en": c["text_en"][:200],
                    "text_es": c["text_es"][:200],
                    "correct": c["correct"],
                }
                for c in q["choices"]
            ],
        }
        for q in questions
    ]


def _stored_quiz(module: Module) -> list[dict[str, Any]]:
    return [
        {
            "prompt_en": q.prompt_en,
            "prompt_es": q.prompt_es,
            "choices": [
                {"text_en": c.text_en, "text_es": c.text_es, "correct": c.correct}
                for c in q.choices.all()
            ],
        }
        for q in module.questions.prefetch_related("choices")
    ]


def _write_quiz(module: Module, questions: list[dict[str, Any]]) -> None:
    """Replace the quiz; an unchanged quiz is left alone, so the ids a person has on screen
    while HR fix a typo in the module's text still answer."""
    questions = _as_stored(questions)
    if _stored_quiz(module) == questions:
        return
    module.questions.all().delete()
    for position, question in enumerate(questions, start=1):
        row = QuizQuestion.objects.create(
            module=module,
            position=position,
            prompt_en=question["prompt_en"],
            prompt_es=question["prompt_es"],
        )
        QuizChoice.objects.bulk_create(
            QuizChoice(question=row, position=n, **choice)
            for n, choice in enumerate(question["choices"])
        )


@transaction.atomic
def add_module(
    *,
    actor: Any,
    path: TrainingPath,
    title_en: str,
    title_es: str,
    body_en: str = "",
    body_es: str = "",
    url: str = "",
    estimated_minutes: Any = 10,
    pass_mark: Any = None,
    questions: Sequence[Mapping[str, Any]] | None = None,
) -> Module:
    require_hr(actor)
    fields = _module_fields(
        title_en=title_en,
        title_es=title_es,
        body_en=body_en,
        body_es=body_es,
        url=url,
        estimated_minutes=estimated_minutes,
    )
    mark, quiz = _clean_quiz(pass_mark=pass_mark, questions=questions)
    lock_parent(path)
    position = Module.objects.filter(path=path).count() + 1
    module = Module.objects.create(path=path, position=position, pass_mark=mark, **fields)
    _write_quiz(module, quiz)
    record_audit_event(actor=actor, verb="careers.module_added", target=module)
    return module


@transaction.atomic
def update_module(
    *,
    actor: Any,
    module: Module,
    title_en: str,
    title_es: str,
    body_en: str = "",
    body_es: str = "",
    url: str = "",
    estimated_minutes: Any = 10,
    pass_mark: Any = None,
    questions: Sequence[Mapping[str, Any]] | None = None,
) -> Module:
    """Replace a module's content and quiz; progress already made stays as it is."""
    require_hr(actor)
    fields = _module_fields(
        title_en=title_en,
        title_es=title_es,
        body_en=body_en,
        body_es=body_es,
        url=url,
        estimated_minutes=estimated_minutes,
    )
    mark, quiz = _clean_quiz(pass_mark=pass_mark, questions=questions)
    for name, value in fields.items():
        setattr(module, name, value)
    module.pass_mark = mark
    module.save()
    _write_quiz(module, quiz)
    record_audit_event(actor=actor, verb="careers.module_updated", target=module)
    return module


@transaction.atomic
def reorder_modules(*, actor: Any, path: TrainingPath, module_ids: Sequence[Any]) -> list[Module]:
    require_hr(actor)
    return reorder(
        actor=actor,
        parent=path,
        children=Module.objects.filter(path=path),
        new_ids=module_ids,
        field="module_ids",
        verb="careers.modules_reordered",
    )


@transaction.atomic
def delete_module(*, actor: Any, module: Module) -> None:
    """A module somebody already worked on stays (archive the path instead)."""
    require_hr(actor)
    if ModuleProgress.objects.filter(module=module).exists():
        raise ConflictError(
            _("People already worked on this module; archive the path instead."),
            errors={"module": [_("In use.")]},
        )
    path = module.path
    lock_parent(path)
    record_audit_event(
        actor=actor, verb="careers.module_deleted", target=path, data={"title": module.title_en}
    )
    module.delete()
    close_gap(Module.objects.filter(path=path))


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


def enroll(*, user: Any, path: TrainingPath) -> Enrollment:
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
    actor: Any,
    agent: Any,
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
    today = today or timezone.localdate()
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
    user: Any,
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
    if path.points:
        lock_balances(user_ids=[user.pk])
        post_entry(
            account_id=user.pk,
            amount=path.points,
            kind=LedgerEntry.Kind.TRAINING,
            idempotency_key=f"training:{enrollment.pk}",
            reference=enrollment,
            memo_key="ledger.training_completed",
            memo_params={"path": bilingual(path)},
        )
    if path.badge_class_id:
        # Already held (non-repeatable) or retired since: completing still counts.
        with contextlib.suppress(DomainError):
            award_badge(
                badge_class=path.badge_class,
                recipient=user,
                awarded_by=None,
                evidence_text=_("Completed the training path “%(path)s”.") % {"path": path.name},
                idempotency_key=f"training:{enrollment.pk}:badge",
            )
    notify(
        user=user,
        kind="training",
        message_key="careers.training_completed",
        params={"path": bilingual(path)},
        url=reverse("careers:enrollment", args=[enrollment.pk]),
    )
