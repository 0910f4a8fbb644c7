"""Careers pages for agents and leads: the career plan, learning, the catalog and a team's
plans. HR's pages live in careers/hr_views.py.

Views parse the form, fetch through a permission-checked selector, call one service, then
redirect (POST-redirect-GET) or render the page again with the errors. A service's 404 and
403 become those pages; its other errors are shown next to the form that caused them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from careers import selectors
from careers.forms import (
    AssignPathForm,
    CatalogFilterForm,
    CoachingNoteForm,
    EndorseForm,
    GoalForm,
    PrivateNotesForm,
    QuizForm,
    TargetLevelForm,
)
from careers.models import CareerPlan, Enrollment, Goal, Module
from careers.readiness import readiness_of
from careers.services import plans as plan_services
from careers.services import promotions as promotion_services
from careers.services import training as training_services
from core.exceptions import DomainError
from core.forms import raise_for_status
from core.pages import add_domain_errors, safe_next_url
from people.models import User
from people.permissions import is_hr, is_lead_of, leads_agent
from people.selectors import get_roles, get_team_led_by_or_hr, teams_visible_to


def _plan_url(viewer: Any, agent: User) -> str:
    if viewer.pk == agent.pk:
        return reverse("careers:my_plan")
    return reverse("careers:person_plan", args=[agent.pk])


# --- Career plans ------------------------------------------------------------------------


def _goals_context(
    request: HttpRequest,
    agent: User,
    *,
    plan: CareerPlan | None = None,
    goal_form: GoalForm | None = None,
) -> dict[str, Any]:
    plan = plan or selectors.plan_for_viewer(viewer=request.user, agent=agent)
    can_shape = plan_services.can_shape_plan(actor=request.user, agent=agent)
    return {
        "agent": agent,
        "is_me": request.user.pk == agent.pk,
        "plan_url": _plan_url(request.user, agent),
        "goals": list(selectors.goals_of(plan=plan)),
        "can_shape": can_shape,
        "goal_form": goal_form or (GoalForm() if can_shape else None),
        "goal_statuses": Goal.Status.choices,
        "today": timezone.localdate(),
    }


def _plan_context(request: HttpRequest, agent: User, **forms: Any) -> dict[str, Any]:
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
        **_goals_context(request, agent, plan=plan, goal_form=forms.get("goal_form")),
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


def _render_plan(request: HttpRequest, agent: User, **forms: Any) -> HttpResponse:
    template = "careers/my_plan.html" if request.user.pk == agent.pk else "careers/person_plan.html"
    return render(request, template, _plan_context(request, agent, **forms))


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    return _render_plan(request, request.user)


@login_required
def person_plan(request: HttpRequest, pk: int) -> HttpResponse:
    """An agent's plan for their team's leads (who shape it) and HR (who read it)."""
    if pk == request.user.pk:
        return redirect("careers:my_plan")
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    return _render_plan(request, agent)


@login_required
@require_POST
def set_target(request: HttpRequest, pk: int) -> HttpResponse:
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    levels = selectors.target_levels_for(current=selectors.current_level(agent=agent))
    form = TargetLevelForm(request.POST, levels=levels)
    if form.is_valid():
        level = form.cleaned_data["target_level"]
        try:
            plan_services.set_target_level(
                actor=request.user, agent=agent, level_id=level.pk if level else None
            )
        except DomainError as error:
            raise_for_status(error)
            add_domain_errors(form, error)
        else:
            if level is None:
                messages.success(request, _("The target level is cleared."))
            else:
                messages.success(
                    request, _("The target level is now %(level)s.") % {"level": level.name}
                )
            return redirect(_plan_url(request.user, agent))
    return _render_plan(request, agent, target_form=form)


@login_required
@require_POST
def add_goal(request: HttpRequest, pk: int) -> HttpResponse:
    """Adds a goal; HTMX gets the goals section back, with the form's errors if any."""
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            plan_services.add_goal(
                actor=request.user,
                agent=agent,
                text=form.cleaned_data["text"],
                due_on=form.cleaned_data["due_on"],
            )
        except DomainError as error:
            raise_for_status(error)
            add_domain_errors(form, error)
        else:
            if request.htmx:
                return render(
                    request, "careers/partials/goals.html", _goals_context(request, agent)
                )
            messages.success(request, _("The goal is added."))
            return redirect(_plan_url(request.user, agent))
    if request.htmx:
        return render(
            request, "careers/partials/goals.html", _goals_context(request, agent, goal_form=form)
        )
    return _render_plan(request, agent, goal_form=form)


