"""Reward requests: points are held at once, the team's lead decides.

Locks are always taken in the same order — redemption, then reward item, then balance —
so concurrent requests wait for each other instead of deadlocking.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.counters import PENDING_APPROVALS, counter_changed
from core.db import retry_on_conflict
from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import record_audit_event
from notifications.messages import bilingual, in_every_language
from notifications.services import notify
from notifications.services.webhooks import announce
from people.models import Team, User
from people.permissions import require_not_self
from people.selectors import get_roles, team_leads
from recognition.models import LedgerEntry, Redemption, RewardItem
from recognition.permissions import can_decide
from recognition.selectors import organisation_today
from recognition.services.ledger import lock_balances, post_entry, post_reversal


def _hold_key(redemption: Redemption) -> str:
    return f"redemption:{redemption.pk}:hold"


@retry_on_conflict()
def request_redemption(
    *, user: User, item_id: int, idempotency_key: str | None = None
) -> Redemption:
    """Hold the points and reserve one unit of stock; the lead approves or rejects later."""
    if idempotency_key:
        previous = Redemption.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if previous is not None:
            if previous.item_id != item_id:
                raise ConflictError(_("This idempotency key was already used for another request."))
            return previous
    try:
        return _hold_and_reserve(user=user, item_id=item_id, idempotency_key=idempotency_key)
    except IntegrityError as exc:
        # The same key, sent twice at once by the same person: the first one won.
        previous = Redemption.objects.filter(user=user, idempotency_key=idempotency_key).first()
        if idempotency_key and previous is not None and previous.item_id == item_id:
            return previous
        raise ConflictError(_("This request could not be saved; please try again.")) from exc


def _hold_and_reserve(*, user: User, item_id: int, idempotency_key: str | None) -> Redemption:
    with transaction.atomic():
        item = RewardItem.objects.select_for_update().filter(pk=item_id).first()
        if item is None or not item.active:
            raise DomainError(
                _("This reward is not available."),
                errors={"item": [_("This reward is not available.")]},
            )
        _refuse_outside_window(item)
        if item.stock is not None and item.stock < 1:
            raise ConflictError(
                _("Sorry, this reward is out of stock."),
                errors={"item": [_("Out of stock.")]},
            )
        lock_balances(user_ids=[user.pk])
        counter_changed(PENDING_APPROVALS)
        redemption = Redemption.objects.create(
            user=user, item=item, cost=item.cost, idempotency_key=idempotency_key or None
        )
        post_entry(
            account_id=user.pk,
            amount=-item.cost,
            kind=LedgerEntry.Kind.REDEMPTION_HOLD,
            idempotency_key=_hold_key(redemption),
            reference=redemption,
            created_by=user,
        )
        if item.stock is not None:
            RewardItem.objects.filter(pk=item.pk).update(stock=F("stock") - 1)
        record_audit_event(actor=user, verb="redemption.requested", target=redemption)
        _tell_leads(redemption=redemption)
    return redemption


def _refuse_outside_window(item: RewardItem) -> None:
    """A seasonal reward is asked for only inside its window (``selectors.catalog`` hides
    it outside; this answers a stale page or an API call)."""
    today = organisation_today()
    if item.available_from is not None and today < item.available_from:
        message = _("This reward can be requested from %(date)s.") % {
            "date": date_format(item.available_from, "DATE_FORMAT")
        }
    elif item.available_until is not None and today > item.available_until:
        message = _("This reward could be requested until %(date)s.") % {
            "date": date_format(item.available_until, "DATE_FORMAT")
        }
    else:
        return
    raise ConflictError(message, errors={"item": [message]})


def _tell_leads(*, redemption: Redemption) -> None:
    team_id = get_roles(redemption.user).agent_team_id
    if team_id is None:
        return
    params = {"name": str(redemption.user), "item": bilingual(redemption.item)}
    for lead in team_leads(team=Team(pk=team_id)):  # a reference by id: no query
        notify(
            user=lead,
            kind="redemption_requested",
            message_key="recognition.redemption_requested",
            params=params,
            url=reverse("recognition:approvals"),
        )


def _locked_for_decision(*, actor: User, redemption_id: int) -> Redemption:
    redemption = (
        (Redemption.objects.select_for_update().select_related("user", "item"))
        .filter(pk=redemption_id)
        .first()
    )
    if redemption is None:
        raise NotFoundError(_("Reward request not found."))
    require_not_self(
        actor=actor,
        person=redemption.user_id,
        message=_("Nobody decides their own reward request: your lead or HR does."),
    )
    if not can_decide(actor=actor, redemption=redemption):
        raise NotFoundError(_("Reward request not found."))
    return redemption


def _require_status(redemption: Redemption, *allowed: str) -> None:
    if redemption.status not in allowed:
        raise ConflictError(
            _("This request is already “%(status)s”.") % {"status": redemption.get_status_display()}
        )


def _decide(redemption: Redemption, *, status: str, actor: User, reason: str = "") -> Redemption:
    counter_changed(PENDING_APPROVALS)
    redemption.status = status
    redemption.decided_by = actor
    redemption.decided_at = timezone.now()
    redemption.reason = reason
    redemption.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    record_audit_event(
        actor=actor, verb=f"redemption.{status}", target=redemption, data={"reason": reason}
    )
    notify(
        user=redemption.user,
        kind=f"redemption_{status}",
        message_key="recognition.redemption_decided",
        params={
            "item": bilingual(redemption.item),
            "status": in_every_language(redemption.get_status_display),
        },
        url=reverse("recognition:my_redemptions"),
    )
    return redemption


@retry_on_conflict()
@transaction.atomic
def approve_redemption(*, actor: User, redemption_id: int) -> Redemption:
    redemption = _locked_for_decision(actor=actor, redemption_id=redemption_id)
    _require_status(redemption, Redemption.Status.PENDING)
    redemption = _decide(redemption, status=Redemption.Status.APPROVED, actor=actor)
    announce(
        kind="reward.approved",
        data={
            "redemption_id": redemption.pk,
            "person": {"id": redemption.user_id, "name": str(redemption.user)},
            "item": {"id": redemption.item_id, "name": bilingual(redemption.item)},
            "points": redemption.cost,
            "approved_by": actor.pk,
        },
    )
    return redemption


@retry_on_conflict()
@transaction.atomic
def fulfil_redemption(*, actor: User, redemption_id: int) -> Redemption:
    redemption = _locked_for_decision(actor=actor, redemption_id=redemption_id)
    _require_status(redemption, Redemption.Status.APPROVED)
    return _decide(redemption, status=Redemption.Status.FULFILLED, actor=actor)


def _release(redemption: Redemption, *, actor: User, reason: str) -> None:
    """Give the held points back and return the unit to stock."""
    item = RewardItem.objects.select_for_update().get(pk=redemption.item_id)
    lock_balances(user_ids=[redemption.user_id])
    hold = LedgerEntry.objects.get(idempotency_key=_hold_key(redemption))
    post_reversal(
        entry=hold,
        idempotency_key=f"redemption:{redemption.pk}:release",
        created_by=actor,
        memo=reason[:200],
    )
    if item.stock is not None:
        RewardItem.objects.filter(pk=item.pk).update(stock=F("stock") + 1)


@retry_on_conflict()
@transaction.atomic
def reject_redemption(*, actor: User, redemption_id: int, reason: str) -> Redemption:
    redemption = _locked_for_decision(actor=actor, redemption_id=redemption_id)
    if not reason.strip():
        raise DomainError(
            _("Tell the person why: a reason is required."),
            errors={"reason": [_("A reason is required.")]},
        )
    _require_status(redemption, Redemption.Status.PENDING)
    _release(redemption, actor=actor, reason=reason)
    return _decide(
        redemption, status=Redemption.Status.REJECTED, actor=actor, reason=reason.strip()
    )


@retry_on_conflict()
@transaction.atomic
def cancel_redemption(*, user: User, redemption_id: int) -> Redemption:
    redemption = (
        Redemption.objects.select_for_update()
        .select_related("user", "item")
        .filter(pk=redemption_id, user=user)
        .first()
    )
    if redemption is None:
        raise NotFoundError(_("Reward request not found."))
    _require_status(redemption, Redemption.Status.PENDING)
    _release(redemption, actor=user, reason="")
    return _decide(redemption, status=Redemption.Status.CANCELLED, actor=user)
