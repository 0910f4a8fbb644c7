from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.counters import UNREAD_FEEDBACK, counter_changed
from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import record_audit_event
from performance.models import Feedback
from recognition.models import Kudos


def mark_read(*, agent: Any, feedback_ids: list[int] | None = None) -> int:
    unread = Feedback.objects.filter(agent=agent, read_at__isnull=True)
    if feedback_ids is not None:
        unread = unread.filter(pk__in=feedback_ids)
    counter_changed(UNREAD_FEEDBACK, user_ids=[agent.pk])
    return unread.update(read_at=timezone.now())


@transaction.atomic
def share_compliment_as_kudos(*, agent: Any, feedback_id: int) -> Kudos:
    """Put a customer's compliment on the kudos feed — only its owner can, and only once.

    It becomes a kudos marked ``from_customer``: the agent shares it and receives it; no
    points move, so the "never to yourself" rule for peer kudos is not bent.
    """
    feedback = Feedback.objects.select_for_update().filter(pk=feedback_id, agent=agent).first()
    if feedback is None:
        raise NotFoundError(_("Feedback not found."))
    if feedback.kind != Feedback.Kind.COMPLIMENT or not feedback.customer_text:
        raise DomainError(_("Only customer compliments can be shared."))
    if feedback.shared_as_kudos_id:
        raise ConflictError(_("You already shared this compliment."))
    kudos = Kudos.objects.create(
        giver=agent,
        message=_("A customer said: “%(text)s”") % {"text": feedback.customer_text[:900]},
        points_each=0,
        from_customer=True,
    )
    kudos.recipients.set([agent])
    feedback.shared_as_kudos = kudos
    feedback.save(update_fields=["shared_as_kudos"])
    record_audit_event(actor=agent, verb="compliment.shared", target=kudos)
    return kudos
