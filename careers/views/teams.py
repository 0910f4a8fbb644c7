"""A team's plans, for its leads and HR: each agent's level, target and readiness."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from careers import selectors
from people.http import AuthedRequest
from people.permissions import LEAD_OR_HR, SIGNED_IN, is_lead_of, page_rule
from people.selectors import get_roles, get_team_led_by_or_hr, teams_visible_to


@page_rule(SIGNED_IN)  # anyone else's team is a 404, not a 403: no team is revealed
def team_plans(request: AuthedRequest, pk: int) -> HttpResponse:
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


@page_rule(LEAD_OR_HR)
def my_team_plans(request: AuthedRequest) -> HttpResponse:
    """A lead's way in: straight to their team, or a choice when they lead several. HR
    choose among every team."""
    roles = get_roles(request.user)
    visible = teams_visible_to(viewer=request.user)
    if not roles.is_hr:
        visible = visible.filter(pk__in=roles.led_team_ids)
    teams = list(visible)
    if len(teams) == 1 and not roles.is_hr:
        return redirect("careers:team_plans", teams[0].pk)
    return render(request, "careers/my_team_plans.html", {"teams": teams})
