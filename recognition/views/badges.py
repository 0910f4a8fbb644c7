"""Badge pages: my badges, a person's badges, awarding, revoking and the baked image."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.confirm import confirmation_page, confirmed
from core.exceptions import NotFoundError
from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.models import User
from people.permissions import LEAD_OR_HR, SIGNED_IN, page_rule
from people.selectors import get_active_person
from recognition import openbadges, selectors
from recognition.forms import AwardBadgeForm, new_idempotency_key
from recognition.models import BadgeAward
from recognition.permissions import can_award
from recognition.services import badges as badge_services


@page_rule(SIGNED_IN)
def my_badges(request: AuthedRequest) -> HttpResponse:
    awards = selectors.badges_of(user=request.user)
    return render(
        request,
        "recognition/my_badges.html",
        {"awards": awards, "person": request.user, "is_me": True},
    )


@page_rule(SIGNED_IN)
def person_badges(request: AuthedRequest, pk: int) -> HttpResponse:
    """Anyone signed in may look: badges are public recognition (and public assertions)."""
    person = get_active_person(pk=pk)
    return render(
        request,
        "recognition/person_badges.html",
        {
            "person": person,
            "awards": selectors.badges_of(user=person),
            "is_me": person.pk == request.user.pk,
            "can_revoke": can_award(actor=request.user, recipient=person),
        },
    )


# Signed in, not LEAD_OR_HR: to anyone who may not revoke this award it does not exist (404),
# and one's own is refused with the reason (403): tests/unit/recognition/test_pages.py.
@page_rule(SIGNED_IN)
@require_POST
@refusals_return_to("recognition:my_badges")
def revoke_badge(request: AuthedRequest, award_pk: int) -> HttpResponse:
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
    award = badge_services.revoke_award(actor=request.user, award_id=award_pk, reason=reason)
    messages.success(request, _("The badge was revoked."))
    return redirect("recognition:person_badges", award.recipient_id)


@page_rule(SIGNED_IN)
def baked_badge(request: AuthedRequest, award_pk: int) -> HttpResponse:
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


def _award(form: AwardBadgeForm, *, actor: User, data: dict[str, Any]) -> BadgeAward | None:
    """Award from the form. The form offers only the actor's people, so "not one of the
    actor's people" (the service's 404) is a wrong choice on the form: ``None``."""
    try:
        return badge_services.award_badge(
            badge_class=data["badge_class"],
            recipient=data["recipient"],
            awarded_by=actor,
            evidence_text=data["evidence_text"],
            evidence_url=data["evidence_url"],
            idempotency_key=data["idempotency_key"] or None,
        )
    except NotFoundError:
        form.add_error("recipient", _("You cannot award a badge to this person."))
        return None


@page_rule(LEAD_OR_HR)
def award_badge(request: AuthedRequest) -> HttpResponse:
    if request.method != "POST":
        form = AwardBadgeForm(
            actor=request.user,
            initial={"recipient": request.GET.get("to"), "idempotency_key": new_idempotency_key()},
        )
        return render(request, "recognition/award_badge.html", {"form": form})
    form = AwardBadgeForm(request.POST, actor=request.user)
    # An invalid form is drawn again as it is (200); a refused award answers with the
    # refusal's status on the form (403 for oneself, 409 for a badge already held) and a
    # wrong choice of person with 400.
    valid = form.is_valid()
    outcome = submit(
        form,
        lambda data: _award(form, actor=request.user, data=data),
        fields={"badge": "badge_class"},
        inline={400, 403, 409},
    )
    award = outcome.result
    if award is not None:
        messages.success(
            request,
            _("%(name)s earned the badge “%(badge)s”.")
            % {"name": award.recipient, "badge": award.badge_class.name},
        )
        return redirect("recognition:person_badges", award.recipient_id)
    status = (outcome.status if not outcome.ok else 400) if valid else 200
    return render(request, "recognition/award_badge.html", {"form": form}, status=status)
