"""Kudos pages: the feed, the composer and its people search, one kudos, reactions.

Views parse the form, fetch through a selector, call one service and render or redirect;
refusals they do not show on a form go to ``core.middleware.DomainErrorMiddleware``.
HTMX requests get only the partial they swap.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from core.fields import MAX_ID
from core.pages import refusals_return_to, safe_next_url, submit
from core.pagination import feed_page
from people.http import AuthedRequest
from people.models import User
from people.permissions import SIGNED_IN, page_rule
from people.selectors import get_roles
from recognition import selectors
from recognition.forms import KudosForm, new_idempotency_key
from recognition.models import KUDOS_MESSAGE_MAX_LENGTH, Kudos, Reaction
from recognition.services import kudos as kudos_services

FEED_PAGE_SIZE = 20
# More recipients than this in one form is not a kudos but a broadcast; ids past it are dropped.
MAX_RECIPIENTS = 50

# Spoken names of the reaction buttons (the choices' labels are the emoji themselves).
REACTION_NAMES = {
    Reaction.Emoji.CLAP: gettext_lazy("Applause"),
    Reaction.Emoji.HEART: gettext_lazy("Love"),
    Reaction.Emoji.STAR: gettext_lazy("Star"),
    Reaction.Emoji.SMILE: gettext_lazy("Smile"),
}


def _with_reactions(kudos: Kudos, *, viewer: User) -> dict[str, Any]:
    reactions = selectors.reaction_summary(kudos, viewer=viewer)
    for reaction in reactions:
        reaction["name"] = REACTION_NAMES.get(reaction["emoji"], reaction["label"])
    return {"kudos": kudos, "reactions": reactions}


def _my_team_id(user: User) -> int | None:
    """The team of "My team": an agent's own team, or a lead's first team."""
    roles = get_roles(user)
    if roles.agent_team_id is not None:
        return roles.agent_team_id
    return min(roles.led_team_ids) if roles.led_team_ids else None


@page_rule(SIGNED_IN)
@vary_on_headers("HX-Request")  # one URL, two bodies: caches must tell them apart
def feed(request: AuthedRequest) -> HttpResponse:
    """The kudos feed. "Load more" asks the same URL with HTMX and gets the next cards."""
    team_id = _my_team_id(request.user)
    mine = request.GET.get("team") == "mine" and team_id is not None
    kudos = selectors.kudos_feed(viewer=request.user, team_id=team_id if mine else None)
    page = feed_page(kudos, number=request.GET.get("page"), size=FEED_PAGE_SIZE)
    context: dict[str, Any] = {
        "page": page,
        "cards": [_with_reactions(k, viewer=request.user) for k in page],
        "mine": mine,
        "has_team": team_id is not None,
    }
    if request.htmx:
        return render(request, "recognition/partials/feed_page.html", context)
    context["remaining"] = selectors.remaining_allowance(user=request.user)
    return render(request, "recognition/feed.html", context)


def _ids(values: list[str]) -> list[int]:
    """Well-formed ids from a list of form values; anything else is dropped."""
    return [int(v) for v in values[:MAX_RECIPIENTS] if v.isdigit() and 0 < int(v) <= MAX_ID]


def _composer(
    request: AuthedRequest, *, form: KudosForm, chosen_ids: list[int], query: str, status: int
) -> HttpResponse:
    people, more = selectors.search_kudos_recipients(
        giver=request.user, query=query, exclude_ids=chosen_ids
    )
    context = {
        "form": form,
        "remaining": form.remaining,
        "chosen": selectors.people_by_ids(ids=chosen_ids),
        "q": query,
        "people": people,
        "more": more,
        "too_short": 0 < len(query.strip()) < selectors.RECIPIENT_SEARCH_MIN_LENGTH,
        "min_length": selectors.RECIPIENT_SEARCH_MIN_LENGTH,
    }
    return render(request, "recognition/give.html", context, status=status)


def _give(giver: User, data: dict[str, Any]) -> Kudos:
    return kudos_services.give_kudos(
        giver=giver,
        recipient_ids=[person.pk for person in data["recipients"]],
        message=data["message"],
        value_slugs=[value.slug for value in data["values"]],
        points_each=data["points_each"],
        interaction_ref=data["interaction_ref"],
        idempotency_key=data["idempotency_key"] or None,
    )


@page_rule(SIGNED_IN)
def give(request: AuthedRequest) -> HttpResponse:
    """The kudos composer. Its "Search" button (the form's first, so also the Enter key)
    re-draws the form with the matching people when JavaScript is off; with htmx the
    search field asks ``recipient_search`` as one types."""
    remaining = selectors.remaining_allowance(user=request.user)
    query = (request.POST.get("q") or request.GET.get("q") or "")[:100]
    if request.method == "POST" and request.POST.get("action") == "search":
        posted = request.POST
        form = KudosForm(
            giver=request.user,
            remaining=remaining,
            initial={
                "message": posted.get("message", "")[:KUDOS_MESSAGE_MAX_LENGTH],
                "values": posted.getlist("values"),
                "points_each": posted.get("points_each", "0"),
                "interaction_ref": posted.get("interaction_ref", "")[:120],
                "idempotency_key": posted.get("idempotency_key", "")[:120],
            },
        )
        chosen = _ids(posted.getlist("recipients"))
        return _composer(request, form=form, chosen_ids=chosen, query=query, status=200)
    if request.method == "POST":
        # A refused kudos (to oneself, over the allowance, a missing field) is answered with
        # the form's errors and the refusal's status, like the API's answer to the same request.
        form = KudosForm(request.POST, giver=request.user, remaining=remaining)
        outcome = submit(form, lambda data: _give(request.user, data))
        if outcome:
            names = ", ".join(str(person) for person in form.cleaned_data["recipients"])
            messages.success(
                request,
                _("Thank you! Your kudos to %(names)s is in the feed.") % {"names": names},
            )
            return redirect("recognition:feed")
        chosen = _ids(request.POST.getlist("recipients"))
        return _composer(request, form=form, chosen_ids=chosen, query=query, status=outcome.status)
    form = KudosForm(
        giver=request.user,
        remaining=remaining,
        initial={"idempotency_key": new_idempotency_key(), "points_each": 0},
    )
    # "Thank" links elsewhere pre-choose people with ?to=<id>; oneself is never pre-chosen.
    chosen = [pk for pk in _ids(request.GET.getlist("to")) if pk != request.user.pk]
    return _composer(request, form=form, chosen_ids=chosen, query=query, status=200)


@page_rule(SIGNED_IN)
@require_GET
def recipient_search(request: AuthedRequest) -> HttpResponse:
    """People matching ``q`` for the kudos composer (HTMX), without those already chosen
    (``recipients``): never oneself, nobody who left, no administration account."""
    query = request.GET.get("q", "")[:100]
    people, more = selectors.search_kudos_recipients(
        giver=request.user, query=query, exclude_ids=_ids(request.GET.getlist("recipients"))
    )
    return render(
        request,
        "recognition/partials/recipient_results.html",
        {
            "q": query,
            "people": people,
            "more": more,
            "too_short": 0 < len(query.strip()) < selectors.RECIPIENT_SEARCH_MIN_LENGTH,
            "min_length": selectors.RECIPIENT_SEARCH_MIN_LENGTH,
        },
    )


@page_rule(SIGNED_IN)
def kudos_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    kudos = selectors.get_kudos(pk=pk)
    return render(
        request, "recognition/kudos_detail.html", _with_reactions(kudos, viewer=request.user)
    )


def _kudos_page(request: AuthedRequest, pk: int) -> str:
    return reverse("recognition:kudos_detail", args=[pk])


@page_rule(SIGNED_IN)
@require_POST
@refusals_return_to(_kudos_page)
def react(request: AuthedRequest, pk: int) -> HttpResponse:
    """Toggle one emoji reaction; HTMX swaps the reaction bar of this kudos only. A refused
    one (an unknown emoji) is the middleware's: text with its status to HTMX, else a message
    on the page the person came from."""
    kudos = selectors.get_kudos(pk=pk)
    kudos_services.toggle_reaction(
        user=request.user, kudos=kudos, emoji=request.POST.get("emoji", "")
    )
    if request.htmx:
        kudos = selectors.get_kudos(pk=pk)  # fresh reactions
        return render(
            request,
            "recognition/partials/reactions.html",
            _with_reactions(kudos, viewer=request.user),
        )
    return redirect(safe_next_url(request, _kudos_page(request, pk)))
