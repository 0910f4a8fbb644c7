"""Check-in reminders: once per local day, at the agent's shift start, outside their quiet
hours. Both are the person's notification hours (``notifications.routing``), and the
reminder reaches them in the app and on whichever channels they chose for it (e-mail, push,
Slack): ``notify`` decides, like for every other message."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from notifications.routing import hours_by_user, within
from notifications.services import notify
from people.models import Role, User
from people.time import in_time_zone_of, local_now
from wellbeing.models import CheckIn, CheckInReminder, WellbeingPreference

# When a person never said when their shift starts.
DEFAULT_SHIFT_START = dt.time(9, 0)


@dataclass(frozen=True)
class _Due:
    user: User
    day: dt.date


def _due_reminders(*, now: dt.datetime) -> list[_Due]:
    window = dt.timedelta(minutes=settings.WELLBEING_REMINDER_WINDOW_MINUTES)
    agents = list(
        User.objects.filter(is_active=True, memberships__role=Role.AGENT)
        .select_related("wellbeing_preference")
        .distinct()
    )
    hours = hours_by_user(user_ids=[agent.pk for agent in agents])
    due: list[_Due] = []
    for agent in agents:
        try:
            preference = agent.wellbeing_preference
        except WellbeingPreference.DoesNotExist:
            preference = WellbeingPreference(user=agent)  # the defaults, unsaved
        if not preference.reminders_enabled:
            continue
        local = local_now(user=agent, now=now)
        own = hours[agent.pk]
        start = dt.datetime.combine(
            local.date(), own.shift_start or DEFAULT_SHIFT_START, tzinfo=local.tzinfo
        )
        if not start <= local < start + window:
            continue
        if within(local.time(), own.quiet_hours_start, own.quiet_hours_end):
            continue
        due.append(_Due(agent, local.date()))
    if not due:
        return []
    users, days = {d.user.pk for d in due}, {d.day for d in due}
    done = set(
        CheckIn.objects.filter(user__in=users, local_date__in=days).values_list(
            "user_id", "local_date"
        )
    ) | set(
        CheckInReminder.objects.filter(user__in=users, local_date__in=days).values_list(
            "user_id", "local_date"
        )
    )
    return [d for d in due if (d.user.pk, d.day) not in done]


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    """Remind each agent who has not checked in, once per local day, at shift start.

    Safe to run often and concurrently: the unique (user, day) reminder row decides who
    sends; a second run finds it and sends nothing.
    """
    sent = 0
    for due in _due_reminders(now=now or timezone.now()):
        # On the agent's clock, like a page they open: what the reminder renders is theirs.
        with in_time_zone_of(due.user), transaction.atomic():
            _reminder, created = CheckInReminder.objects.get_or_create(
                user=due.user, local_date=due.day
            )
            if not created:
                continue
            notify(
                user=due.user,
                kind="check_in_reminder",
                message_key="wellbeing.check_in_reminder",
                url=reverse("wellbeing:check_in"),
            )
        sent += 1
    return sent
