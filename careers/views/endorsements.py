"""A lead endorses an agent of their team for the next level, and may withdraw it while HR
have not decided (HR's side is ``careers.hr_views.promotions``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.forms import EndorseForm
from careers.readiness import readiness_of
from careers.services import promotions as promotion_services
from careers.views.common import plan_url
from careers.views.plans import render_plan
from core.pages import refusals_return_to, submit
from people.http import AuthedRequest, person_of
from people.permissions import SIGNED_IN, page_rule


@require_POST
@page_rule(SIGNED_IN)
def endorse(request: AuthedRequest, pk: int) -> HttpResponse:
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    ready = selectors.ready_for_endorsement(readiness=readiness_of(agent=agent))
    form = EndorseForm(request.POST, ready=ready)
    promotion = submit(
        form,
        lambda data: promotion_services.endorse(actor=request.user, agent=agent, note=data["note"]),
    ).result
    if promotion is None:  # refused: the errors are on the form
        return render_plan(request, agent, endorse_form=form)
    messages.success(
        request,
        _("You endorsed %(name)s for %(level)s. HR will decide.")
        % {"name": agent, "level": promotion.to_level.name},
    )
    return redirect(plan_url(request.user, agent))


def _promotion_plan(request: HttpRequest, promotion_pk: int) -> str:
    """Back to the plan the promotion is on, where its refusal is shown."""
    promotion = selectors.get_promotion_for_user(viewer=request.user, pk=promotion_pk)
    return plan_url(person_of(request), promotion.agent)


@require_POST
@page_rule(SIGNED_IN)
@refusals_return_to(_promotion_plan)
def withdraw_promotion(request: AuthedRequest, promotion_pk: int) -> HttpResponse:
    promotion = selectors.get_promotion_for_user(viewer=request.user, pk=promotion_pk)
    promotion_services.withdraw(actor=request.user, promotion_id=promotion.pk)
    messages.success(request, _("The endorsement is withdrawn."))
    return redirect(plan_url(request.user, promotion.agent))
