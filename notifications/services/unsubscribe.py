"""A person turns one kind off on one channel from the link in an e-mail (RFC 8058
one-click or the confirmation page), without signing in."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, NotFoundError
from core.services import record_audit_event
from notifications import routing
from notifications.kinds import KINDS_BY_NAME
from notifications.models import ChannelPreference


def unsubscribe(*, user_id: int, kind: str, channel: str) -> bool:
    """Switch ``kind`` off on ``channel`` for the person; True when that changed something,
    False when it was off already (a second click, or the mail provider's POST after the
    person's). Refused with 409 when HR keeps the kind on for everyone."""
    category = KINDS_BY_NAME.get(kind)
    with transaction.atomic():
        person = get_user_model().objects.filter(pk=user_id).first()
        if person is None or category is None:
            raise NotFoundError(_("This link no longer leads anywhere."))
        if routing.is_locked(category, channel):
            raise ConflictError(
                _(
                    "Your company sends these e-mails to everyone, so they can't be switched "
                    "off. If you have questions about them, HR can help."
                )
            )
        changed = ChannelPreference.objects.filter(
            user_id=user_id, kind=kind, channel=channel, enabled=True
        ).update(enabled=False)
        preference, created = ChannelPreference.objects.get_or_create(
            user_id=user_id, kind=kind, channel=channel, defaults={"enabled": False}
        )
        if not (changed or created):
            return False
        record_audit_event(
            actor=None,
            verb="notification_preference.unsubscribed",
            target=preference,
            data={"kind": kind, "channel": channel, "user": user_id},
        )
    return True
