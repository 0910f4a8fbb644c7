"""'What Cuida uses about me': for each agent, the event types that arrive about them, the
active rules that can act on them in plain words, their recent events, what Cuida never
uses, and their choices about comparison. Leads of their team and HR read the same page
(404 for everyone else); only the agent changes their own choices.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import submit
from people.http import AuthedRequest
from people.models import User
from people.permissions import SIGNED_IN, page_rule
from performance import transparency
from performance.models import Rule
from performance.rule_text import describe_rule
from performance.services import profile as profile_services

EVENTS_PAGE_SIZE = 25


class TeamComparisonForm(forms.Form):
    # Sent by a hidden input ("1" or "0"; a checkbox widget would read "0" as ticked); a
    # missing value reads as "leave me out", the choice that shares less.
    include = forms.BooleanField(required=False, widget=forms.HiddenInput)


def _about(request: AuthedRequest, person: User) -> HttpResponse:
    arriving = transparency.arriving_event_types(person=person)
    rules = transparency.rules_acting_on(
        person=person, arriving_type_ids=[a.event_type.pk for a in arriving]
    )
    described = [(rule, describe_rule(rule)) for rule in rules]
    page = Paginator(transparency.events_about(person=person), EVENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context: dict[str, Any] = {
        "person": person,
        "is_me": person.pk == request.user.pk,
        "arriving": arriving,
        "arriving_days": transparency.ARRIVING_DAYS,
        "personal_rules": [d for d in described if d[0].kind != Rule.Kind.TEAM_GOAL],
        "team_rules": [d for d in described if d[0].kind == Rule.Kind.TEAM_GOAL],
        "page": page,
        "rows": transparency.event_rows(person=person, events=list(page.object_list)),
        "choices": transparency.choices_of(person=person),
    }
    return render(request, "performance/about_me.html", context)


@page_rule(SIGNED_IN)
def about_me(request: AuthedRequest) -> HttpResponse:
    return _about(request, request.user)


@page_rule(SIGNED_IN)  # the selector answers 404 to all but the person, their leads and HR
def person_about(request: AuthedRequest, pk: int) -> HttpResponse:
    return _about(request, transparency.get_person_for_user(user=request.user, pk=pk))


@require_POST
@page_rule(SIGNED_IN)
def team_comparison(request: AuthedRequest) -> HttpResponse:
    """The signed-in person's own choice; there is no route to change anyone else's."""
    outcome = submit(
        TeamComparisonForm(request.POST),
        lambda data: profile_services.set_team_comparison(
            actor=request.user, include=data["include"]
        ),
    )
    if outcome.ok and outcome.result is not None:
        if outcome.result.team_comparison:
            messages.success(request, _("Your events count toward your team's goals again."))
        else:
            messages.success(
                request,
                _(
                    "Your events no longer count toward team goals. Your personal rules "
                    "still apply."
                ),
            )
    return redirect(reverse("performance:about_me") + "#choices")
