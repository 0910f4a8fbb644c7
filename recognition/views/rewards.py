"""Reward pages: the catalog, asking for a reward, my requests and the approval queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.confirm import confirmation_page, confirmed
from core.pages import refusals_return_to
from people.http import AuthedRequest
from people.permissions import LEAD_OR_HR, SIGNED_IN, page_rule
from recognition import selectors
from recognition.forms import IdempotentActionForm, RejectRedemptionForm, new_idempotency_key
from recognition.models import Redemption, RewardItem
from recognition.services import redemptions as redemption_services

REQUESTS_PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 25


@page_rule(SIGNED_IN)
def catalog(request: AuthedRequest) -> HttpResponse:
    balance = selectors.balance_of(user=request.user)
    rewards = [
        {"item": item, "shortfall": max(item.cost - balance, 0)} for item in selectors.catalog()
    ]
    return render(
        request,
        "recognition/catalog.html",
        {"rewards": rewards, "balance": balance},
    )


@page_rule(SIGNED_IN)
@refusals_return_to("recognition:catalog")
def request_redemption(request: AuthedRequest, item_pk: int) -> HttpResponse:
    """Spending points takes two steps: the first answer (a GET, or a POST without
    ``confirm``) shows the reward, its cost and the balance after; the second spends.
    A refusal (not enough points, out of stock) is a message on the catalog."""
    item = selectors.get_catalog_item(pk=item_pk)
    form = IdempotentActionForm(request.POST or None)
    key = form.cleaned_data["idempotency_key"] if form.is_valid() else ""
    if not confirmed(request):
        return _confirm_redemption(request, item=item, key=key or new_idempotency_key())
    redemption = redemption_services.request_redemption(
        user=request.user, item_id=item_pk, idempotency_key=key or None
    )
    messages.success(
        request,
        _("You asked for “%(item)s”. %(points)s points are on hold until your lead decides.")
        % {"item": redemption.item.name, "points": redemption.cost},
    )
    return redirect("recognition:my_redemptions")


def _confirm_redemption(request: AuthedRequest, *, item: RewardItem, key: str) -> HttpResponse:
    balance = selectors.balance_of(user=request.user)
    blocked = ""
    if item.stock == 0:
        blocked = _("This reward is out of stock.")
    elif item.cost > balance:
        short = item.cost - balance
        blocked = ngettext(
            "You need %(count)s more point.", "You need %(count)s more points.", short
        ) % {"count": short}
    cost = ngettext("%(count)s point", "%(count)s points", item.cost) % {"count": item.cost}
    return confirmation_page(
        request,
        title=_("Spend your points on “%(item)s”?") % {"item": item.name},
        facts=[
            (_("Reward"), item.name),
            (_("Cost"), cost),
            (_("Your balance now"), balance),
            (_("Your balance after"), max(balance - item.cost, 0)),
        ],
        warning=_(
            "Your points are held until your lead decides; they come back if the request "
            "is rejected or you cancel it before then."
        ),
        blocked=blocked,
        action=reverse("recognition:request_redemption", args=[item.pk]),
        fields=[("idempotency_key", key)],
        confirm_label=ngettext(
            "Yes, spend %(count)s point", "Yes, spend %(count)s points", item.cost
        )
        % {"count": item.cost},
        cancel_url=reverse("recognition:catalog"),
    )


@page_rule(SIGNED_IN)
def my_redemptions(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.my_redemptions(user=request.user), REQUESTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "recognition/my_redemptions.html", {"page": page})


@page_rule(SIGNED_IN)
@require_POST
@refusals_return_to("recognition:my_redemptions")
def cancel_redemption(request: AuthedRequest, pk: int) -> HttpResponse:
    redemption = redemption_services.cancel_redemption(user=request.user, redemption_id=pk)
    messages.success(
        request,
        _("Your request for “%(item)s” is cancelled and your points are back.")
        % {"item": redemption.item.name},
    )
    return redirect("recognition:my_redemptions")


@page_rule(LEAD_OR_HR)
def approvals(request: AuthedRequest) -> HttpResponse:
    pending = Paginator(
        selectors.approval_queue(viewer=request.user, statuses=("pending",)), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    approved = Paginator(
        selectors.approval_queue(viewer=request.user, statuses=("approved",)), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("approved_page"))
    return render(
        request,
        "recognition/approvals.html",
        {"pending": pending, "approved": approved},
    )


# The decisions below check the method before the role: an action answers a GET with 405,
# whoever asks (tests/unit/core/test_every_page_in_spanish.py::test_actions_refuse_get).


def _decide(
    request: AuthedRequest, decide: Callable[..., Redemption], success: str, **kwargs: Any
) -> HttpResponse:
    """Run one decision service for the approval queue and report back there; a refusal
    (already decided) is the middleware's message there (``@refusals_return_to``)."""
    redemption = decide(actor=request.user, **kwargs)
    messages.success(request, success % {"name": redemption.user, "item": redemption.item.name})
    return redirect("recognition:approvals")


@require_POST
@page_rule(LEAD_OR_HR)
@refusals_return_to("recognition:approvals")
def approve_redemption(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        redemption_services.approve_redemption,
        _("Approved: %(name)s will get “%(item)s”."),
        redemption_id=pk,
    )


@require_POST
@page_rule(LEAD_OR_HR)
@refusals_return_to("recognition:approvals")
def reject_redemption(request: AuthedRequest, pk: int) -> HttpResponse:
    form = RejectRedemptionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(error) for error in form.errors["reason"]))
        return redirect("recognition:approvals")
    return _decide(
        request,
        redemption_services.reject_redemption,
        _("Not approved: %(name)s got their points for “%(item)s” back."),
        redemption_id=pk,
        reason=form.cleaned_data["reason"],
    )


@require_POST
@page_rule(LEAD_OR_HR)
@refusals_return_to("recognition:approvals")
def fulfil_redemption(request: AuthedRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        redemption_services.fulfil_redemption,
        _("Marked as delivered: “%(item)s” for %(name)s."),
        redemption_id=pk,
    )
