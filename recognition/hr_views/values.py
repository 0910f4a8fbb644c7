"""Company values: the list with the form to add one, the editor, retire and reactivate."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule
from recognition import selectors
from recognition.hr_forms import ValueEditForm, ValueForm
from recognition.hr_views.common import page_of, set_active
from recognition.models import ValueTag
from recognition.services import values as value_services


@page_rule(HR)
def values(request: AuthedRequest) -> HttpResponse:
    form = ValueForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        created = submit(form, lambda data: value_services.create_value(actor=request.user, **data))
        if created.result is not None:
            messages.success(
                request, _("Company value “%(name)s” added.") % {"name": created.result.name}
            )
            return redirect("recognition:hr_values")
        status = created.status
    context = {"page": page_of(request, selectors.hr_values()), "form": form}
    return render(request, "recognition/hr/values.html", context, status=status)


@page_rule(HR)
def value_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    value = get_object_or_404(ValueTag, pk=pk)
    status = 200
    if request.method == "POST":
        form = ValueEditForm(request.POST)
        saved = submit(
            form,
            lambda data: value_services.update_value(actor=request.user, value=value, **data),
        )
        if saved:
            messages.success(request, _("Company value saved."))
            return redirect("recognition:hr_value", pk=pk)
        status = saved.status
    else:
        form = ValueEditForm(
            initial={
                field: getattr(value, field)
                for field in ("name_en", "name_es", "description_en", "description_es", "position")
            }
        )
    return render(
        request, "recognition/hr/value.html", {"value": value, "form": form}, status=status
    )


def _set_active(request: AuthedRequest, pk: int, *, active: bool, done: str) -> HttpResponse:
    value = get_object_or_404(ValueTag, pk=pk)
    return set_active(
        request,
        change=lambda on: value_services.set_value_active(
            actor=request.user, value=value, active=on
        ),
        active=active,
        done=done,
        back_to="recognition:hr_value",
        pk=pk,
    )


@require_POST
@page_rule(HR)
@refusals_return_to("recognition:hr_values")
def value_retire(request: AuthedRequest, pk: int) -> HttpResponse:
    return _set_active(
        request,
        pk,
        active=False,
        done=_("“%(name)s” is retired: nobody can choose it for new kudos."),
    )


@require_POST
@page_rule(HR)
@refusals_return_to("recognition:hr_values")
def value_reactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _set_active(
        request, pk, active=True, done=_("“%(name)s” is back: people can choose it again.")
    )
