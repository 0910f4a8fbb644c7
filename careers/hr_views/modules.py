"""A training path's modules: add or edit one (its text in Markdown, with a preview, and
its quiz), change their order, delete one nobody worked on."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.hr_forms import ModuleForm
from careers.hr_views.common import anchor, save_order
from careers.markdown import render_markdown
from careers.models import Module, TrainingPath
from careers.services import training as training_services
from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule


def _save(
    request: AuthedRequest, *, path: TrainingPath, module: Module | None, fields: dict[str, Any]
) -> Module:
    """Add a module to ``path``, or update ``module``."""
    if module is None:
        return training_services.add_module(actor=request.user, path=path, **fields)
    return training_services.update_module(actor=request.user, module=module, **fields)


def _module_page(
    request: AuthedRequest, *, path: TrainingPath, module: Module | None
) -> HttpResponse:
    """Add or edit a module. "Preview" shows the Markdown as agents will read it and
    writes nothing; over HTMX only the preview box is sent back."""
    status = 200
    preview = None
    if request.method == "POST" and request.POST.get("action") == "preview":
        preview = {
            "body_en": render_markdown(request.POST.get("body_en", "")),
            "body_es": render_markdown(request.POST.get("body_es", "")),
        }
        if request.htmx:
            return render(request, "careers/hr/partials/module_preview.html", {"preview": preview})
        form = ModuleForm(initial=request.POST.dict())
    elif request.method == "POST":
        form = ModuleForm(request.POST)
        saved = submit(
            form,
            lambda data: _save(request, path=path, module=module, fields=form.module_fields()),
            fields={"questions": "quiz"},
        )
        done = saved.result
        if done is not None:
            messages.success(request, _("Module “%(title)s” saved.") % {"title": done.title})
            return redirect(anchor("hr_path", path.pk, f"module-{done.pk}"))
        status = saved.status
    else:
        form = ModuleForm(module=module)
    return render(
        request,
        "careers/hr/module_form.html",
        {"path": path, "module": module, "form": form, "preview": preview},
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
