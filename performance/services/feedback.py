from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.counters import UNREAD_FEEDBACK, counter_changed
from core.exceptions import ConflictError, DomainError, NotFoundError
from people.models import User
from performance.models import Feedback
from recognition.services.grants import share_customer_compliment

if TYPE_CHECKING:
    from recognition.models import Kudos


def mark_read(*, agent: User, feedback_ids: list[int] | None = None) -> int:
    unread = Feedback.objects.filter(agent=agent, read_at__isnull=True)
    if feedback_ids is not None:
        unread = unread.filter(pk__in=feedback_ids)
    counter_changed(UNREAD_FEEDBACK, user_ids=[agent.pk])
    return unread.update(read_at=timezone.now())


@transaction.atomic
def share_compliment_as_kudos(*, agent: User, feedback_id: int) -> Kudos:
    """Put a customer's compliment on the kudos feed — only its owner can, and only once.

    Recognition writes the kudos (``share_customer_compliment``, which also records the
    ``compliment.shared`` audit event); the locked feedback row keeps it to once.
    """
    feedback = Feedback.objects.select_for_update().filter(pk=feedback_id, agent=agent).first()
    if feedback is None:
        raise NotFoundError(_("Feedback not found."))
    if feedback.kind != Feedback.Kind.COMPLIMENT or not feedback.customer_text:
        raise DomainError(_("Only customer compliments can be shared."))
    if feedback.shared_as_kudos_id:
        raise ConflictError(_("You already shared this compliment."))
    kudos = share_customer_compliment(agent=agent, text=feedback.customer_text)
    feedback.shared_as_kudos = kudos
    feedback.save(update_fields=["shared_as_kudos"])
    return kudos