@login_required
@require_POST
def update_goal(request: HttpRequest, goal_pk: int) -> HttpResponse:
    """Changes a goal's status (the service checks it is one of Goal.Status)."""
    try:
        goal = plan_services.update_goal(
            actor=request.user, goal_id=goal_pk, status=request.POST.get("status", "")
        )
    except DomainError as error:
        raise_for_status(error)
        if request.htmx:
            return HttpResponse(error.message, status=error.status_code)
        messages.error(request, error.message)
        return redirect(safe_next_url(request, reverse("careers:my_plan")))
    agent = goal.plan.agent
    if request.htmx:
        return render(request, "careers/partials/goals.html", _goals_context(request, agent))
    messages.success(
        request, _("The goal is now “%(status)s”.") % {"status": goal.get_status_display()}
    )
    return redirect(_plan_url(request.user, agent))


@login_required
@require_POST
def private_notes(request: HttpRequest) -> HttpResponse:
    """The agent's own notes; there is no URL to anyone else's."""
    form = PrivateNotesForm(request.POST)
    saved = False
    if form.is_valid():
        try:
            plan_services.set_private_notes(
                user=request.user, text=form.cleaned_data["private_notes"]
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            saved = True
            if not request.htmx:
                messages.success(request, _("Your private notes are saved."))
                return redirect("careers:my_plan")
    if request.htmx:
        return render(
            request, "careers/partials/private_notes.html", {"notes_form": form, "saved": saved}
        )
    return _render_plan(request, request.user, notes_form=form)


@login_required
@require_POST
def add_coaching_note(request: HttpRequest, pk: int) -> HttpResponse:
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    form = CoachingNoteForm(request.POST)
    if form.is_valid():
        try:
            plan_services.add_coaching_note(
                actor=request.user, agent=agent, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            raise_for_status(error)
            add_domain_errors(form, error)
        else:
            messages.success(request, _("%(name)s can read your note now.") % {"name": agent})
            return redirect(_plan_url(request.user, agent))
    return _render_plan(request, agent, coaching_form=form)


@login_required
@require_POST
def assign_path(request: HttpRequest, pk: int) -> HttpResponse:
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    form = AssignPathForm(request.POST)
    if form.is_valid():
        try:
            training_services.assign_path(
                actor=request.user,
                agent=agent,
                path=form.cleaned_data["path"],
                due_on=form.cleaned_data["due_on"],
            )
        except DomainError as error:
            raise_for_status(error)
            add_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s was assigned “%(path)s”.")
                % {"name": agent, "path": form.cleaned_data["path"].name},
            )
            return redirect(_plan_url(request.user, agent))
    return _render_plan(request, agent, assign_form=form)


@login_required
@require_POST
def endorse(request: HttpRequest, pk: int) -> HttpResponse:
    agent = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    ready = selectors.ready_for_endorsement(readiness=readiness_of(agent=agent))
    form = EndorseForm(request.POST, ready=ready)
    if form.is_valid():
        try:
            promotion = promotion_services.endorse(
                actor=request.user, agent=agent, note=form.cleaned_data["note"]
            )
        except DomainError as error:
            raise_for_status(error)
            add_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("You endorsed %(name)s for %(level)s. HR will decide.")
                % {"name": agent, "level": promotion.to_level.name},
            )
            return redirect(_plan_url(request.user, agent))
    return _render_plan(request, agent, endorse_form=form)


