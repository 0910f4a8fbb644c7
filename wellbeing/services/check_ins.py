"""Writes of one person's check-ins: record today's, share it with the lead or take it
back, and audit who read a shared one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError, NotFoundError
from core.services import record_audit_event, record_audit_events
from people.models import User
from people.roles import get_roles
from people.time import local_today
from wellbeing.disclosure import last_finished_week
from wellbeing.models import NOTE_MAX_LENGTH, CheckIn, MoodTag


def _validate_check_in(
    *,
    user: User,
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
    user: User,
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
        existing = CheckIn.objects.select_for_update().filter(user=user, local_date=today).first()
        created = False
        if existing is not None:
            check_in = existing
        else:
            try:
                with transaction.atomic():
                    check_in = CheckIn.objects.create(
                        user=user, local_date=today, ever_shared=shared_with_lead, **values
                    )
                created = True
            except IntegrityError:
                # A double-submit raced us to the unique (user, day) row: update that one.
                check_in = CheckIn.objects.select_for_update().get(user=user, local_date=today)
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


def _audit_sharing(*, user: User, check_in: CheckIn) -> None:
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
    *, user: User, check_in_id: int, shared: bool, now: dt.datetime | None = None
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


def record_shared_check_in_views(*, viewer: User, check_ins: Sequence[CheckIn]) -> None:
    """Audit every view of someone else's shared check-in (one row per check-in shown).

    One insert for all the rows (``core.services.record_audit_events``).
    """
    record_audit_events(
        actor=viewer,
        verb="checkin.viewed",
        targets=[(c, {"author": c.user_id}) for c in check_ins if c.user_id != viewer.pk],
    )
