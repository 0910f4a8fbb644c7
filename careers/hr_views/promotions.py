"""HR decide promotions: the queue of endorsements with their evidence, approving and
declining (with a reason), and placing a person on a level directly."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.hr_forms import DeclineForm, SetLevelForm
from careers.services import promotions as promotion_services
from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule

QUEUE_PAGE_SIZE = 25


def _queue_page(
    request: AuthedRequest,
    *,
    bound: dict[int, DeclineForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    page = Paginator(selectors.promotion_queue(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "row": row,
            "decline_form": bound.get(row.promotion.pk)
            or DeclineForm(auto_id=f"id_decline{row.promotion.pk}_%s"),
        }
        for row in selectors.promotion_rows(promotions=list(page.object_list))
    ]
    return render(
        request, "careers/hr/promotions.html", {"page": page, "rows": rows}, status=status
    )


@page_rule(HR)
def promotion_queue(request: AuthedRequest) -> HttpResponse:
    return _queue_page(request)


# A decision the service refuses: already decided (409) is a message on the queue; one's
# own (403) and gone (404) are those pages.


@require_POST
@page_rule(HR)
@refusals_return_to("careers:promotion_queue")
def promotion_approve(request: AuthedRequest, pk: int) -> HttpResponse:
    promotion = promotion_services.approve(actor=request.user, promotion_id=pk)
    messages.success(
        request,
        _("Approved: %(name)s is now %(level)s.")
        % {"name": promotion.agent, "level": promotion.to_level.name},
    )
    return redirect("careers:promotion_queue")


@require_POST
@page_rule(HR)
@refusals_return_to("careers:promotion_queue")
def promotion_decline(request: AuthedRequest, pk: int) -> HttpResponse:
    form = DeclineForm(request.POST, auto_id=f"id_decline{pk}_%s")
    if not form.is_valid():
        messages.error(request, _("Tell the agent and their lead why before declining."))
        return _queue_page(request, bound={pk: form}, status=400)
    promotion = promotion_services.decline(
        actor=request.user, promotion_id=pk, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("Declined: %(name)s and their lead will read your reason.") % {"name": promotion.agent},
    )
    return redirect("careers:promotion_queue")


@page_rule(HR)
def set_level(request: AuthedRequest, pk: int) -> HttpResponse:
    """HR place a person on a level directly (joining, a correction), with a note."""
    person = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    levels = list(selectors.levels_for_targets())
    form = SetLevelForm(request.POST if request.method == "POST" else None, levels=levels)
    status = 200
    if request.method == "POST":
        placed = submit(
            form,
            lambda data: promotion_services.set_level(
                actor=request.user, agent=person, level=data["level"], note=data["note"]
            ),
        )
        if placed:
            messages.success(
                request,
                _("%(name)s is now %(level)s.")
                % {"name": person, "level": form.cleaned_data["level"]},
            )
            return redirect("careers:hr_set_level", pk=pk)
        status = placed.status
    return render(
        request,
        "careers/hr/set_level.html",
        {
            "person": person,
            "form": form,
            "history": selectors.level_history(agent=person)[:10],
        },
        status=status,
    )
