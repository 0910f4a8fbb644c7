"""Where and when notifications reach a person (their grid and hours); HR's company
defaults and locks, and how deliveries fare."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import refusals_return_to, submit
from notifications import routing, selectors
from notifications.channels import personal_channels
from notifications.forms import ChannelGridForm, CompanyDefaultsForm, DeliveryHoursForm
from notifications.services import deliveries as delivery_services
from notifications.services import preferences as preference_services
from people.http import AuthedRequest
from people.permissions import HR, SIGNED_IN, page_rule

GRID, HOURS = "grid", "hours"
HEALTH_WINDOW = dt.timedelta(days=7)


@page_rule(SIGNED_IN)
def preferences(request: AuthedRequest) -> HttpResponse:
    """Two forms on one page: which kinds arrive where, and when they may arrive."""
    user = request.user
    posted = request.POST.get("form") if request.method == "POST" else None
    grid_form = ChannelGridForm(
        request.POST if posted == GRID else None,
        grid=routing.grid_for(user_id=user.pk),
        channels=personal_channels(),
    )
    hours_form = DeliveryHoursForm(
        request.POST if posted == HOURS else None, instance=routing.hours_of(user_id=user.pk)
    )
    status = 200
    if posted in (GRID, HOURS):
        submission = (
            submit(
                grid_form,
                lambda _data: preference_services.set_channel_choices(
                    user=user, choices=grid_form.choices()
                ),
            )
            if posted == GRID
            else submit(
                hours_form, lambda data: preference_services.set_delivery_hours(user=user, **data)
            )
        )
        if submission.ok:
            messages.success(request, _("Saved. New notifications follow your choices."))
            return redirect("notifications:preferences")
        status = submission.status
    elif posted is not None:
        status = 400
    return render(
        request,
        "notifications/preferences.html",
        {"grid_form": grid_form, "hours_form": hours_form},
        status=status,
    )


@page_rule(HR, message=_("Only HR can change the company's notification defaults."))
def company_defaults(request: AuthedRequest) -> HttpResponse:
    form = CompanyDefaultsForm(
        request.POST if request.method == "POST" else None,
        grid=routing.grid_for(user_id=request.user.pk),
        channels=personal_channels(),
    )
    status = 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda _data: preference_services.set_company_defaults(
                actor=request.user, cells=form.cells()
            ),
        )
        if submission.ok:
            messages.success(request, _("Saved. Everyone who has not chosen gets these."))
            return redirect("notifications:company_defaults")
        status = submission.status
    return render(request, "notifications/company_defaults.html", {"form": form}, status=status)


@page_rule(HR, message=_("Only HR can see how notifications are delivered."))
def delivery_health(request: AuthedRequest) -> HttpResponse:
    """The last week's deliveries per channel, and the failed ones with their reasons."""
    since = timezone.now() - HEALTH_WINDOW
    page = Paginator(selectors.failed_deliveries(viewer=request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "notifications/delivery_health.html",
        {"health": selectors.delivery_health(viewer=request.user, since=since), "page": page},
    )


@require_POST
@page_rule(HR, message=_("Only HR can retry a delivery."))
@refusals_return_to("notifications:delivery_health")
def retry_failed_delivery(request: AuthedRequest, pk: int) -> HttpResponse:
    delivery_services.retry_failed_delivery(actor=request.user, delivery_id=pk)
    messages.success(request, _("Sending it again."))
    return redirect("notifications:delivery_health")
