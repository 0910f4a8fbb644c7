"""Performance pages: an agent's feedback inbox, a team's feedback for its leads, and HR's
integrations, rules and processing status.

Views parse the form, fetch through a permission-checked selector, call one service and
render or redirect. None of them reads wellbeing data.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.exceptions import DomainError
from core.pages import add_domain_errors, safe_next_url
from people.permissions import require_hr_page
from performance import selectors
from performance.forms import (
    AgentMappingForm,
    ApiKeyForm,
    FeedbackFilterForm,
    IntegrationForm,
    RuleForm,
    effect_formset,
)
from performance.models import ApiKey, Feedback, Integration, Rule
from performance.services import feedback as feedback_services
from performance.services import keys as key_services
from performance.services import mappings as mapping_services
from performance.services import processing as processing_services
from performance.services import rules as rule_services

INBOX_PAGE_SIZE = 20
TEAM_PAGE_SIZE = 25


def _kind_tabs() -> list[tuple[str, str]]:
    return [("", _("All")), *Feedback.Kind.choices]


# --- Agent: feedback inbox -------------------------------------------------------------------


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """The signed-in person's feedback. Opening it marks nothing read: the agent decides."""
    kind = FeedbackFilterForm(request.GET).kind_filter()
    page = Paginator(
        selectors.feedback_for(viewer=request.user, kind=kind), INBOX_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/inbox.html",
        {"page": page, "kind": kind or "", "kinds": _kind_tabs()},
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    count = feedback_services.mark_read(agent=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s message marked as read.", "%(count)s messages marked as read.", count
            )
            % {"count": count},
        )
    return redirect(safe_next_url(request, reverse("performance:inbox")))


@login_required
@require_POST
def share_compliment(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        feedback_services.share_compliment_as_kudos(agent=request.user, feedback_id=pk)
    except DomainError as error:
        if error.status_code == 404:  # not the viewer's feedback: do not say it exists
            raise Http404 from error
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The customer's words are on the kudos feed for everyone to read.")
        )
    return redirect(safe_next_url(request, reverse("performance:inbox")))


# --- Lead: a team's feedback -------------------------------------------------------------------


@login_required
def team_feedback(request: HttpRequest, team_pk: int) -> HttpResponse:
    team = selectors.get_feedback_team_for_user(user=request.user, pk=team_pk)
    kind = FeedbackFilterForm(request.GET).kind_filter()
    page = Paginator(
        selectors.team_feedback(viewer=request.user, team=team, kind=kind), TEAM_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "performance/team_feedback.html",
        {"team": team, "page": page, "kind": kind or "", "kinds": _kind_tabs()},
    )


# --- HR: integrations and API keys -------------------------------------------------------------


