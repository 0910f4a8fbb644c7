"""Writes a person makes about their own wellbeing data: their preferences, and erasing
everything for good."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import record_audit_event
from people.models import User
from wellbeing.models import ChatRequest, CheckIn, CheckInReminder, WellbeingPreference


@transaction.atomic
def erase_wellbeing_data(*, user: User) -> dict[str, int]:
    """Delete every check-in, reminder and chat request of ``user``, for good.

    Aggregates are computed from these rows at read time, so erased data leaves them too.
    """
    counts = {
        "check_ins": CheckIn.objects.filter(user=user).delete()[1].get("wellbeing.CheckIn", 0),
        "reminders": CheckInReminder.objects.filter(user=user).delete()[0],
        "chat_requests": ChatRequest.objects.filter(user=user).delete()[0],
    }
    record_audit_event(actor=user, verb="wellbeing.erased", target=user, data=counts)
    return counts


def update_preferences(*, user: User, **fields: Any) -> WellbeingPreference:
    preference, _created = WellbeingPreference.objects.get_or_create(user=user)
    allowed = {"reminders_enabled"}
    for field, value in fields.items():
        if field not in allowed:
            raise DomainError(_("Unknown preference."), errors={field: [_("Unknown preference.")]})
        setattr(preference, field, value)
    preference.save()
    return preference
