"""Writes for wellbeing: check-ins, sharing, chat requests, reminders, erasure.
Publishing anonymous trends lives in ``services.trends``.

Invariant (shared/design.md #3, #7): nothing here feeds points, rules, rankings or any
performance view, and nobody but the author reads a check-in unless they shared it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import broker
from core.addresses import public_url
from core.exceptions import ConflictError, DomainError, NotFoundError
from core.models import AuditEvent
from core.services import record_audit_event
from notifications.emails import send_email
from notifications.services import notify
from people.models import Role, User
from people.selectors import get_roles, team_leads
from people.time import local_now, local_today
from wellbeing.disclosure import last_finished_week
from wellbeing.models import (
    NOTE_MAX_LENGTH,
    ChatRequest,
    CheckIn,
    CheckInReminder,
    MoodTag,
    WellbeingPreference,
)


def _validate_check_in(
    *,
    user: Any,
    mood: Any,
    energy: Any,
    stress: Any,
    tag_slugs: Sequence[str],
    note: str,
    shared_with_lead: bool,
    day: dt.date | None,
    today: dt.date,
) -> list[MoodTag]:
    errors: dict[str, list[str]] = {}
    for field, value in (("mood", mood), ("energy", energy), ("stress", stress)):
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
            errors[field] = [_("Choose a value from 1 to 5.")]
    slugs = list(dict.fromkeys(tag_slugs))
    tags = list(MoodTag.objects.filter(slug__in=slugs, active=True))
    unknown = sorted(set(slugs) - {t.slug for t in tags})
    if unknown:
        errors["tags"] = [_("Unknown tags: %(tags)s.") % {"tags": ", ".join(unknown)}]
    if len(note) > NOTE_MAX_LENGTH:
        errors["note"] = [
            _("Keep the note under %(limit)s characters.") % {"limit": f"{NOTE_MAX_LENGTH:,}"}
        ]
    if day is not None and day > today:
        errors["date"] = [_("A check-in cannot be in the future.")]
    elif day is not None and day < today:
        errors["date"] = [_("Only today's check-in can be changed.")]
    if shared_with_lead and get_roles(user).agent_team_id is None:
        errors["shared_with_lead"] = [
            _("You are not in a team, so there is no lead to share with.")
        ]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return tags


def record_check_in(
    *,
    user: Any,
    mood: int,
    energy: int,
    stress: int,
    tag_slugs: Sequence[str] = (),
    note: str = "",
    shared_with_lead: bool = False,
    day: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[CheckIn, bool]:
    """Create today's check-in, or update it if one exists. Returns (check_in, created)."""
    today = local_today(user=user, now=now)
    note = (note or "").strip()
    tags = _validate_check_in(
        user=user,
        mood=mood,
        energy=energy,
        stress=stress,
        tag_slugs=tag_slugs,
        note=note,
        shared_with_lead=shared_with_lead,
        day=day,
        today=today,
    )
    values = {
        "team_id": get_roles(user).agent_team_id,
        "mood": mood,
        "energy": energy,
        "stress": stress,
        "note": note,
        "shared_with_lead": shared_with_lead,
    }
    with transaction.atomic():
        check_in = CheckIn.objects.select_for_update().filter(user=user, local_date=today).first()
        created = check_in is None
        if created:
            try:
                with transaction.atomic():
                    check_in = CheckIn.objects.create(
                        user=user, local_date=today, ever_shared=shared_with_lead, **values
                    )
            except IntegrityError:
                # A double-submit raced us to the unique (user, day) row: update that one.
                check_in = CheckIn.objects.select_for_update().get(user=user, local_date=today)
                created = False
        if not created:
            was_shared = check_in.shared_with_lead
            for field, value in values.items():
                setattr(check_in, field, value)
            check_in.ever_shared = check_in.ever_shared or shared_with_lead
            check_in.save()
            if was_shared != shared_with_lead:
                _audit_sharing(user=user, check_in=check_in)
        elif shared_with_lead:
            _audit_sharing(user=user, check_in=check_in)
        check_in.tags.set(tags)
    return check_in, created


def _audit_sharing(*, user: Any, check_in: CheckIn) -> None:
    record_audit_event(
        actor=user,
        verb="checkin.shared" if check_in.shared_with_lead else "checkin.unshared",
        target=check_in,
    )


def sharing_closes_before(*, now: dt.datetime | None = None) -> dt.date:
    """The first day whose check-ins can still be shared: the Monday of the oldest week not
    yet over everywhere. An ended week may be published any minute as an anonymous total,
    and a check-in shared from it would let the lead subtract it from that total."""
    return last_finished_week(now or timezone.now()) + dt.timedelta(weeks=1)


@transaction.atomic
def set_check_in_sharing(
    *, user: Any, check_in_id: int, shared: bool, now: dt.datetime | None = None
) -> CheckIn:
    """Share one of my check-ins with my lead while its week lasts, or take it back any time."""
    check_in = CheckIn.objects.select_for_update().filter(pk=check_in_id, user=user).first()
    if check_in is None:
        raise NotFoundError(_("Check-in not found."))
    if shared and get_roles(user).agent_team_id is None:
        raise DomainError(
            _("You are not in a team, so there is no lead to share with."),
            errors={"shared": [_("You are not in a team, so there is no lead to share with.")]},
        )
    if (
        shared
        and not check_in.shared_with_lead
        and check_in.local_date < sharing_closes_before(now=now)
    ):
        message = _(
            "A check-in can be shared until the end of its week. After that it is part of "
            "your team's anonymous numbers, and sharing it would let your lead work out how "
            "others felt."
        )
        raise ConflictError(message, errors={"shared": [message]})
    if check_in.shared_with_lead != shared:
        check_in.shared_with_lead = shared
        check_in.ever_shared = check_in.ever_shared or shared
        check_in.save(update_fields=["shared_with_lead", "ever_shared", "updated_at"])
        _audit_sharing(user=user, check_in=check_in)
    return check_in


