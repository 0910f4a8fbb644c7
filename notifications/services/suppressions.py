"""Addresses that must not be e-mailed any more, from what the e-mail provider reports
through anymail's tracking webhook (``notifications.email_events`` hears the signal)."""

from __future__ import annotations

import logging

from django.db import transaction

from core.services import record_audit_event
from notifications.models import EmailSuppression

logger = logging.getLogger(__name__)

# anymail's normalised event types (anymail.signals.EventType) that stop mail to an address.
SUPPRESSING_EVENTS = {
    "bounced": EmailSuppression.Reason.BOUNCE,
    "rejected": EmailSuppression.Reason.REJECTED,
    "complained": EmailSuppression.Reason.COMPLAINT,
}


def is_suppressed(*, address: str) -> bool:
    return EmailSuppression.objects.filter(address=address.strip().lower()).exists()


def record_email_event(
    *,
    event_type: str,
    recipient: str | None,
    provider: str,
    event_id: str | None = None,
    detail: str = "",
) -> EmailSuppression | None:
    """Suppress ``recipient`` when the provider reports a hard bounce, a refusal or a
    complaint; anything else (delivered, opened, a soft bounce reported as deferred) is
    ignored. The same event twice, or a second event for the same address, changes
    nothing."""
    reason = SUPPRESSING_EVENTS.get(event_type)
    address = (recipient or "").strip().lower()
    if reason is None or not address:
        return None
    event_id = (event_id or "")[:200]
    # Idempotent by address, which also makes a replayed event (same id) change nothing; not
    # by the event id alone: Amazon SES gives one id to a bounce of several recipients.
    # get_or_create answers the row a concurrent webhook wrote for the same address.
    with transaction.atomic():
        suppression, created = EmailSuppression.objects.get_or_create(
            address=address,
            defaults={
                "reason": reason,
                "provider": provider[:40],
                "provider_event_id": event_id,
                "detail": detail[:300],
            },
        )
        if created:
            record_audit_event(
                actor=None,
                verb="email.suppressed",
                target=suppression,
                data={"reason": reason, "provider": provider, "event_id": event_id},
            )
    if created:
        logger.info("E-mail to an address stopped: %s reported %s.", provider, event_type)
    return suppression
