"""Performance pages: an agent's feedback inbox, a team's feedback for its leads, and HR's
integrations, rules and processing status.

Views parse the form, fetch through a permission-checked selector, call one service and
render or redirect. None of them reads wellbeing data.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from core.pages import refusals_return_to, render_showing_secret, safe_next_url, submit
from people.http import AuthedRequest
from people.permissions import HR, SIGNED_IN, page_rule
from performance import selectors
from performance.exclusion_forms import ExcludeEventsForm
from performance.forms import (
    AgentMappingForm,
    ApiKeyForm,
    FeedbackFilterForm,
    IntegrationForm,
)
from performance.models import ApiKey, Feedback, Integration
from performance.services import exclusions as exclusion_services
from performance.services import feedback as feedback_services
from performance.services import keys as key_services
from performance.services import mappings as mapping_services
from performance.services import processing as processing_services

INBOX_PAGE_SIZE = 20
TEAM_PAGE_SIZE = 25


def _kind_tabs() -> list[tuple[str, str | Promise]]:
    return [("", _("All")), *Feedback.Kind.choices]


# --- Agent: feedback inbox -------------------------------------------------------------------


@page_rule(SIGNED_IN)
def inbox(request: AuthedRequest) -> HttpResponse:
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


@require_POST
@page_rule(SIGNED_IN)
def mark_read(request: AuthedRequest) -> HttpResponse:
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


@require_POST
@page_rule(SIGNED_IN)
@refusals_return_to("performance:inbox")
def share_compliment(request: AuthedRequest, pk: int) -> HttpResponse:
    """Someone else's feedback is a 404 (it is not said to exist); one shared already or
    not a compliment comes back to the inbox with the reason."""
    feedback_services.share_compliment_as_kudos(agent=request.user, feedback_id=pk)
    messages.success(request, _("The customer's words are on the kudos feed for everyone to read."))
    return redirect(safe_next_url(request, reverse("performance:inbox")))


# --- Lead: a team's feedback -------------------------------------------------------------------


@page_rule(SIGNED_IN)  # the selector answers 404 to all but the team's leads and HR
def team_feedback(request: AuthedRequest, team_pk: int) -> HttpResponse:
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
    request: AuthedRequest,
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
    return render_showing_secret(
        request,
        "performance/integrations.html",
        context,
        secret=None if new_key is None else {"new_key": new_key[0], "new_secret": new_key[1]},
        status=status,
    )


@page_rule(HR)
def integrations(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        return _integrations_page(request)
    form = IntegrationForm(request.POST)
    submission = submit(
        form, lambda data: key_services.create_integration(actor=request.user, name=data["name"])
    )
    integration = submission.result
    if integration is None:  # a taken name (409) too is shown with a 400, as before
        return _integrations_page(request, create_form=form, status=400)
    messages.success(
        request,
        _("“%(name)s” is set up. Create an API key for it to start sending events.")
        % {"name": integration.name},
    )
    return redirect(f"{reverse('performance:integrations')}#integration-{integration.pk}")


@require_POST
@page_rule(HR)
def create_api_key(request: AuthedRequest, pk: int) -> HttpResponse:
    """Answers with the page itself, not a redirect: the secret is shown in this response
    only, never stored in the session or the database (only its hash is)."""
    integration: Integration = selectors.get_integration(pk=pk)
    form = ApiKeyForm(request.POST, auto_id=f"id_key{pk}_%s")
    if not form.is_valid():
        return _integrations_page(request, bound={("key", pk): form}, status=400)
    new_key = key_services.create_api_key(
        actor=request.user, integration=integration, name=form.cleaned_data["name"]
    )
    return _integrations_page(request, new_key=new_key)


@require_POST
@page_rule(HR)
@refusals_return_to("performance:integrations")
def revoke_api_key(request: AuthedRequest, pk: int) -> HttpResponse:
    key = selectors.get_api_key(pk=pk)
    key_services.revoke_api_key(actor=request.user, key_id=key.pk)
    messages.success(
        request,
        _("Key %(prefix)s… of %(integration)s is revoked: requests with it are refused.")
        % {"prefix": key.prefix, "integration": key.integration},
    )
    return redirect(f"{reverse('performance:integrations')}#integration-{key.integration_id}")


@require_POST
@page_rule(HR)
def create_agent_mapping(request: AuthedRequest, pk: int) -> HttpResponse:
    """Mapping an id to oneself is refused with the 403 page (invariant 8); a taken or
    malformed id is shown on the form."""
    integration = selectors.get_integration(pk=pk)
    form = AgentMappingForm(request.POST, auto_id=f"id_mapping{pk}_%s")
    submission = submit(
        form,
        lambda data: mapping_services.create_agent_mapping(
            actor=request.user,
            integration=integration,
            external_agent_id=data["external_agent_id"],
            user=data["email"],
        ),
        fields={"user": "email"},
    )
    mapping = submission.result
    if mapping is None:
        return _integrations_page(request, bound={("mapping", pk): form}, status=submission.status)
    messages.success(
        request,
        _("%(integration)s agent “%(id)s” is now %(name)s.")
        % {"integration": integration, "id": mapping.external_agent_id, "name": mapping.user},
    )
    return redirect(f"{reverse('performance:integrations')}#integration-{pk}")


# --- HR: processing status ---------------------------------------------------------------------


def _status_page(
    request: AuthedRequest, *, exclude_form: ExcludeEventsForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "performance/status.html",
        {
            "counts": selectors.event_status_counts(),
            "failures": selectors.recent_failures(),
            "failure_limit": selectors.RECENT_FAILURES,
            "exclude_form": exclude_form or ExcludeEventsForm(),
        },
        status=status,
    )


@page_rule(HR)
def status(request: AuthedRequest) -> HttpResponse:
    return _status_page(request)


@require_POST
@page_rule(HR)
def exclude_events(request: AuthedRequest) -> HttpResponse:
    """Flag an outage's or a coaching session's events so that no rule counts them."""
    form = ExcludeEventsForm(request.POST)
    submission = submit(
        form, lambda data: exclusion_services.exclude_events(actor=request.user, **data)
    )
    if not submission:
        return _status_page(request, exclude_form=form, status=submission.status)
    messages.success(
        request,
        ngettext(
            "%(count)s event will no longer count for any rule.",
            "%(count)s events will no longer count for any rule.",
            submission.result or 0,
        )
        % {"count": submission.result or 0},
    )
    return redirect("performance:status")


@require_POST
@page_rule(HR)
def retry_failed(request: AuthedRequest) -> HttpResponse:
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


# HR's rules editor: performance/rule_views.py.
