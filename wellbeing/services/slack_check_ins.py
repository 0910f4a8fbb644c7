"""The daily check-in in Slack: at the shift start of each agent who linked Slack and chose
it for their check-in reminders (the same window and hours as the reminders,
``services.reminders``), a direct message asks how they feel; a tap saves today's check-in
and the message becomes "✓ Saved". Once per person per local day, whatever runs twice."""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from celery import current_app
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation

from core import broker
from notifications.kinds import KINDS_BY_NAME, SLACK
from notifications.routing import channels_on
from notifications.slack import SlackError, SlackRetryLater, post_direct_message
from notifications.slack.linking import SlackPerson, language_for, link_of, linked_user_ids
from people.models import User
from people.time import in_time_zone_of, local_today
from wellbeing import slack_blocks
from wellbeing.models import CheckIn, SlackCheckInPrompt
from wellbeing.services.check_ins import record_check_in
from wellbeing.services.reminders import at_shift_start, checked_in_on

logger = logging.getLogger(__name__)

SEND_TASK = "wellbeing.tasks.send_slack_check_in_task"
REMINDER_KIND = "check_in_reminder"
LEASE = dt.timedelta(minutes=5)
# A new check-in from one tap has a mood only: energy and stress start at the scale's
# middle, and the saved message invites the person to adjust them in Cuida.
NEUTRAL = 3


def send_due_slack_check_ins(*, now: dt.datetime | None = None) -> int:
    """Enqueue the check-in message of each linked agent at shift start who has not had it
    (nor checked in) today; returns how many were enqueued."""
    now = now or timezone.now()
    linked = linked_user_ids()
    # Those who chose Slack for their check-in reminders (My notifications; HR's defaults).
    wanted = (
        channels_on(kind=KINDS_BY_NAME[REMINDER_KIND], user_ids=linked)[SLACK] if linked else set()
    )
    due = at_shift_start(now=now, user_ids=wanted) if wanted else []
    done = checked_in_on(due) if due else set()
    enqueued = 0
    for item in due:
        if (item.user.pk, item.day) in done:
            continue
        with transaction.atomic():
            prompt, _created = SlackCheckInPrompt.objects.get_or_create(
                user=item.user, local_date=item.day
            )
            if prompt.sent_at is not None:
                continue
            transaction.on_commit(partial(_enqueue, prompt.pk), robust=True)
        enqueued += 1
    return enqueued


def _enqueue(prompt_id: int) -> None:
    broker.enqueue(current_app.tasks[SEND_TASK], prompt_id)


def send_prompt(*, prompt_id: int, now: dt.datetime | None = None) -> str:
    """Send one check-in message, unless another run holds it or it went out already."""
    now = now or timezone.now()
    claimed = (
        SlackCheckInPrompt.objects.filter(pk=prompt_id, sent_at__isnull=True)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + LEASE)
    )
    if not claimed:
        return "held or sent"
    prompt = SlackCheckInPrompt.objects.select_related("user").get(pk=prompt_id)
    user = prompt.user
    if CheckIn.objects.filter(user=user, local_date=prompt.local_date).exists():
        _mark_sent(prompt_id)
        return "checked in already"
    link = link_of(user=user)
    language = language_for(SlackPerson(user, link.locale if link else ""))
    with in_time_zone_of(user), translation.override(language):
        text, blocks = slack_blocks.prompt(day=prompt.local_date)
    try:
        post_direct_message(user=user, text=text, blocks=blocks)
    except SlackRetryLater:
        # The next run of the beat job, still within the window, tries again.
        SlackCheckInPrompt.objects.filter(pk=prompt_id).update(claimed_until=None)
        return "retry later"
    except SlackError as exc:
        logger.warning("Slack check-in for %s not sent: %s", user.pk, exc)
        _mark_sent(prompt_id)  # nothing to gain from trying again today
        return "not sent"
    _mark_sent(prompt_id)
    return "sent"


def _mark_sent(prompt_id: int) -> None:
    SlackCheckInPrompt.objects.filter(pk=prompt_id).update(sent_at=timezone.now())


def record_mood(*, user: User, mood: int, day: str) -> bool:
    """Today's check-in from one tap: its mood, keeping the rest of today's check-in when
    there is one. False (and nothing saved) when the question was for another day."""
    today = local_today(user=user)
    if day != today.isoformat():
        return False
    existing = CheckIn.objects.filter(user=user, local_date=today).prefetch_related("tags").first()
    if existing is None:
        record_check_in(user=user, mood=mood, energy=NEUTRAL, stress=NEUTRAL)
        return True
    record_check_in(
        user=user,
        mood=mood,
        energy=existing.energy,
        stress=existing.stress,
        tag_slugs=[tag.slug for tag in existing.tags.all() if tag.active],
        note=existing.note,
        shared_with_lead=existing.shared_with_lead,
    )
    return True
