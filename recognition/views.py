"""Recognition pages: the kudos feed, points, badges and rewards.

Views parse the form, fetch through a permission-checked selector, call one service and
render or redirect. HTMX requests get only the partial they swap.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST
from django.views.decorators.vary import vary_on_headers

from core.confirm import confirmation_page, confirmed
from core.exceptions import DomainError
from core.fields import MAX_ID
from core.forms import raise_for_status
from core.pages import add_domain_errors, safe_next_url
from core.pagination import feed_page
from people.selectors import get_active_person, get_roles
from recognition import openbadges, selectors
from recognition.forms import (
    AwardBadgeForm,
    IdempotentActionForm,
    KudosForm,
    LeaderboardFilterForm,
    LeaderboardOptInForm,
    RejectRedemptionForm,
    new_idempotency_key,
)
from recognition.models import KUDOS_MESSAGE_MAX_LENGTH, Kudos, Reaction, RewardItem
from recognition.services import badges as badge_services
from recognition.services import kudos as kudos_services
from recognition.services import profile as profile_services
from recognition.services import redemptions as redemption_services

FEED_PAGE_SIZE = 20
# More recipients than this in one form is not a kudos but a broadcast; ids past it are dropped.
MAX_RECIPIENTS = 50
LEDGER_PAGE_SIZE = 25
REQUESTS_PAGE_SIZE = 25
QUEUE_PAGE_SIZE = 25

# Spoken names of the reaction buttons (the choices' labels are the emoji themselves).
REACTION_NAMES = {
    Reaction.Emoji.CLAP: gettext_lazy("Applause"),
    Reaction.Emoji.HEART: gettext_lazy("Love"),
    Reaction.Emoji.STAR: gettext_lazy("Star"),
    Reaction.Emoji.SMILE: gettext_lazy("Smile"),
}


def _require_decider(request: HttpRequest) -> None:
    roles = get_roles(request.user)
    if not (roles.is_lead or roles.is_hr):
        raise PermissionDenied(_("This page is for team leads and HR."))


def _with_reactions(kudos: Kudos, *, viewer: Any) -> dict[str, Any]:
    reactions = selectors.reaction_summary(kudos, viewer=viewer)
    for reaction in reactions:
        reaction["name"] = REACTION_NAMES.get(reaction["emoji"], reaction["label"])
    return {"kudos": kudos, "reactions": reactions}


def _my_team_id(user: Any) -> int | None:
    """The team of "My team": an agent's own team, or a lead's first team."""
    roles = get_roles(user)
    if roles.agent_team_id is not None:
        return roles.agent_team_id
    return min(roles.led_team_ids) if roles.led_team_ids else None


# --- Kudos -------------------------------------------------------------------------------


@login_required
@vary_on_headers("HX-Request")  # one URL, two bodies: caches must tell them apart
def feed(request: HttpRequest) -> HttpResponse:
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
    request: HttpRequest, *, form: KudosForm, chosen_ids: list[int], query: str, status: int
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


@login_required
def give(request: HttpRequest) -> HttpResponse:
    """The kudos composer. Its "Search" button (the form's first, so also the Enter key)
    re-draws the form with the matching people when JavaScript is off; with htmx the
    search field asks ``recipient_search`` as one types."""
    remaining = selectors.remaining_allowance(user=request.user)
    query = (request.POST.get("q") or request.GET.get("q") or "")[:100]
    if request.method == "POST" and request.POST.get("action") == "search":
        data = request.POST
        form = KudosForm(
            giver=request.user,
            remaining=remaining,
            initial={
                "message": data.get("message", "")[:KUDOS_MESSAGE_MAX_LENGTH],
                "values": data.getlist("values"),
                "points_each": data.get("points_each", "0"),
                "interaction_ref": data.get("interaction_ref", "")[:120],
                "idempotency_key": data.get("idempotency_key", "")[:120],
            },
        )
        chosen = _ids(data.getlist("recipients"))
        return _composer(request, form=form, chosen_ids=chosen, query=query, status=200)
    if request.method == "POST":
        # A refused kudos (to oneself, over the allowance, a missing field) is a 400 with
        # the form's errors, like the API's answer to the same request.
        form = KudosForm(request.POST, giver=request.user, remaining=remaining)
        if form.is_valid():
            data = form.cleaned_data
            try:
                kudos_services.give_kudos(
                    giver=request.user,
                    recipient_ids=[person.pk for person in data["recipients"]],
                    message=data["message"],
                    value_slugs=[value.slug for value in data["values"]],
                    points_each=data["points_each"],
                    interaction_ref=data["interaction_ref"],
                    idempotency_key=data["idempotency_key"] or None,
                )
            except DomainError as error:
                add_domain_errors(form, error)
            else:
                names = ", ".join(str(person) for person in data["recipients"])
                messages.success(
                    request,
                    _("Thank you! Your kudos to %(names)s is in the feed.") % {"names": names},
                )
                return redirect("recognition:feed")
        chosen = _ids(request.POST.getlist("recipients"))
        return _composer(request, form=form, chosen_ids=chosen, query=query, status=400)
    form = KudosForm(
        giver=request.user,
        remaining=remaining,
        initial={"idempotency_key": new_idempotency_key(), "points_each": 0},
    )
    # "Thank" links elsewhere pre-choose people with ?to=<id>; oneself is never pre-chosen.
    chosen = [pk for pk in _ids(request.GET.getlist("to")) if pk != request.user.pk]
    return _composer(request, form=form, chosen_ids=chosen, query=query, status=200)


@login_required
@require_GET
def recipient_search(request: HttpRequest) -> HttpResponse:
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


@login_required
def kudos_detail(request: HttpRequest, pk: int) -> HttpResponse:
    kudos = selectors.get_kudos(pk=pk)
    return render(
        request, "recognition/kudos_detail.html", _with_reactions(kudos, viewer=request.user)
    )


@login_required
@require_POST
def react(request: HttpRequest, pk: int) -> HttpResponse:
    """Toggle one emoji reaction; HTMX swaps the reaction bar of this kudos only."""
    kudos = selectors.get_kudos(pk=pk)
    try:
        kudos_services.toggle_reaction(
            user=request.user, kudos=kudos, emoji=request.POST.get("emoji", "")
        )
    except DomainError as error:
        if request.htmx:
            return HttpResponse(error.message, status=error.status_code)
        messages.error(request, error.message)
    if request.htmx:
        kudos = selectors.get_kudos(pk=pk)  # fresh reactions
        return render(
            request,
            "recognition/partials/reactions.html",
            _with_reactions(kudos, viewer=request.user),
        )
    return redirect(safe_next_url(request, reverse("recognition:kudos_detail", args=[pk])))


# --- Points ------------------------------------------------------------------------------


@login_required
def my_points(request: HttpRequest) -> HttpResponse:
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


@login_required
@require_POST
def leaderboard_opt_in(request: HttpRequest) -> HttpResponse:
    form = LeaderboardOptInForm(request.POST)
    form.is_valid()  # a missing or garbled box reads as "off": the safe choice
    opt_in = bool(form.cleaned_data.get("opt_in"))
    profile_services.set_leaderboard_opt_in(user=request.user, opt_in=opt_in)
    if opt_in:
        messages.success(request, _("You now appear on leaderboards when colleagues thank you."))
    else:
        messages.success(request, _("You no longer appear on leaderboards."))
    return redirect(safe_next_url(request, reverse("recognition:my_points")))


@login_required
def leaderboard(request: HttpRequest) -> HttpResponse:
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


# --- Badges ------------------------------------------------------------------------------


@login_required
def my_badges(request: HttpRequest) -> HttpResponse:
    awards = selectors.badges_of(user=request.user)
    return render(
        request,
        "recognition/my_badges.html",
        {"awards": awards, "person": request.user, "is_me": True},
    )


@login_required
def person_badges(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone signed in may look: badges are public recognition (and public assertions)."""
    person = get_active_person(pk=pk)
    return render(
        request,
        "recognition/person_badges.html",
        {
            "person": person,
            "awards": selectors.badges_of(user=person),
            "is_me": person.pk == request.user.pk,
            "can_revoke": badge_services.can_award(actor=request.user, recipient=person),
        },
    )


@login_required
@require_POST
def revoke_badge(request: HttpRequest, award_pk: int) -> HttpResponse:
    """A lead of the recipient's team, or HR, takes a badge back with a reason; its public
    assertion then answers 410 Gone. The first POST asks to confirm, the second revokes."""
    reason = request.POST.get("reason", "").strip()[:200]
    if not confirmed(request):
        award = selectors.get_revocable_award(actor=request.user, pk=award_pk)
        return confirmation_page(
            request,
            title=_("Revoke “%(badge)s” from %(name)s?")
            % {"badge": award.badge_class.name, "name": award.recipient},
            facts=[
                (_("Badge"), award.badge_class.name),
                (_("Person"), award.recipient),
                (_("Reason"), reason),
            ],
            warning=_("Its public link will say it was revoked. This cannot be undone."),
            blocked="" if reason else _("A reason is required."),
            action=reverse("recognition:revoke_badge", args=[award.pk]),
            fields=[("reason", reason)],
            confirm_label=_("Yes, revoke the badge"),
            cancel_url=reverse("recognition:person_badges", args=[award.recipient_id]),
        )
    try:
        award = badge_services.revoke_award(actor=request.user, award_id=award_pk, reason=reason)
    except DomainError as error:
        raise_for_status(error)
        messages.error(request, error.message)
        return redirect(safe_next_url(request, reverse("recognition:my_badges")))
    messages.success(request, _("The badge was revoked."))
    return redirect("recognition:person_badges", award.recipient_id)


@login_required
def baked_badge(request: HttpRequest, award_pk: int) -> HttpResponse:
    """The badge image with its assertion baked in; only for the person who earned it."""
    award = selectors.badges_of(user=request.user).filter(pk=award_pk).first()
    if award is None:
        raise Http404
    badge_class = award.badge_class
    baked = openbadges.bake(
        badge_services.badge_png(badge_class=badge_class),
        openbadges.assertion_document(award, request=request),
    )
    response = HttpResponse(baked, content_type="image/png")
    response["Content-Disposition"] = f'attachment; filename="{badge_class.slug}-badge.png"'
    return response


@login_required
def award_badge(request: HttpRequest) -> HttpResponse:
    _require_decider(request)
    status = 200
    if request.method == "POST":
        form = AwardBadgeForm(request.POST, actor=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                award = badge_services.award_badge(
                    badge_class=data["badge_class"],
                    recipient=data["recipient"],
                    awarded_by=request.user,
                    evidence_text=data["evidence_text"],
                    evidence_url=data["evidence_url"],
                    idempotency_key=data["idempotency_key"] or None,
                )
            except DomainError as error:
                # The form answers with the refusal's status (403 for oneself, 409 for a
                # badge already held); "not one of the actor's people" is a wrong choice.
                if error.status_code == 404:
                    status = 400
                    form.add_error("recipient", _("You cannot award a badge to this person."))
                else:
                    status = error.status_code
                    add_domain_errors(form, error, fields={"badge": "badge_class"})
            else:
                messages.success(
                    request,
                    _("%(name)s earned the badge “%(badge)s”.")
                    % {"name": award.recipient, "badge": award.badge_class.name},
                )
                return redirect("recognition:person_badges", award.recipient_id)
    else:
        form = AwardBadgeForm(
            actor=request.user,
            initial={"recipient": request.GET.get("to"), "idempotency_key": new_idempotency_key()},
        )
    return render(request, "recognition/award_badge.html", {"form": form}, status=status)


# --- Rewards -----------------------------------------------------------------------------


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    balance = selectors.balance_of(user=request.user)
    rewards = [
        {"item": item, "shortfall": max(item.cost - balance, 0)} for item in selectors.catalog()
    ]
    return render(
        request,
        "recognition/catalog.html",
        {"rewards": rewards, "balance": balance},
    )


@login_required
def request_redemption(request: HttpRequest, item_pk: int) -> HttpResponse:
    """Spending points takes two steps: the first answer (a GET, or a POST without
    ``confirm``) shows the reward, its cost and the balance after; the second spends."""
    item = selectors.get_catalog_item(pk=item_pk)
    form = IdempotentActionForm(request.POST or None)
    key = form.cleaned_data["idempotency_key"] if form.is_valid() else ""
    if not confirmed(request):
        return _confirm_redemption(request, item=item, key=key or new_idempotency_key())
    try:
        redemption = redemption_services.request_redemption(
            user=request.user, item_id=item_pk, idempotency_key=key or None
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("recognition:catalog")
    messages.success(
        request,
        _("You asked for “%(item)s”. %(points)s points are on hold until your lead decides.")
        % {"item": redemption.item.name, "points": redemption.cost},
    )
    return redirect("recognition:my_redemptions")


def _confirm_redemption(request: HttpRequest, *, item: RewardItem, key: str) -> HttpResponse:
    balance = selectors.balance_of(user=request.user)
    blocked = ""
    if item.stock == 0:
        blocked = _("This reward is out of stock.")
    elif item.cost > balance:
        short = item.cost - balance
        blocked = ngettext(
            "You need %(count)s more point.", "You need %(count)s more points.", short
        ) % {"count": short}
    cost = ngettext("%(count)s point", "%(count)s points", item.cost) % {"count": item.cost}
    return confirmation_page(
        request,
        title=_("Spend your points on “%(item)s”?") % {"item": item.name},
        facts=[
            (_("Reward"), item.name),
            (_("Cost"), cost),
            (_("Your balance now"), balance),
            (_("Your balance after"), max(balance - item.cost, 0)),
        ],
        warning=_(
            "Your points are held until your lead decides; they come back if the request "
            "is rejected or you cancel it before then."
        ),
        blocked=blocked,
        action=reverse("recognition:request_redemption", args=[item.pk]),
        fields=[("idempotency_key", key)],
        confirm_label=ngettext(
            "Yes, spend %(count)s point", "Yes, spend %(count)s points", item.cost
        )
        % {"count": item.cost},
        cancel_url=reverse("recognition:catalog"),
    )


@login_required
def my_redemptions(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_redemptions(user=request.user), REQUESTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "recognition/my_redemptions.html", {"page": page})


@login_required
@require_POST
def cancel_redemption(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        redemption = redemption_services.cancel_redemption(user=request.user, redemption_id=pk)
    except DomainError as error:
        raise_for_status(error)
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Your request for “%(item)s” is cancelled and your points are back.")
            % {"item": redemption.item.name},
        )
    return redirect("recognition:my_redemptions")


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    _require_decider(request)
    pending = Paginator(
        selectors.approval_queue(viewer=request.user, statuses=("pending",)), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    approved = Paginator(
        selectors.approval_queue(viewer=request.user, statuses=("approved",)), QUEUE_PAGE_SIZE
    ).get_page(request.GET.get("approved_page"))
    return render(
        request,
        "recognition/approvals.html",
        {"pending": pending, "approved": approved},
    )


def _decide(request: HttpRequest, decide: Any, success: str, **kwargs: Any) -> HttpResponse:
    """Run one decision service for the approval queue and report back there."""
    _require_decider(request)
    try:
        redemption = decide(actor=request.user, **kwargs)
    except DomainError as error:
        raise_for_status(error)
        messages.error(request, error.message)
    else:
        messages.success(request, success % {"name": redemption.user, "item": redemption.item.name})
    return redirect("recognition:approvals")


@login_required
@require_POST
def approve_redemption(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        redemption_services.approve_redemption,
        _("Approved: %(name)s will get “%(item)s”."),
        redemption_id=pk,
    )


@login_required
@require_POST
def reject_redemption(request: HttpRequest, pk: int) -> HttpResponse:
    form = RejectRedemptionForm(request.POST)
    if not form.is_valid():
        _require_decider(request)
        messages.error(request, " ".join(form.errors["reason"]))
        return redirect("recognition:approvals")
    return _decide(
        request,
        redemption_services.reject_redemption,
        _("Not approved: %(name)s got their points for “%(item)s” back."),
        redemption_id=pk,
        reason=form.cleaned_data["reason"],
    )


@login_required
@require_POST
def fulfil_redemption(request: HttpRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        redemption_services.fulfil_redemption,
        _("Marked as delivered: “%(item)s” for %(name)s."),
        redemption_id=pk,
    )
