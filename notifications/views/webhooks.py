"""HR pages for outbound webhooks: register one (its secret shown once), switch it off, and
read its deliveries with their answers."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import refusals_return_to, render_showing_secret, submit
from notifications import selectors
from notifications.forms import WebhookForm
from notifications.services import webhooks as webhook_services
from people.http import AuthedRequest
from people.permissions import HR, page_rule

DELIVERIES_PAGE_SIZE = 25


@page_rule(HR)
def webhooks(request: AuthedRequest) -> HttpResponse:
    """The list and the form to add one. A successful post answers with the page itself,
    never a redirect: the secret is in this one response only (stored encrypted)."""
    form = WebhookForm(request.POST if request.method == "POST" else None)
    secret = None
    status = 200
    if request.method == "POST":
        submission = submit(
            form,
            lambda data: webhook_services.create_webhook(
                actor=request.user,
                name=data["name"],
                url=data["url"],
                event_kinds=data["event_kinds"],
            ),
        )
        if submission.result is not None:
            webhook, plain = submission.result
            secret = {"new_webhook": webhook, "new_secret": plain}
            form = WebhookForm()
        else:
            status = submission.status
    context = {"webhooks": selectors.webhooks_for(viewer=request.user), "form": form}
    return render_showing_secret(
        request, "notifications/webhooks.html", context, secret=secret, status=status
    )


@require_POST
@page_rule(HR)
@refusals_return_to("notifications:webhooks")
def deactivate_webhook(request: AuthedRequest, pk: int) -> HttpResponse:
    webhook = selectors.get_webhook_for_user(viewer=request.user, pk=pk)
    webhook_services.deactivate_webhook(actor=request.user, webhook_id=webhook.pk)
    messages.success(request, _("“%(name)s” is switched off.") % {"name": webhook.name})
    return redirect("notifications:webhooks")


@page_rule(HR)
def webhook_deliveries(request: AuthedRequest, pk: int) -> HttpResponse:
    webhook = selectors.get_webhook_for_user(viewer=request.user, pk=pk)
    page = Paginator(selectors.deliveries_of(webhook=webhook), DELIVERIES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "notifications/webhook_deliveries.html", {"webhook": webhook, "page": page}
    )


@require_POST
@page_rule(HR)
@refusals_return_to("notifications:webhooks")  # the form sends ``next``: its deliveries page
def retry_delivery(request: AuthedRequest, pk: int) -> HttpResponse:
    delivery = webhook_services.retry_delivery(actor=request.user, delivery_id=pk)
    messages.success(request, _("The delivery is queued to be sent again."))
    if delivery.teams_channel_id is not None:
        return redirect("notifications:teams_channel_deliveries", pk=delivery.teams_channel_id)
    return redirect("notifications:webhook_deliveries", pk=delivery.webhook_id)