@login_required
@require_POST
def withdraw_promotion(request: HttpRequest, promotion_pk: int) -> HttpResponse:
    promotion = selectors.get_promotion_for_user(viewer=request.user, pk=promotion_pk)
    try:
        promotion_services.withdraw(actor=request.user, promotion_id=promotion.pk)
    except DomainError as error:
        raise_for_status(error)
        messages.error(request, error.message)
    else:
        messages.success(request, _("The endorsement is withdrawn."))
    return redirect(_plan_url(request.user, promotion.agent))


# --- Learning ----------------------------------------------------------------------------


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    enrollments = list(selectors.enrollments_of(user=request.user))
    completed = sorted(
        (e for e in enrollments if e.completed_at is not None),
        key=lambda e: e.completed_at,
        reverse=True,
    )
    return render(
        request,
        "careers/my_learning.html",
        {
            "active": [e for e in enrollments if e.completed_at is None],
            "completed": completed,
            "today": timezone.localdate(),
        },
    )


@login_required
@vary_on_headers("HX-Request")  # one URL, two bodies: caches must tell them apart
def catalog(request: HttpRequest) -> HttpResponse:
    """Active paths; the filter form asks the same URL with HTMX and gets the results."""
    form = CatalogFilterForm(request.GET)
    valid = form.is_valid()
    paths = selectors.training_catalog(**form.filters()) if valid else []
    enrolled = selectors.enrollments_by_path(user=request.user)
    context = {
        "form": form,
        "rows": [{"path": path, "enrollment": enrolled.get(path.pk)} for path in paths],
        "filtered": valid and any(form.filters().values()),
    }
    template = "careers/partials/catalog_results.html" if request.htmx else "careers/catalog.html"
    return render(request, template, context, status=200 if valid else 400)


@login_required
def path_detail(request: HttpRequest, pk: int) -> HttpResponse:
    path = selectors.get_path(pk=pk)
    modules = list(selectors.path_modules(path=path))
    return render(
        request,
        "careers/path_detail.html",
        {
            "path": path,
            "modules": modules,
            "total_minutes": sum(m.estimated_minutes for m in modules),
            "enrollment": selectors.enrollments_by_path(user=request.user).get(path.pk),
        },
    )


@login_required
@require_POST
def enroll(request: HttpRequest, pk: int) -> HttpResponse:
    path = selectors.get_path(pk=pk)
    try:
        enrollment = training_services.enroll(user=request.user, path=path)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("careers:path_detail", path.pk)
    messages.success(request, _("You are enrolled in “%(path)s”.") % {"path": path.name})
    return redirect("careers:enrollment", enrollment.pk)


def _enrollment_context(
    request: HttpRequest,
    enrollment: Enrollment,
    *,
    module: Module | None = None,
    quiz_form: QuizForm | None = None,
    error: str = "",
) -> dict[str, Any]:
    """The enrollment's modules in order with their progress, and the open one: ``module``,
    else ``?module=`` when it belongs to the path, else the first one not done yet."""
    modules = list(selectors.path_modules(path=enrollment.path))
    progress = selectors.enrollment_progress(enrollment=enrollment)
    rows = [
        {
            "module": m,
            "progress": progress.get(m.pk),
            "done": m.pk in progress and progress[m.pk].completed_at is not None,
        }
        for m in modules
    ]
    if module is None:
        wanted = request.GET.get("module", "")
        module = next((m for m in modules if str(m.pk) == wanted), None)
    if module is None:
        module = next((row["module"] for row in rows if not row["done"]), None)
    if module is not None and module.has_quiz and quiz_form is None:
        quiz_form = QuizForm(module=module)
    return {
        "enrollment": enrollment,
        "path": enrollment.path,
        "rows": rows,
        "current": module,
        "current_progress": progress.get(module.pk) if module else None,
        "quiz_form": quiz_form,
        "error": error,
        "today": timezone.localdate(),
    }


