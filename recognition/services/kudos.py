from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.db import retry_on_conflict
from core.exceptions import ConflictError, DomainError
from core.services import record_audit_event
from notifications.services import notify
from notifications.services.webhooks import announce
from people.models import User
from people.selectors import colleagues
from recognition.models import (
    KUDOS_MESSAGE_MAX_LENGTH,
    GivingAllowance,
    Kudos,
    LedgerEntry,
    Reaction,
    ValueTag,
)
from recognition.selectors import allowance_month
from recognition.services.ledger import lock_balances, post_entry


def lock_allowance(*, user: User, now: dt.datetime | None = None) -> GivingAllowance:
    month = allowance_month(now=now)
    GivingAllowance.objects.bulk_create(
        [GivingAllowance(user=user, month=month, limit=settings.KUDOS_MONTHLY_ALLOWANCE)],
        ignore_conflicts=True,
    )
    return GivingAllowance.objects.select_for_update().get(user=user, month=month)


def _fingerprint(**request: Any) -> str:
    return hashlib.sha256(json.dumps(request, sort_keys=True, default=str).encode()).hexdigest()


def _validate(
    *,
    giver: User,
    recipient_ids: Sequence[int],
    message: str,
    value_slugs: Sequence[str],
    points_each: int,
) -> tuple[list[User], list[ValueTag]]:
    errors: dict[str, list[str]] = {}
    ids = list(dict.fromkeys(recipient_ids))
    recipients = list(colleagues().filter(pk__in=ids))
    if not ids:
        errors["recipients"] = [_("Choose at least one colleague to thank.")]
    elif giver.pk in ids:
        errors["recipients"] = [_("Kudos are for colleagues: you cannot thank yourself.")]
    elif len(recipients) != len(ids):
        # Tell apart who left from an administration account (a forged form or API call):
        # the page never offers either.
        active = User.objects.filter(pk__in=ids, is_active=True).count()
        errors["recipients"] = [
            _("Some of these people do not exist or have left.")
            if active != len(ids)
            else _("Administration accounts are not colleagues: they cannot receive kudos.")
        ]
    if not message.strip():
        errors["message"] = [_("Say what they did: a message is required.")]
    elif len(message) > KUDOS_MESSAGE_MAX_LENGTH:
        errors["message"] = [
            _("Keep the message under %(limit)s characters.")
            % {"limit": f"{KUDOS_MESSAGE_MAX_LENGTH:,}"}
        ]
    slugs = list(dict.fromkeys(value_slugs))
    values = list(ValueTag.objects.filter(slug__in=slugs, active=True))
    if not slugs:
        errors["values"] = [_("Choose at least one company value.")]
    elif len(values) != len(slugs):
        errors["values"] = [_("Unknown value.")]
    if isinstance(points_each, bool) or not isinstance(points_each, int) or points_each < 0:
        errors["points_each"] = [_("Points must be a whole number, zero or more.")]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return recipients, values


@retry_on_conflict()
def give_kudos(
    *,
    giver: User,
    recipient_ids: Sequence[int],
    message: str,
    value_slugs: Sequence[str],
    points_each: int = 0,
    interaction_ref: str = "",
    idempotency_key: str | None = None,
    now: dt.datetime | None = None,
) -> Kudos:
    """Thank one or more colleagues, optionally with points from the monthly allowance.

    The same ``idempotency_key`` with the same request returns the first kudos; with a
    different request it is refused (409), like Stripe's idempotency keys.
    """
    fingerprint = _fingerprint(
        recipients=sorted(set(recipient_ids)),
        message=message,
        values=sorted(set(value_slugs)),
        points=points_each,
        ref=interaction_ref,
    )
    if idempotency_key:
        previous = Kudos.objects.filter(idempotency_key=idempotency_key, giver=giver).first()
        if previous is not None:
            return _same_request_or_conflict(previous, fingerprint)
    recipients, values = _validate(
        giver=giver,
        recipient_ids=recipient_ids,
        message=message,
        value_slugs=value_slugs,
        points_each=points_each,
    )
    total = points_each * len(recipients)
    try:
        with transaction.atomic():
            allowance = lock_allowance(user=giver, now=now) if total else None
            if allowance is not None and total > allowance.remaining:
                raise DomainError(
                    ngettext(
                        "You have %(left)s point left to give this month.",
                        "You have %(left)s points left to give this month.",
                        allowance.remaining,
                    )
                    % {"left": allowance.remaining},
                    errors={"points_each": [_("More than your remaining allowance.")]},
                )
            kudos = Kudos.objects.create(
                giver=giver,
                message=message.strip(),
                points_each=points_each,
                interaction_ref=interaction_ref.strip(),
                idempotency_key=idempotency_key or None,
                request_fingerprint=fingerprint,
            )
            kudos.recipients.set(recipients)
            kudos.values.set(values)
            if allowance is not None:
                GivingAllowance.objects.filter(pk=allowance.pk).update(
                    spent=allowance.spent + total
                )
                lock_balances(user_ids=[r.pk for r in recipients])
                for recipient in recipients:
                    post_entry(
                        account_id=recipient.pk,
                        amount=points_each,
                        kind=LedgerEntry.Kind.KUDOS,
                        idempotency_key=f"kudos:{kudos.pk}:{recipient.pk}",
                        reference=kudos,
                        created_by=giver,
                    )
            _notify_recipients(kudos=kudos, giver=giver, recipients=recipients)
            record_audit_event(
                actor=giver,
                verb="kudos.given",
                target=kudos,
                data={"recipients": [r.pk for r in recipients], "points_each": points_each},
            )
            # Public in the feed already: other tools hear the same (no private data).
            announce(
                kind="kudos.given",
                data={
                    "kudos_id": kudos.pk,
                    "giver": {"id": giver.pk, "name": str(giver)},
                    "recipients": [{"id": r.pk, "name": str(r)} for r in recipients],
                    "message": kudos.message,
                    "values": sorted(v.slug for v in values),
                    "points_each": points_each,
                },
            )
    except IntegrityError as exc:
        if idempotency_key:
            # A concurrent request with the same key won the race.
            previous = Kudos.objects.filter(idempotency_key=idempotency_key, giver=giver).first()
            if previous is not None:
                return _same_request_or_conflict(previous, fingerprint)
        raise ConflictError(_("This kudos could not be saved; please try again.")) from exc
    return kudos


def _same_request_or_conflict(previous: Kudos, fingerprint: str) -> Kudos:
    if previous.request_fingerprint != fingerprint:
        raise ConflictError(_("This idempotency key was already used for another request."))
    return previous


def _notify_recipients(*, kudos: Kudos, giver: User, recipients: Sequence[User]) -> None:
    url = reverse("recognition:kudos_detail", args=[kudos.pk])
    key = "recognition.kudos_received_points" if kudos.points_each else "recognition.kudos_received"
    params = {"name": str(giver), "points": kudos.points_each}
    for recipient in recipients:
        notify(user=recipient, kind="kudos", message_key=key, params=params, url=url)


def toggle_reaction(*, user: User, kudos: Kudos, emoji: str) -> bool:
    """Add the reaction, or remove it if it is there. Returns True when it is now on."""
    if emoji not in Reaction.Emoji.values:
        raise DomainError(_("Unknown reaction."), errors={"emoji": [_("Unknown reaction.")]})
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(kudos=kudos, user=user, emoji=emoji).delete()
        if deleted:
            return False
        Reaction.objects.get_or_create(kudos=kudos, user=user, emoji=emoji)
    return True
