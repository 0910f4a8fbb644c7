"""The goals on an agent's plan: the agent or their lead adds one, and moves it through
``Goal.Status``. HTMX gets the goals section back instead of the whole page."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.forms import GoalForm
from careers.services import plans as plan_services
from careers.views.common import plan_url
from careers.views.plans import goals_context, render_plan
from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import SIGNED_IN, page_rule


@require_POST
@page_rule(SIGNED_IN)
def add_goal(request: AuthedRequest, pk: int) -> HttpResponse:
    """Adds a goal; HTMX gets the goals section back, with the form's errors if any."""
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    form = GoalForm(request.POST)
    added = submit(
        form,
        lambda data: plan_services.add_goal(
            actor=request.user, agent=agent, text=data["text"], due_on=data["due_on"]
        ),
    )
    if request.htmx:
        context = goals_context(request, agent, goal_form=None if added else form)
        return render(request, "careers/partials/goals.html", context)
    if not added:
        return render_plan(request, agent, goal_form=form)
    messages.success(request, _("The goal is added."))
    return redirect(plan_url(request.user, agent))


@require_POST
@page_rule(SIGNED_IN)
@refusals_return_to("careers:my_plan")  # the form posts ``next``: the plan it is on
def update_goal(request: AuthedRequest, goal_pk: int) -> HttpResponse:
    """Changes a goal's status (the service checks it is one of Goal.Status)."""
    goal = plan_services.update_goal(
        actor=request.user, goal_id=goal_pk, status=request.POST.get("status", "")
    )
    agent = goal.plan.agent
    if request.htmx:
        return render(request, "careers/partials/goals.html", goals_context(request, agent))
    messages.success(
        request, _("The goal is now “%(status)s”.") % {"status": goal.get_status_display()}
    )
    return redirect(plan_url(request.user, agent))
