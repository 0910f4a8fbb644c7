"""The check-in reminder's e-mail, sent at most once per reminder row."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from core.addresses import public_url
from notifications.emails import send_email
from people.models import User
from wellbeing.models import CheckInReminder


def email_check_in_reminder(*, reminder_id: int) -> bool:
    """Send the reminder e-mail once: the row is claimed before sending, so a re-delivered
    task finds it claimed and sends nothing; a failed send releases the claim for a retry."""
    claimed = CheckInReminder.objects.filter(
        pk=reminder_id, by_email=True, emailed_at__isnull=True
    ).update(emailed_at=timezone.now())
    if not claimed:
        return False
    reminder = CheckInReminder.objects.select_related("user").get(pk=reminder_id)
    try:
        _send_reminder_mail(user=reminder.user)
    except Exception:
        # Hand the claim back so the task's retry can send it.
        CheckInReminder.objects.filter(pk=reminder_id).update(emailed_at=None)
        raise
    return True


def _send_reminder_mail(*, user: User) -> None:
    send_email(
        user=user,
        template_prefix="wellbeing/email/check_in_reminder",
        context={
            # Absolute even in development, where CUIDA_BASE_URL is empty: a mail client
            # has no page to resolve a relative link against.
            "check_in_url": public_url(reverse("wellbeing:check_in"), request=None),
            "preferences_url": public_url(reverse("wellbeing:preferences"), request=None),
        },
    )
