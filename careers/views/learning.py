"""One's own learning: the trainings in progress and done, an enrollment's modules, and
completing a module (or passing its quiz). Nobody opens anyone else's enrollment."""

from __future__ import annotations

from operator import attrgetter
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.forms import QuizForm
from careers.models import Enrollment, Module
from careers.services import training as training_services
from core.pages import refusals_return_to
from people.http import AuthedRequest
from people.permissions import SIGNED_IN, page_rule
from people.time import local_today


@page_rule(SIGNED_IN)
def my_learning(request: AuthedRequest) -> HttpResponse:
    enrollments = list(selectors.enrollments_of(user=request.user))
    completed = sorted(
        (e for e in enrollments if e.completed_at is not None),
        key=attrgetter("completed_at"),
        reverse=True,
    )
    return render(
        request,
        "careers/my_learning.html",
        {
            "active": [e for e in enrollments if e.completed_at is None],
            "completed": completed,
            "today": local_today(user=request.user),
        },
    )


def _enrollment_context(
    request: AuthedRequest,
    enrollment: Enrollment,
    *,
    module: Module | None = None,
    quiz_form: QuizForm | None = None,
    error: str = "",
) -> dict[str, Any]:
    """The enrollment's modules in order with their progress, and the open one: ``module``,
    else ``?module=`` when it belongs to the path, else the first one not done yet."""
    modules = list(selectors.path_modules(path=enrollment.path))
    progress = selectors.enrollment_progress(enrollment=enrollment)
    done = {pk for pk, row in progress.items() if row.completed_at is not None}
    rows = [{"module": m, "progress": progress.get(m.pk), "done": m.pk in done} for m in modules]
    if module is None:
        wanted = request.GET.get("module", "")
        module = next((m for m in modules if str(m.pk) == wanted), None)
    if module is None:
        module = next((m for m in modules if m.pk not in done), None)
    if module is not None and module.has_quiz and quiz_form is None:
        quiz_form = QuizForm(module=module)
    return {
        "enrollment": enrollment,
        "path": enrollment.path,
        "rows": rows,
        "current": module,
        "current_progress": progress.get(module.pk) if module else None,
        "quiz_form": quiz_form,
        "error": error,
        "today": local_today(user=request.user),
    }


@page_rule(SIGNED_IN)
def enrollment(request: AuthedRequest, pk: int) -> HttpResponse:
    """One's own enrollment only: anyone else's is a 404."""
    enrollment = selectors.get_enrollment_for_user(user=request.user, pk=pk)
    return render(request, "careers/enrollment.html", _enrollment_context(request, enrollment))


def _completion_message(result: training_services.ModuleResult, module: Module) -> str:
    path = result.enrollment.path
    if result.path_completed_now:
        message = _("You completed “%(path)s”. Well done!") % {"path": path.name}
        if path.badge_class is not None:
            message += " " + _("You earned the badge “%(badge)s”.") % {
                "badge": path.badge_class.name
            }
        if path.points:
            message += " " + _("%(points)s points are in your balance.") % {"points": path.points}
        return message
    if result.score is not None:
        return _("You passed “%(module)s” with %(score)s%%.") % {
            "module": module.title,
            "score": result.score,
        }
    return _("“%(module)s” is done.") % {"module": module.title}


def _module_url(request: AuthedRequest, pk: int, module_pk: int) -> str:
    return f"{reverse('careers:enrollment', args=[pk])}?module={module_pk}"


@require_POST
@page_rule(SIGNED_IN)
@refusals_return_to(_module_url)
def complete_module(request: AuthedRequest, pk: int, module_pk: int) -> HttpResponse:
    """Mark a module done, or grade its quiz. A failed quiz keeps the module open."""
    enrollment = selectors.get_enrollment_for_user(user=request.user, pk=pk)
    module = next(
        (m for m in selectors.path_modules(path=enrollment.path) if m.pk == module_pk), None
    )
    if module is None:
        context = _enrollment_context(
            request, enrollment, error=_("This module is not part of this training path.")
        )
        return render(request, "careers/enrollment.html", context, status=400)
    quiz_form = QuizForm(request.POST, module=module) if module.has_quiz else None
    if quiz_form is not None and not quiz_form.is_valid():
        context = _enrollment_context(request, enrollment, module=module, quiz_form=quiz_form)
        return render(request, "careers/enrollment.html", context)
    result = training_services.complete_module(
        user=request.user,
        enrollment_id=enrollment.pk,
        module_id=module.pk,
        answers=quiz_form.answers() if quiz_form is not None else None,
    )
    url = reverse("careers:enrollment", args=[enrollment.pk])
    if not result.passed:
        messages.error(
            request,
            _("You scored %(score)s%%; %(mark)s%% is needed to pass. Read it again and retry.")
            % {"score": result.score, "mark": module.pass_mark},
        )
        return redirect(f"{url}?module={module.pk}")
    messages.success(request, _completion_message(result, module))
    return redirect(url)
