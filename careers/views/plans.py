"""An agent's career plan: their own page, and the page their team's leads (who shape it)
and HR (who read it) open; the target level, the private notes and the lead's coaching
notes and assignments. Goals are in ``goals``, endorsements in ``endorsements``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.forms import (
    AssignPathForm,
    CoachingNoteForm,
    EndorseForm,
    GoalForm,
    PrivateNotesForm,
    TargetLevelForm,
)
from careers.models import CareerPlan, Goal
from careers.readiness import readiness_of
from careers.services import plans as plan_services
from careers.services import training as training_services
from careers.views.common import plan_url
from core.pages import submit
from people.http import AuthedRequest
from people.models import User
from people.permissions import SIGNED_IN, is_hr, leads_agent, page_rule
from people.time import local_today


def goals_context(
    request: AuthedRequest,
    agent: User,
    *,
    plan: CareerPlan | None = None,
    goal_form: GoalForm | None = None,
) -> dict[str, Any]:
    """The goals section (``careers/partials/goals.html``), on the plan pages and alone
    for HTMX."""
    plan = plan or selectors.plan_for_viewer(viewer=request.user, agent=agent)
    can_shape = plan_services.can_shape_plan(actor=request.user, agent=agent)
    return {
        "agent": agent,
        "is_me": request.user.pk == agent.pk,
        "plan_url": plan_url(request.user, agent),
        "goals": list(selectors.goals_of(plan=plan)),
        "can_shape": can_shape,
        "goal_form": goal_form or (GoalForm() if can_shape else None),
        "goal_statuses": Goal.Status.choices,
        "today": local_today(user=request.user),
    }


def _plan_context(request: AuthedRequest, agent: User, **forms: Any) -> dict[str, Any]:
    """Everything the plan pages show; ``forms`` replaces a blank form by a bound one
    carrying errors. Private notes reach the context only on the agent's own page."""
    viewer = request.user
    is_me = viewer.pk == agent.pk
    is_lead = leads_agent(viewer, agent)
    plan = selectors.plan_for_viewer(viewer=viewer, agent=agent)
    readiness = readiness_of(agent=agent)
    current = readiness.current
    ladder_track_id = (
        current.level.track_id
        if current is not None
        else plan.target_level.track_id
        if plan.target_level is not None
        else None
    )
    promotions = list(selectors.promotions_of(agent=agent))
    ready = selectors.ready_for_endorsement(readiness=readiness)
    context: dict[str, Any] = {
        **goals_context(request, agent, plan=plan, goal_form=forms.get("goal_form")),
        "is_lead": is_lead,
        "is_hr_viewer": is_hr(viewer),
        "plan": plan,
        "readiness": readiness,
        "ready": ready,
        "current": current,
        "ladder": selectors.track_ladder(track_id=ladder_track_id) if ladder_track_id else [],
        "coaching_notes": list(selectors.coaching_notes_of(plan=plan)),
        "history": list(selectors.level_history(agent=agent)),
        "promotions": promotions,
        "open_promotion": next((p for p in promotions if p.status == "endorsed"), None),
    }
    if context["can_shape"]:
        context["target_form"] = forms.get("target_form") or TargetLevelForm(
            initial={"target_level": plan.target_level_id},
            levels=selectors.target_levels_for(current=current),
        )
    if is_me:
        context["notes_form"] = forms.get("notes_form") or PrivateNotesForm(
            initial={"private_notes": plan.private_notes}
        )
    else:
        context["enrollments"] = list(selectors.enrollments_of(user=agent))
    if is_lead:
        context["coaching_form"] = forms.get("coaching_form") or CoachingNoteForm()
        context["assign_form"] = forms.get("assign_form") or AssignPathForm()
        context["endorse_form"] = forms.get("endorse_form") or EndorseForm(ready=ready)
    return context


def render_plan(request: AuthedRequest, agent: User, **forms: Any) -> HttpResponse:
    """The plan page ``request.user`` sees of ``agent``, with ``forms`` carrying errors."""
    template = "careers/my_plan.html" if request.user.pk == agent.pk else "careers/person_plan.html"
    return render(request, template, _plan_context(request, agent, **forms))


@page_rule(SIGNED_IN)
def my_plan(request: AuthedRequest) -> HttpResponse:
    return render_plan(request, request.user)


@page_rule(SIGNED_IN)
def person_plan(request: AuthedRequest, pk: int) -> HttpResponse:
    """An agent's plan for their team's leads (who shape it) and HR (who read it)."""
    if pk == request.user.pk:
        return redirect("careers:my_plan")
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    return render_plan(request, agent)


@require_POST
@page_rule(SIGNED_IN)
def set_target(request: AuthedRequest, pk: int) -> HttpResponse:
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    levels = selectors.target_levels_for(current=selectors.current_level(agent=agent))
    form = TargetLevelForm(request.POST, levels=levels)
    saved = submit(
        form,
        lambda data: plan_services.set_target_level(
            actor=request.user,
            agent=agent,
            level_id=data["target_level"].pk if data["target_level"] else None,
        ),
    )
    if not saved:
        return render_plan(request, agent, target_form=form)
    level = form.cleaned_data["target_level"]
    if level is None:
        messages.success(request, _("The target level is cleared."))
    else:
        messages.success(request, _("The target level is now %(level)s.") % {"level": level.name})
    return redirect(plan_url(request.user, agent))


@require_POST
@page_rule(SIGNED_IN)
def private_notes(request: AuthedRequest) -> HttpResponse:
    """The agent's own notes; there is no URL to anyone else's."""
    form = PrivateNotesForm(request.POST)
    saved = submit(
        form,
        lambda data: plan_services.set_private_notes(user=request.user, text=data["private_notes"]),
    )
    if request.htmx:
        return render(
            request,
            "careers/partials/private_notes.html",
            {"notes_form": form, "saved": saved.ok},
        )
    if not saved:
        return render_plan(request, request.user, notes_form=form)
    messages.success(request, _("Your private notes are saved."))
    return redirect("careers:my_plan")


@require_POST
@page_rule(SIGNED_IN)
def add_coaching_note(request: AuthedRequest, pk: int) -> HttpResponse:
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    form = CoachingNoteForm(request.POST)
    added = submit(
        form,
        lambda data: plan_services.add_coaching_note(
            actor=request.user, agent=agent, text=data["text"]
        ),
    )
    if not added:
        return render_plan(request, agent, coaching_form=form)
    messages.success(request, _("%(name)s can read your note now.") % {"name": agent})
    return redirect(plan_url(request.user, agent))


@require_POST
@page_rule(SIGNED_IN)
def assign_path(request: AuthedRequest, pk: int) -> HttpResponse:
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    form = AssignPathForm(request.POST)
    assigned = submit(
        form,
        lambda data: training_services.assign_path(
            actor=request.user, agent=agent, path=data["path"], due_on=data["due_on"]
        ),
    )
    if not assigned:
        return render_plan(request, agent, assign_form=form)
    messages.success(
        request,
        _("%(name)s was assigned “%(path)s”.")
        % {"name": agent, "path": form.cleaned_data["path"].name},
    )
    return redirect(plan_url(request.user, agent))
