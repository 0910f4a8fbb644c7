"""What other apps give: points and/or a badge for something the system recognised (a rule
that fired, a training path completed), and a customer's compliment shared on the feed.

Other apps never write recognition's tables (docs/architecture.md): performance and careers
call these. Each grant is idempotent by its key: a retried task or a second completion
adds nothing (design.md, invariant 1).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import record_audit_event
from recognition.models import BadgeAward, BadgeClass, Kudos, LedgerEntry
from recognition.services.badges import award_badge
from recognition.services.ledger import lock_balances, post_entry

if TYPE_CHECKING:
    from people.models import User

# Why points are granted: the ledger kinds other apps may post.
GrantReason = Literal["rule", "training"]
_KINDS: dict[str, str] = {"rule": LedgerEntry.Kind.RULE, "training": LedgerEntry.Kind.TRAINING}


@dataclass(frozen=True)
class Granted:
    entry: LedgerEntry | None = None
    award: BadgeAward | None = None


def grant(
    *,
    recipient: User,
    reason: GrantReason,
    idempotency_key: str,
    points: int = 0,
    reference: Any | None = None,
    memo_key: str = "",
    memo_params: Mapping[str, Any] | None = None,
    badge_class_id: int | None = None,
    badge_evidence: str = "",
    badge_key: str | None = None,
) -> Granted:
    """Give ``recipient`` ``points`` and/or the badge ``badge_class_id`` from the system.

    Runs inside the caller's transaction. The points go to the ledger under
    ``idempotency_key``, the badge under ``badge_key`` (default: ``idempotency_key`` +
    ``":badge"``). A badge the person already holds (one per person) or one retired since
    is skipped: the points still land.
    """
    entry = None
    award = None
    if points:
        lock_balances(user_ids=[recipient.pk])
        entry = post_entry(
            account_id=recipient.pk,
            amount=points,
            kind=_KINDS[reason],
            idempotency_key=idempotency_key,
            reference=reference,
            memo_key=memo_key,
            memo_params=memo_params,
        )
    if badge_class_id is not None:
        badge_class = BadgeClass.objects.filter(pk=badge_class_id).first()
        if badge_class is not None:
            with contextlib.suppress(DomainError), transaction.atomic():
                award = award_badge(
                    badge_class=badge_class,
                    recipient=recipient,
                    awarded_by=None,
                    evidence_text=badge_evidence,
                    idempotency_key=badge_key or f"{idempotency_key}:badge",
                )
    return Granted(entry=entry, award=award)


def share_customer_compliment(*, agent: User, text: str) -> Kudos:
    """Put a customer's words on the kudos feed as a kudos ``from_customer``: the agent shares
    it and receives it; no points move, so "never to yourself" for peer kudos is not bent.
    The caller (performance's feedback) makes sure it happens once per compliment."""
    kudos = Kudos.objects.create(
        giver=agent,
        message=_("A customer said: “%(text)s”") % {"text": text[:900]},
        points_each=0,
        from_customer=True,
    )
    kudos.recipients.set([agent])
    record_audit_event(actor=agent, verb="compliment.shared", target=kudos)
    return kudos
