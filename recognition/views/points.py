"""Points pages: my balance and history, the leaderboard and opting in to it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import safe_next_url
from people.http import AuthedRequest
from people.permissions import SIGNED_IN, page_rule
from recognition import selectors
from recognition.forms import LeaderboardFilterForm, LeaderboardOptInForm
from recognition.services import profile as profile_services

LEDGER_PAGE_SIZE = 25


@page_rule(SIGNED_IN)
def my_points(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.ledger_of(user=request.user), LEDGER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    # No selector reads the profile yet; a missing one means "not opted in".
    profile = getattr(request.user, "recognition_profile", None)
    return render(
        request,
        "recognition/my_points.html",
        {
            "page": page,
            "balance": selectors.balance_of(user=request.user),
            "remaining": selectors.remaining_allowance(user=request.user),
            "opted_in": bool(profile and profile.leaderboard_opt_in),
        },
    )


@page_rule(SIGNED_IN)
@require_POST
def leaderboard_opt_in(request: AuthedRequest) -> HttpResponse:
    form = LeaderboardOptInForm(request.POST)
    form.is_valid()  # a missing or garbled box reads as "off": the safe choice
    opt_in = bool(form.cleaned_data.get("opt_in"))
    profile_services.set_leaderboard_opt_in(user=request.user, opt_in=opt_in)
    if opt_in:
        messages.success(request, _("You now appear on leaderboards when colleagues thank you."))
    else:
        messages.success(request, _("You no longer appear on leaderboards."))
    return redirect(safe_next_url(request, reverse("recognition:my_points")))


@page_rule(SIGNED_IN)
def leaderboard(request: AuthedRequest) -> HttpResponse:
    form = LeaderboardFilterForm(request.GET)
    profile = getattr(request.user, "recognition_profile", None)
    context: dict[str, Any] = {
        "form": form,
        "opted_in": bool(profile and profile.leaderboard_opt_in),
        "rows": None,
    }
    if not form.is_valid():
        return render(request, "recognition/leaderboard.html", context, status=400)
    context["rows"] = selectors.leaderboard(**form.filters())
    return render(request, "recognition/leaderboard.html", context)
