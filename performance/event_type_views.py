"""HR's event types and the metrics they declare: what integrations send, in the words HR
and agents read ("Handle time · seconds · lower is better")."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule
from performance import event_type_selectors as definitions
from performance.event_type_forms import (
    EventTypeEditForm,
    EventTypeForm,
    MetricForm,
    NewMetricForm,
)
from performance.models import EventType
from performance.services import event_types as services


def _at_type(pk: int, anchor: str = "") -> str:
    url = reverse("performance:event_type", args=[pk])
    return f"{url}#{anchor}" if anchor else url


@page_rule(HR)
def event_types(request: AuthedRequest) -> HttpResponse:
    form = EventTypeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda data: services.create_event_type(
                actor=request.user, name_en=data["name_en"], name_es=data["name_es"]
            ),
        )
        if submission.result is not None:
            created = submission.result
            messages.success(
                request,
                _("“%(name)s” is added. Integrations send it as “%(code)s”.")
                % {"name": created.name, "code": created.slug},
            )
            return redirect(_at_type(created.pk))
        status = submission.status
    return render(
        request,
        "performance/event_types.html",
        {"types": definitions.event_types_overview(), "form": form},
        status=status,
    )


def _type_page(
    request: AuthedRequest,
    event_type: EventType,
    *,
    form: EventTypeEditForm | None = None,
    metric_form: NewMetricForm | None = None,
    bound: dict[int, MetricForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    rows = [
        {
            "metric": metric,
            "form": (bound or {}).get(metric.pk)
            or MetricForm(
                auto_id=f"id_metric{metric.pk}_%s",
                initial={f: getattr(metric, f) for f in MetricForm.base_fields},
            ),
        }
        for metric in event_type.metrics.all()
    ]
    context: dict[str, Any] = {
        "event_type": event_type,
        "form": form
        or EventTypeEditForm(
            initial={
                "name_en": event_type.name_en,
                "name_es": event_type.name_es,
                "active": event_type.active,
            }
        ),
        "metric_form": metric_form or NewMetricForm(auto_id="id_new_%s"),
        "rows": rows,
    }
    return render(request, "performance/event_type.html", context, status=status)


@page_rule(HR)
def event_type(request: AuthedRequest, pk: int) -> HttpResponse:
    current = definitions.get_event_type(pk=pk)
    if request.method != "POST":
        return _type_page(request, current)
    form = EventTypeEditForm(request.POST)
    submission = submit(
        form,
        lambda data: services.update_event_type(
            actor=request.user,
            event_type=current,
            name_en=data["name_en"],
            name_es=data["name_es"],
            active=data["active"],
        ),
    )
    if submission.result is None:
        return _type_page(request, current, form=form, status=submission.status)
    messages.success(request, _("Event type saved."))
    return redirect(_at_type(pk))


@require_POST
@page_rule(HR)
def metric_add(request: AuthedRequest, pk: int) -> HttpResponse:
    current = definitions.get_event_type(pk=pk)
    form = NewMetricForm(request.POST, auto_id="id_new_%s")
    submission = submit(
        form, lambda data: services.add_metric(actor=request.user, event_type=current, **data)
    )
    if submission.result is None:
        return _type_page(request, current, metric_form=form, status=submission.status)
    messages.success(request, _("Metric “%(name)s” added.") % {"name": submission.result.name})
    return redirect(_at_type(pk, f"metric-{submission.result.pk}"))


@require_POST
@page_rule(HR)
def metric_update(request: AuthedRequest, pk: int) -> HttpResponse:
    metric = definitions.get_metric(pk=pk)
    form = MetricForm(request.POST, auto_id=f"id_metric{pk}_%s")
    submission = submit(
        form, lambda data: services.update_metric(actor=request.user, metric=metric, **data)
    )
    if submission.result is None:
        current = definitions.get_event_type(pk=metric.event_type_id)
        return _type_page(request, current, bound={pk: form}, status=submission.status)
    messages.success(request, _("Metric “%(name)s” saved.") % {"name": submission.result.name})
    return redirect(_at_type(metric.event_type_id, f"metric-{pk}"))


def _metric_back(request: AuthedRequest, pk: int) -> str:
    return _at_type(definitions.get_metric(pk=pk).event_type_id, f"metric-{pk}")


@require_POST
@page_rule(HR)
@refusals_return_to(_metric_back)
def metric_remove(request: AuthedRequest, pk: int) -> HttpResponse:
    """A metric a rule uses is refused (409): the reason comes back to the type's page."""
    metric = definitions.get_metric(pk=pk)
    services.remove_metric(actor=request.user, metric=metric)
    messages.success(request, _("Metric “%(name)s” removed.") % {"name": metric.name})
    return redirect(_at_type(metric.event_type_id, "metrics"))
