"""HR pages for Microsoft Teams channels: add one (its Workflows URL stored encrypted),
switch it off, and read its deliveries with their answers (retried by
``notifications:delivery_retry``, shared with outbound webhooks)."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import refusals_return_to, submit
from notifications import selectors
from notifications.forms import TeamsChannelForm
from notifications.services import teams as teams_services
from people.http import AuthedRequest
from people.permissions import HR, page_rule

DELIVERIES_PAGE_SIZE = 25


@page_rule(HR)
def teams_channels(request: AuthedRequest) -> HttpResponse:
    form = TeamsChannelForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda data: teams_services.create_channel(
                actor=request.user,
                name=data["name"],
                url=data["url"],
                team=data["team"],
                event_kinds=data["event_kinds"],
            ),
        )
        if submission.result is not None:
            messages.success(request, _("“%(name)s” is added.") % {"name": submission.result})
            return redirect("notifications:teams_channels")
        status = submission.status
    context = {"channels": selectors.teams_channels_for(viewer=request.user), "form": form}
    return render(request, "notifications/teams_channels.html", context, status=status)


@require_POST
@page_rule(HR)
@refusals_return_to("notifications:teams_channels")
def deactivate_teams_channel(request: AuthedRequest, pk: int) -> HttpResponse:
    channel = selectors.get_teams_channel_for_user(viewer=request.user, pk=pk)
    teams_services.deactivate_channel(actor=request.user, channel_id=channel.pk)
    messages.success(request, _("“%(name)s” is switched off.") % {"name": channel.name})
    return redirect("notifications:teams_channels")


@page_rule(HR)
def teams_channel_deliveries(request: AuthedRequest, pk: int) -> HttpResponse:
    channel = selectors.get_teams_channel_for_user(viewer=request.user, pk=pk)
    page = Paginator(
        selectors.deliveries_of_channel(channel=channel), DELIVERIES_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/teams_channel_deliveries.html",
        {"channel": channel, "page": page},
    )
