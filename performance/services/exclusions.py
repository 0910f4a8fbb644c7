"""HR's exclusions: events of an outage or of coaching time that no rule may count."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import record_audit_event
from people import selectors as people_selectors
from people.models import Team, User
from people.permissions import require_hr
from performance.models import EventType, PerformanceEvent

MAX_RANGE = dt.timedelta(days=31)
MAX_REASON = 200  # PerformanceEvent.exclusion_reason


@transaction.atomic(durable=True)
def exclude_events(
    *,
    actor: User,
    starts: dt.datetime,
    ends: dt.datetime,
    reason: str,
    event_type: EventType | None = None,
    team: Team | None = None,
) -> int:
    """Flag as excluded every event that occurred in [``starts``, ``ends``) — of one type
    and of one team's current agents when given — whether processed yet or not; answers
    how many were flagged now (already excluded ones keep their first reason).

    From now on no rule counts them (``rule_engine`` skips excluded events), but effects
    already given for them (feedback, points, badges) are not undone: points are never
    taken back behind an agent's back. HR's own events are left out (nobody decides about
    themselves, invariant 8)."""
    require_hr(actor, _("Only HR can exclude events."))
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Say why, e.g. “Telephony outage” or “Coaching session”.")]
    elif len(reason) > MAX_REASON:
        errors["reason"] = [_("At most %(count)s characters.") % {"count": MAX_REASON}]
    if timezone.is_naive(starts) or timezone.is_naive(ends):
        errors["starts"] = [_("Give the times with their time zone.")]
    elif ends <= starts:
        errors["ends"] = [_("The end must be after the start.")]
    elif ends - starts > MAX_RANGE:
        errors["ends"] = [_("Exclude at most %(days)s days at a time.") % {"days": MAX_RANGE.days}]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    events = PerformanceEvent.objects.filter(
        occurred_at__gte=starts, occurred_at__lt=ends, excluded=False
    ).exclude(agent=actor)
    if event_type is not None:
        events = events.filter(event_type=event_type)
    if team is not None:
        events = events.filter(agent__in=people_selectors.team_agents(team=team))
    count = events.update(excluded=True, exclusion_reason=reason)
    # The audit row hangs on the team or the event type when given; else on the actor.
    record_audit_event(
        actor=actor,
        verb="events.excluded",
        target=team or event_type or actor,
        data={
            "starts": starts.isoformat(),
            "ends": ends.isoformat(),
            "reason": reason,
            "event_type": event_type.slug if event_type else None,
            "team": team.pk if team else None,
            "count": count,
        },
    )
    return count
