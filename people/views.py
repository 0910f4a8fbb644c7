from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.forms import safe_next_url
from people import selectors, services
from people.forms import LanguageForm, ProfileForm
from people.permissions import is_hr, is_lead


@login_required
def home(request: HttpRequest) -> HttpResponse:
    roles = selectors.get_roles(request.user)
    context: dict[str, object] = {}
    if roles.is_agent:
        context["my_team"] = selectors.get_team_for_user(user=request.user, pk=roles.agent_team_id)
    if roles.is_lead:
        context["led_teams"] = selectors.teams_visible_to(viewer=request.user).filter(
            pk__in=roles.led_team_ids
        )
    if roles.is_hr:
        context["company"] = selectors.company_counts()
    return render(request, "people/home.html", context)


@login_required
def lead_dashboard(request: HttpRequest) -> HttpResponse:
    if not is_lead(request.user):
        raise PermissionDenied(_("This page is for team leads."))
    roles = selectors.get_roles(request.user)
    teams = selectors.teams_visible_to(viewer=request.user).filter(pk__in=roles.led_team_ids)
    return render(request, "people/lead_dashboard.html", {"teams": teams})


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.get_team_for_user(user=request.user, pk=pk)
    members = list(selectors.team_members(team=team))
    return render(
        request,
        "people/team_detail.html",
        {
            "team": team,
            "leads": [m for m in members if m.role == "lead"],
            "agents": [m for m in members if m.role == "agent"],
        },
    )


@login_required
def hr_dashboard(request: HttpRequest) -> HttpResponse:
    if not is_hr(request.user):
        raise PermissionDenied(_("This page is for HR."))
    return render(
        request,
        "people/hr_dashboard.html",
        {
            "company": selectors.company_counts(),
            "teams": selectors.teams_visible_to(viewer=request.user),
        },
    )


@login_required
def hr_people(request: HttpRequest) -> HttpResponse:
    if not is_hr(request.user):
        raise PermissionDenied(_("This page is for HR."))
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.people_directory(search=search), 25).get_page(
        request.GET.get("page")
    )
    template = "people/partials/people_table.html" if request.htmx else "people/hr_people.html"
    return render(request, template, {"page": page, "q": search})


@login_required
def profile_settings(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = services.update_profile(
            user=request.user,
            display_name=form.cleaned_data["display_name"],
            preferred_language=form.cleaned_data["preferred_language"],
            time_zone=str(form.cleaned_data["time_zone"]),
        )
        translation.activate(user.preferred_language)
        messages.success(request, _("Your settings were saved."))
        response = redirect("people:settings")
        response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.preferred_language)
        return response
    return render(request, "people/settings.html", {"form": form})


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; signed-in people keep it as their preference."""
    form = LanguageForm(request.POST)
    response = HttpResponseRedirect(safe_next_url(request, "/"))
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            services.update_profile(user=request.user, preferred_language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response
