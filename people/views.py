from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import render_showing_secret, safe_next_url
from people import selectors, services
from people.forms import ApiTokenForm, LanguageForm, ProfileForm
from people.home import home_cards
from people.http import AuthedRequest
from people.models import ApiToken
from people.permissions import HR, LEAD, PUBLIC, SIGNED_IN, page_rule


@page_rule(SIGNED_IN)
def home(request: AuthedRequest) -> HttpResponse:
    roles = selectors.get_roles(request.user)
    # Each app draws its own cards (people.home): the home knows the person's day without
    # people importing the apps above it.
    context: dict[str, object] = {"cards": home_cards(user=request.user, roles=roles)}
    if roles.agent_team_id is not None:
        context["my_team"] = selectors.get_team_for_user(user=request.user, pk=roles.agent_team_id)
    if roles.is_lead:
        context["led_teams"] = selectors.teams_visible_to(viewer=request.user).filter(
            pk__in=roles.led_team_ids
        )
    if roles.is_hr:
        context["company"] = selectors.company_counts()
    return render(request, "people/home.html", context)


@page_rule(LEAD)
def lead_dashboard(request: AuthedRequest) -> HttpResponse:
    roles = selectors.get_roles(request.user)
    teams = selectors.teams_visible_to(viewer=request.user).filter(pk__in=roles.led_team_ids)
    return render(request, "people/lead_dashboard.html", {"teams": teams})


@page_rule(SIGNED_IN)
def team_detail(request: AuthedRequest, pk: int) -> HttpResponse:
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


@page_rule(HR)
def hr_dashboard(request: AuthedRequest) -> HttpResponse:
    return render(
        request,
        "people/hr_dashboard.html",
        {
            "company": selectors.company_counts(),
            "teams": selectors.teams_visible_to(viewer=request.user),
        },
    )


@page_rule(HR)
def hr_people(request: AuthedRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.people_directory(search=search), 25).get_page(
        request.GET.get("page")
    )
    template = "people/partials/people_table.html" if request.htmx else "people/hr_people.html"
    return render(request, template, {"page": page, "q": search})


@page_rule(SIGNED_IN)
def profile_settings(request: AuthedRequest) -> HttpResponse:
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
    return _settings_page(request, form=form)


def _settings_page(
    request: AuthedRequest,
    *,
    form: ProfileForm | None = None,
    token_form: ApiTokenForm | None = None,
    new_token: tuple[ApiToken, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    context: dict[str, object] = {
        "form": form or ProfileForm(instance=request.user),
        "token_form": token_form or ApiTokenForm(auto_id="id_token_%s"),
        "api_tokens": selectors.api_tokens_of(user=request.user),
        "security": selectors.account_security(user=request.user),
    }
    return render_showing_secret(
        request,
        "people/settings.html",
        context,
        secret=None if new_token is None else {"new_token": new_token[0], "new_key": new_token[1]},
        status=status,
    )


@page_rule(SIGNED_IN)
@require_POST
def create_api_token(request: AuthedRequest) -> HttpResponse:
    """Answers with the page itself, not a redirect: the key is shown in this response only,
    never kept in the session or the database (only its fingerprint is)."""
    token_form = ApiTokenForm(request.POST, auto_id="id_token_%s")
    if not token_form.is_valid():
        return _settings_page(request, token_form=token_form, status=400)
    new_token = services.create_api_token(
        actor=request.user, user=request.user, name=token_form.cleaned_data["name"]
    )
    return _settings_page(request, new_token=new_token)


@page_rule(SIGNED_IN)
@require_POST
def revoke_api_token(request: AuthedRequest, pk: int) -> HttpResponse:
    token = selectors.get_api_token_for_user(user=request.user, pk=pk)
    services.revoke_api_token(actor=request.user, token=token)
    messages.success(
        request,
        _("Token %(prefix)s… is revoked: requests with it are refused.") % {"prefix": token.prefix},
    )
    return redirect(f"{reverse('people:settings')}#api-tokens")


@page_rule(PUBLIC)
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