def _integrations_page(
    request: HttpRequest,
    *,
    create_form: IntegrationForm | None = None,
    bound: dict[tuple[str, int], forms.Form] | None = None,
    new_key: tuple[ApiKey, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The integrations page; ``bound`` holds the one per-integration form that was just
    posted, so its errors show next to the integration they belong to."""
    bound = bound or {}
    rows = [
        {
            "integration": integration,
            "key_form": bound.get(("key", integration.pk))
            or ApiKeyForm(auto_id=f"id_key{integration.pk}_%s"),
            "mapping_form": bound.get(("mapping", integration.pk))
            or AgentMappingForm(auto_id=f"id_mapping{integration.pk}_%s"),
        }
        for integration in selectors.integrations_overview()
    ]
    context: dict[str, Any] = {
        "rows": rows,
        "create_form": create_form or IntegrationForm(),
        "recent_mappings": selectors.RECENT_MAPPINGS,
    }
    if new_key is not None:
        context["new_key"], context["new_secret"] = new_key
    response = render(request, "performance/integrations.html", context, status=status)
    if new_key is not None:
        # The one response that carries a secret must not be kept by any cache.
        add_never_cache_headers(response)
    return response


@login_required
def integrations(request: HttpRequest) -> HttpResponse:
    require_hr_page(request.user)
    if request.method != "POST":
        return _integrations_page(request)
    form = IntegrationForm(request.POST)
    if form.is_valid():
        try:
            integration = key_services.create_integration(
                actor=request.user, name=form.cleaned_data["name"]
            )
        except DomainError as error:
            add_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” is set up. Create an API key for it to start sending events.")
                % {"name": integration.name},
            )
            return redirect(f"{reverse('performance:integrations')}#integration-{integration.pk}")
    return _integrations_page(request, create_form=form, status=400)


@login_required
@require_POST
def create_api_key(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers with the page itself, not a redirect: the secret is shown in this response
    only, never stored in the session or the database (only its hash is)."""
    require_hr_page(request.user)
    integration: Integration = selectors.get_integration(pk=pk)
    form = ApiKeyForm(request.POST, auto_id=f"id_key{pk}_%s")
    if not form.is_valid():
        return _integrations_page(request, bound={("key", pk): form}, status=400)
    new_key = key_services.create_api_key(
        actor=request.user, integration=integration, name=form.cleaned_data["name"]
    )
    return _integrations_page(request, new_key=new_key)


@login_required
@require_POST
def revoke_api_key(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    key = selectors.get_api_key(pk=pk)
    key_services.revoke_api_key(actor=request.user, key_id=key.pk)
    messages.success(
        request,
        _("Key %(prefix)s… of %(integration)s is revoked: requests with it are refused.")
        % {"prefix": key.prefix, "integration": key.integration},
    )
    return redirect(f"{reverse('performance:integrations')}#integration-{key.integration_id}")


@login_required
@require_POST
def create_agent_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    integration = selectors.get_integration(pk=pk)
    form = AgentMappingForm(request.POST, auto_id=f"id_mapping{pk}_%s")
    if form.is_valid():
        try:
            mapping = mapping_services.create_agent_mapping(
                actor=request.user,
                integration=integration,
                external_agent_id=form.cleaned_data["external_agent_id"],
                user=form.cleaned_data["email"],
            )
        except DomainError as error:
            add_domain_errors(form, error, fields={"user": "email"})
            return _integrations_page(
                request, bound={("mapping", pk): form}, status=error.status_code
            )
        else:
            messages.success(
                request,
                _("%(integration)s agent “%(id)s” is now %(name)s.")
                % {
                    "integration": integration,
                    "id": mapping.external_agent_id,
                    "name": mapping.user,
                },
            )
            return redirect(f"{reverse('performance:integrations')}#integration-{pk}")
    return _integrations_page(request, bound={("mapping", pk): form}, status=400)


# --- HR: processing status ---------------------------------------------------------------------


@login_required
def status(request: HttpRequest) -> HttpResponse:
    require_hr_page(request.user)
    return render(
        request,
        "performance/status.html",
        {
            "counts": selectors.event_status_counts(),
            "failures": selectors.recent_failures(),
            "failure_limit": selectors.RECENT_FAILURES,
        },
    )


@login_required
@require_POST
def retry_failed(request: HttpRequest) -> HttpResponse:
    require_hr_page(request.user)
    count = processing_services.retry_failed_events(actor=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s failed event is back in the queue.",
                "%(count)s failed events are back in the queue.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("There were no failed events to retry."))
    return redirect("performance:status")


# --- HR: rules ---------------------------------------------------------------------------------


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    require_hr_page(request.user)
    rows = [
        {"rule": rule, "condition": json.dumps(rule.condition, ensure_ascii=False)}
        for rule in selectors.rules_overview()
    ]
    return render(request, "performance/rules.html", {"rows": rows})


def _rule_form_page(request: HttpRequest, *, rule: Rule | None) -> HttpResponse:
    if request.method == "POST":
        form = RuleForm(request.POST, rule=rule)
        effects = effect_formset(request.POST, rule=rule)
        if form.is_valid() and effects.is_valid():
            try:
                saved = rule_services.save_rule(
                    actor=request.user, rule=rule, effects=effects.effects(), **form.rule_fields()
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Rule “%(name)s” saved.") % {"name": saved.name})
                return redirect("performance:rules")
        status = 400
    else:
        form = RuleForm(rule=rule)
        effects = effect_formset(rule=rule)
        status = 200
    return render(
        request,
        "performance/rule_form.html",
        {"form": form, "effects": effects, "rule": rule},
        status=status,
    )


@login_required
def rule_create(request: HttpRequest) -> HttpResponse:
    require_hr_page(request.user)
    return _rule_form_page(request, rule=None)


@login_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    return _rule_form_page(request, rule=selectors.get_rule(pk=pk))


@login_required
def rule_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Which recent events would fire the saved rule. ``preview_rule`` reads only."""
    require_hr_page(request.user)
    rule = selectors.get_rule(pk=pk)
    hits = rule_services.preview_rule(rule=rule)
    return render(request, "performance/rule_preview.html", {"rule": rule, "hits": hits})