@login_required
def enrollment(request: HttpRequest, pk: int) -> HttpResponse:
    """One's own enrollment only: anyone else's is a 404."""
    enrollment = selectors.get_enrollment_for_user(user=request.user, pk=pk)
    return render(request, "careers/enrollment.html", _enrollment_context(request, enrollment))


def _completion_message(result: training_services.ModuleResult, module: Module) -> str:
    path = result.enrollment.path
    if result.path_completed_now:
        message = _("You completed “%(path)s”. Well done!") % {"path": path.name}
        if path.badge_class_id:
            message += " " + _("You earned the badge “%(badge)s”.") % {
                "badge": path.badge_class.name
            }
        if path.points:
            message += " " + _("%(points)s points are in your balance.") % {"points": path.points}
        return message
    if result.score is not None:
        return _("You passed “%(module)s” with %(score)s%%.") % {
            "module": module.title,
            "score": result.score,
        }
    return _("“%(module)s” is done.") % {"module": module.title}


@login_required
@require_POST
def complete_module(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    """Mark a module done, or grade its quiz. A failed quiz keeps the module open."""
    enrollment = selectors.get_enrollment_for_user(user=request.user, pk=pk)
    module = next(
        (m for m in selectors.path_modules(path=enrollment.path) if m.pk == module_pk), None
    )
    if module is None:
        context = _enrollment_context(
            request, enrollment, error=_("This module is not part of this training path.")
        )
        return render(request, "careers/enrollment.html", context, status=400)
    quiz_form = QuizForm(request.POST, module=module) if module.has_quiz else None
    if quiz_form is not None and not quiz_form.is_valid():
        context = _enrollment_context(request, enrollment, module=module, quiz_form=quiz_form)
        return render(request, "careers/enrollment.html", context)
    try:
        result = training_services.complete_module(
            user=request.user,
            enrollment_id=enrollment.pk,
            module_id=module.pk,
            answers=quiz_form.answers() if quiz_form is not None else None,
        )
    except DomainError as error:
        raise_for_status(error)
        context = _enrollment_context(
            request, enrollment, module=module, quiz_form=quiz_form, error=error.message
        )
        return render(request, "careers/enrollment.html", context, status=400)
    url = reverse("careers:enrollment", args=[enrollment.pk])
    if not result.passed:
        messages.error(
            request,
            _("You scored %(score)s%%; %(mark)s%% is needed to pass. Read it again and retry.")
            % {"score": result.score, "mark": module.pass_mark},
        )
        return redirect(f"{url}?module={module.pk}")
    messages.success(request, _completion_message(result, module))
    return redirect(url)


# --- Team plans --------------------------------------------------------------------------


@login_required
def team_plans(request: HttpRequest, pk: int) -> HttpResponse:
    """Each agent of the team with their level, target and readiness (fixed query count)."""
    team = get_team_led_by_or_hr(user=request.user, pk=pk)
    return render(
        request,
        "careers/team_plans.html",
        {
            "team": team,
            "rows": selectors.team_plan_rows(team=team),
            "is_lead": is_lead_of(request.user, team),
        },
    )


@login_required
def my_team_plans(request: HttpRequest) -> HttpResponse:
    """A lead's way in: straight to their team, or a choice when they lead several. HR
    choose among every team."""
    roles = get_roles(request.user)
    if not (roles.is_lead or roles.is_hr):
        raise PermissionDenied(_("This page is for team leads and HR."))
    teams = teams_visible_to(viewer=request.user)
    if not roles.is_hr:
        teams = teams.filter(pk__in=roles.led_team_ids)
    teams = list(teams)
    if len(teams) == 1 and not roles.is_hr:
        return redirect("careers:team_plans", teams[0].pk)
    return render(request, "careers/my_team_plans.html", {"teams": teams})
