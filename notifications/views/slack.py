"""The Slack app's endpoints: the one Slack calls (signature-verified by Bolt, so public and
without CSRF), and HR's pages to install the app, choose the public kudos channel and
uninstall it (README, "Slack")."""

from __future__ import annotations

import functools
import secrets

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from slack_bolt import App
from slack_bolt.adapter.django import SlackRequestHandler

from core.pages import refusals_return_to, submit
from notifications.forms import SlackChannelForm
from notifications.slack import oauth, selectors, services
from notifications.slack.app import is_configured, slack_app
from people.http import AuthedRequest
from people.permissions import HR, PUBLIC, page_rule

STATE_SESSION_KEY = "slack_oauth_state"


@functools.cache
def _handler(app: App) -> SlackRequestHandler:
    return SlackRequestHandler(app)


@csrf_exempt
@require_POST
@page_rule(PUBLIC)  # Slack signs each request; Bolt checks the signature (app.py)
def events(request: HttpRequest) -> HttpResponse:
    """Commands, shortcuts, interactivity and events: one address for all of Slack's calls."""
    app = slack_app()
    if app is None:
        raise Http404
    return _handler(app).handle(request)


def _configured() -> None:
    if not is_configured():
        raise Http404


@page_rule(HR)
def workspaces(request: AuthedRequest) -> HttpResponse:
    context = {
        "configured": is_configured(),
        "workspaces": selectors.workspaces_for(viewer=request.user),
        "channel_form": SlackChannelForm(),
    }
    return render(request, "notifications/slack.html", context)


@page_rule(HR)
def install(request: AuthedRequest) -> HttpResponse:
    """ "Add to Slack": to Slack's consent page, with a one-time state bound to this browser."""
    _configured()
    url, state = oauth.authorize_url()
    request.session[STATE_SESSION_KEY] = state
    return redirect(url)


@page_rule(HR)
@refusals_return_to("notifications:slack")
def oauth_redirect(request: AuthedRequest) -> HttpResponse:
    _configured()
    expected = request.session.pop(STATE_SESSION_KEY, "")
    state = request.GET.get("state", "")
    code = request.GET.get("code", "")
    valid = bool(expected) and secrets.compare_digest(expected, state)
    if not (valid and oauth.DatabaseStateStore().consume(state)):
        messages.error(request, _("That installation link has expired; please start again."))
        return redirect("notifications:slack")
    if request.GET.get("error") or not code:
        messages.error(request, _("The app was not installed: Slack said it was cancelled."))
        return redirect("notifications:slack")
    installation = oauth.exchange_code(code=code)
    if installation is None:
        messages.error(request, _("Slack did not confirm the installation; please try again."))
        return redirect("notifications:slack")
    workspace = services.save_installation(actor=request.user, installation=installation)
    messages.success(request, _("Cuida is installed in “%(name)s”.") % {"name": workspace})
    return redirect("notifications:slack")


@require_POST
@page_rule(HR)
@refusals_return_to("notifications:slack")
def set_channel(request: AuthedRequest, pk: int) -> HttpResponse:
    workspace = selectors.get_workspace_for_user(viewer=request.user, pk=pk)
    form = SlackChannelForm(request.POST)
    submission = submit(
        form,
        lambda data: services.set_kudos_channel(
            actor=request.user, workspace_id=workspace.pk, channel_id=data["channel_id"]
        ),
    )
    if submission.result is not None:
        messages.success(request, _("The public kudos channel is saved."))
    else:
        field_errors = [
            str(e) for name, errs in form.errors.items() if name != "__all__" for e in errs
        ]
        messages.error(request, " ".join(field_errors) or _("Please try again."))
    return redirect("notifications:slack")


@require_POST
@page_rule(HR)
@refusals_return_to("notifications:slack")
def uninstall(request: AuthedRequest, pk: int) -> HttpResponse:
    workspace = selectors.get_workspace_for_user(viewer=request.user, pk=pk)
    services.uninstall(actor=request.user, workspace_id=workspace.pk)
    messages.success(request, _("Cuida is uninstalled from “%(name)s”.") % {"name": workspace})
    return redirect("notifications:slack")