def record_shared_check_in_views(*, viewer: Any, check_ins: Sequence[CheckIn]) -> None:
    """Audit every view of someone else's shared check-in (one row per check-in shown).

    ``bulk_create`` skips model hooks, so the rows are built here, not by a signal.
    """
    rows = [
        AuditEvent(
            actor=viewer,
            verb="checkin.viewed",
            target_type=CheckIn._meta.label_lower,
            target_id=str(c.pk),
            data={"author": c.user_id},
        )
        for c in check_ins
        if c.user_id != viewer.pk
    ]
    if rows:
        AuditEvent.objects.bulk_create(rows)


def request_lead_chat(*, user: Any) -> ChatRequest:
    """Tell the agent's lead(s) that the agent would like a chat — and nothing more."""
    roles = get_roles(user)
    if roles.agent_team_id is None:
        raise DomainError(_("You are not in a team yet, so there is no lead to ask."))
    leads = list(team_leads(team=roles.agent_team_id))
    if not leads:
        raise DomainError(_("Your team has no lead yet. HR can help in the meantime."))
    with transaction.atomic():
        existing = ChatRequest.objects.filter(user=user, resolved_at__isnull=True).first()
        if existing is not None:
            return existing
        try:
            with transaction.atomic():
                chat_request = ChatRequest.objects.create(user=user)
        except IntegrityError:
            return ChatRequest.objects.get(user=user, resolved_at__isnull=True)
        url = reverse("wellbeing:team_trends", args=[roles.agent_team_id])
        for lead in leads:
            notify(
                user=lead,
                kind="chat_request",
                message_key="wellbeing.chat_requested",
                params={"name": str(user)},
                url=url,
            )
        record_audit_event(actor=user, verb="chat_request.created", target=chat_request)
    return chat_request


@transaction.atomic
def resolve_chat_request(*, lead: Any, chat_request_id: int) -> ChatRequest:
    from people.permissions import leads_agent

    chat_request = (
        ChatRequest.objects.select_for_update().select_related("user").filter(pk=chat_request_id)
    ).first()
    if chat_request is None or not leads_agent(lead, chat_request.user):
        raise NotFoundError(_("Chat request not found."))
    if chat_request.resolved_at is None:
        chat_request.resolved_at = timezone.now()
        chat_request.save(update_fields=["resolved_at"])
        record_audit_event(actor=lead, verb="chat_request.resolved", target=chat_request)
    return chat_request


@transaction.atomic
def erase_wellbeing_data(*, user: Any) -> dict[str, int]:
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


def update_preferences(*, user: Any, **fields: Any) -> WellbeingPreference:
    preference, _created = WellbeingPreference.objects.get_or_create(user=user)
    allowed = {
        "reminders_enabled",
        "shift_start",
        "quiet_hours_start",
        "quiet_hours_end",
        "email_reminders",
    }
    for field, value in fields.items():
        if field not in allowed:
            raise DomainError(_("Unknown preference."), errors={field: [_("Unknown preference.")]})
        setattr(preference, field, value)
    preference.save()
    return preference


# --- Reminders ---------------------------------------------------------------------------


def in_quiet_hours(*, at: dt.time, start: dt.time, end: dt.time) -> bool:
    if start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end  # the quiet hours wrap past midnight


@dataclass(frozen=True)
class _Due:
    user: User
    day: dt.date
    by_email: bool


def _due_reminders(*, now: dt.datetime) -> list[_Due]:
    window = dt.timedelta(minutes=settings.WELLBEING_REMINDER_WINDOW_MINUTES)
    agents = (
        User.objects.filter(is_active=True, memberships__role=Role.AGENT)
        .select_related("wellbeing_preference")
        .distinct()
    )
    due: list[_Due] = []
    for agent in agents:
        try:
            preference = agent.wellbeing_preference
        except WellbeingPreference.DoesNotExist:
            preference = WellbeingPreference(user=agent)  # the defaults, unsaved
        if not preference.reminders_enabled:
            continue
        local = local_now(user=agent, now=now)
        shift_start = dt.datetime.combine(local.date(), preference.shift_start, tzinfo=local.tzinfo)
        if not shift_start <= local < shift_start + window:
            continue
        if in_quiet_hours(
            at=local.time(), start=preference.quiet_hours_start, end=preference.quiet_hours_end
        ):
            continue
        due.append(_Due(agent, local.date(), preference.email_reminders))
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
    from wellbeing.tasks import send_check_in_reminder_email_task

    sent = 0
    for due in _due_reminders(now=now or timezone.now()):
        with transaction.atomic():
            reminder, created = CheckInReminder.objects.get_or_create(
                user=due.user, local_date=due.day, defaults={"by_email": due.by_email}
            )
            if not created:
                continue
            notify(
                user=due.user,
                kind="check_in_reminder",
                message_key="wellbeing.check_in_reminder",
                url=reverse("wellbeing:check_in"),
            )
            if due.by_email:
                # A broker outage costs this e-mail (the in-app reminder above is stored),
                # never the reminders of the people after this one.
                transaction.on_commit(
                    partial(broker.enqueue, send_check_in_reminder_email_task, reminder.pk)
                )
        sent += 1
    return sent


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


def _send_reminder_mail(*, user: Any) -> None:
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
