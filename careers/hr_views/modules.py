"""A training path's modules: add or edit one (its text in Markdown, with a preview, and
its quiz as rows: a question formset), change their order, delete one nobody worked on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.hr_forms import ModuleForm, question_formset
from careers.hr_forms.quiz import BaseQuestionFormSet
from careers.hr_views.common import anchor, save_order
from careers.markdown import render_markdown
from careers.models import Module, TrainingPath
from careers.services import training as training_services
from careers.services.modules import MAX_QUESTIONS
from core.exceptions import DomainError
from core.pages import INLINE_STATUSES, add_domain_errors, refusals_return_to
from people.http import AuthedRequest
from people.permissions import HR, page_rule


def _save(
    request: AuthedRequest, *, path: TrainingPath, module: Module | None, fields: dict[str, Any]
) -> Module:
    """Add a module to ``path``, or update ``module``."""
    if module is None:
        return training_services.add_module(actor=request.user, path=path, **fields)
    return training_services.update_module(actor=request.user, module=module, **fields)


def _place_errors(
    error: DomainError, *, form: ModuleForm, questions: BaseQuestionFormSet, rows: list[int]
) -> None:
    """The service's refusal on the page: a question's problem on its row (the service
    names it ``questions.<n>.<field>``, ``n`` counting only the questions sent), the rest
    on the module's form."""
    on_rows: set[str] = set()
    for key, said in error.errors.items():
        name, _dot, rest = key.partition(".")
        number, _dot, field = rest.partition(".")
        if name != "questions" or not number.isdigit() or int(number) >= len(rows):
            continue
        row = questions.forms[rows[int(number)]]
        for message in said:
            row.add_error(field if field in row.fields else None, message)
        on_rows.update(said)
    rest_of_it = {
        key: [m for m in said if m not in on_rows]
        for key, said in error.errors.items()
        if not key.startswith("questions.")
    }
    add_domain_errors(
        form, DomainError(error.message, errors={k: v for k, v in rest_of_it.items() if v})
    )


def _save_module(
    request: AuthedRequest,
    *,
    path: TrainingPath,
    module: Module | None,
    form: ModuleForm,
    questions: BaseQuestionFormSet,
) -> tuple[Module | None, int]:
    """The module's form and its quiz's rows through one service call: the saved module,
    or None and the status to show the page again with (the errors are on the forms)."""
    if not all([form.is_valid(), questions.is_valid()]):
        return None, 400
    quiz, rows = questions.questions()
    try:
        fields = form.module_fields(quiz)
        return _save(request, path=path, module=module, fields=fields), 200
    except DomainError as error:
        if error.status_code not in INLINE_STATUSES:
            raise
        _place_errors(error, form=form, questions=questions, rows=rows)
        return None, error.status_code


def _module_page(
    request: AuthedRequest, *, path: TrainingPath, module: Module | None
) -> HttpResponse:
    """Add or edit a module. "Preview" shows the Markdown as agents will read it and
    writes nothing; over HTMX only the preview box is sent back. "Add a question" shows
    the page again with one more empty question row (no JavaScript needed)."""
    status = 200
    preview = None
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "preview":
        preview = {
            "body_en": render_markdown(request.POST.get("body_en", "")),
            "body_es": render_markdown(request.POST.get("body_es", "")),
        }
        if request.htmx:
            return render(request, "careers/hr/partials/module_preview.html", {"preview": preview})
        form = ModuleForm(initial=request.POST.dict())
        questions = question_formset(request.POST)
    elif action == "add_question":
        form = ModuleForm(initial=request.POST.dict())
        questions = question_formset(request.POST, add_row=True)
    elif request.method == "POST":
        form = ModuleForm(request.POST)
        questions = question_formset(request.POST)
        done, status = _save_module(
            request, path=path, module=module, form=form, questions=questions
        )
        if done is not None:
            messages.success(request, _("Module “%(title)s” saved.") % {"title": done.title})
            return redirect(anchor("hr_path", path.pk, f"module-{done.pk}"))
    else:
        form = ModuleForm(module=module)
        questions = question_formset(module=module)
    return render(
        request,
        "careers/hr/module_form.html",
        {
            "path": path,
            "module": module,
            "form": form,
            "questions": questions,
            "max_questions": MAX_QUESTIONS,
            "preview": preview,
        },
        status=status,
    )


@page_rule(HR)
def module_add(request: AuthedRequest, pk: int) -> HttpResponse:
    return _module_page(request, path=selectors.get_path(pk=pk), module=None)


@page_rule(HR)
def module_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    module = selectors.get_module(pk=pk)
    prefetch_related_objects([module], "questions__choices")
    return _module_page(request, path=module.path, module=module)


@require_POST
@page_rule(HR)
def modules_reorder(request: AuthedRequest, pk: int) -> HttpResponse:
    current = selectors.get_path(pk=pk)
    save_order(
        request,
        lambda ids: training_services.reorder_modules(
            actor=request.user, path=current, module_ids=ids
        ),
        saved=_("Order of the modules saved."),
    )
    return redirect(anchor("hr_path", pk, "modules"))


def _at_module(request: HttpRequest, pk: int) -> str:
    """The module in its path's page, where a refused deletion is explained."""
    return anchor("hr_path", selectors.get_module(pk=pk).path_id, f"module-{pk}")


@require_POST
@page_rule(HR)
@refusals_return_to(_at_module)
def module_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    module = selectors.get_module(pk=pk)
    training_services.delete_module(actor=request.user, module=module)
    messages.success(request, _("Module “%(title)s” deleted.") % {"title": module.title})
    return redirect(anchor("hr_path", module.path_id, "modules"))
