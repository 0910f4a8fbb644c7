"""HR's writes on a path's modules (Markdown text or a link) and their optional quizzes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Required, TypedDict, Unpack
from urllib.parse import urlsplit

from django.db import transaction
from django.utils.translation import gettext as _

from careers.models import (
    MODULE_BODY_MAX_LENGTH,
    Module,
    ModuleProgress,
    QuizChoice,
    QuizQuestion,
    TrainingPath,
)
from careers.services import HR_ONLY
from careers.services.fields import set_fields, whole_number
from careers.services.ordering import close_gap, lock_parent, reorder
from core.exceptions import ConflictError, DomainError
from core.services import record_audit_event
from people.models import User
from people.permissions import require_hr

MAX_MINUTES = 600
MAX_QUESTIONS = 20


def _module_fields(
    *,
    title_en: str,
    title_es: str,
    body_en: str = "",
    body_es: str = "",
    url: str = "",
    estimated_minutes: Any = 10,
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
        # Each problem is listed under "questions" and under the question's own key
        # ("questions.0.prompt_en", "questions.0.choices"), so the editor shows it on its row.
        if not prompt_en or len(prompt_en) > 300:
            message = _("Question %(n)s needs a text of up to 300 characters.") % {"n": n}
            errors.setdefault("questions", []).append(message)
            errors[f"questions.{n - 1}.prompt_en"] = [message]
        if len(choices) < 2 or not any(c["correct"] for c in choices):
            message = _("Question %(n)s needs two or more answers, at least one correct.") % {
                "n": n
            }
            errors.setdefault("questions", []).append(message)
            errors[f"questions.{n - 1}.choices"] = [message]
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


def quiz_as_input(questions: Iterable[QuizQuestion]) -> list[dict[str, Any]]:
    """A stored quiz in the shape ``add_module``/``update_module`` take: what to send back to
    keep it as it is."""
    return [
        {
            "prompt_en": q.prompt_en,
            "prompt_es": q.prompt_es,
            "choices": [
                {"text_en": c.text_en, "text_es": c.text_es, "correct": c.correct}
                for c in q.choices.all()
            ],
        }
        for q in questions
    ]


def _write_quiz(module: Module, questions: list[dict[str, Any]]) -> None:
    """Replace the quiz; an unchanged quiz is left alone, so the ids a person has on screen
    while HR fix a typo in the module's text still answer."""
    questions = _as_stored(questions)
    if quiz_as_input(module.questions.prefetch_related("choices")) == questions:
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


class ModuleText(TypedDict, total=False):
    """What HR write for a module; everything but the titles may be left out."""

    title_en: Required[str]
    title_es: Required[str]
    body_en: str
    body_es: str
    url: str
    estimated_minutes: Any


class ModuleContent(ModuleText, total=False):
    """A module's text and its optional quiz."""

    pass_mark: Any
    questions: Sequence[Mapping[str, Any]] | None


def _clean_module(
    *,
    pass_mark: Any = None,
    questions: Sequence[Mapping[str, Any]] | None = None,
    **text: Unpack[ModuleText],
) -> tuple[dict[str, Any], int | None, list[dict[str, Any]]]:
    """The module's fields, pass mark and quiz, checked in that order."""
    fields = _module_fields(**text)
    mark, quiz = _clean_quiz(pass_mark=pass_mark, questions=questions)
    return fields, mark, quiz


@transaction.atomic
def add_module(*, actor: User, path: TrainingPath, **content: Unpack[ModuleContent]) -> Module:
    require_hr(actor, HR_ONLY)
    fields, mark, quiz = _clean_module(**content)
    lock_parent(path)
    position = Module.objects.filter(path=path).count() + 1
    module = Module.objects.create(path=path, position=position, pass_mark=mark, **fields)
    _write_quiz(module, quiz)
    record_audit_event(actor=actor, verb="careers.module_added", target=module)
    return module


@transaction.atomic
def update_module(*, actor: User, module: Module, **content: Unpack[ModuleContent]) -> Module:
    """Replace a module's content and quiz; progress already made stays as it is."""
    require_hr(actor, HR_ONLY)
    fields, mark, quiz = _clean_module(**content)
    set_fields(module, fields)
    module.pass_mark = mark
    module.save()
    _write_quiz(module, quiz)
    record_audit_event(actor=actor, verb="careers.module_updated", target=module)
    return module


@transaction.atomic
def reorder_modules(*, actor: User, path: TrainingPath, module_ids: Sequence[Any]) -> list[Module]:
    require_hr(actor, HR_ONLY)
    return reorder(
        actor=actor,
        parent=path,
        children=Module.objects.filter(path=path),
        new_ids=module_ids,
        field="module_ids",
        verb="careers.modules_reordered",
    )


@transaction.atomic
def delete_module(*, actor: User, module: Module) -> None:
    """A module somebody already worked on stays (archive the path instead)."""
    require_hr(actor, HR_ONLY)
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
