"""Which channels a notification takes and when it may arrive: HR's defaults and locks, the
person's grid, their quiet and shift hours. Reads only; ``services.deliveries`` acts on it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from notifications.kinds import KINDS_BY_NAME, PERSONAL_CHANNELS, NotificationKind
from notifications.models import ChannelDefault, ChannelPreference, DeliveryHours


@dataclass(frozen=True)
class Choice:
    """One cell of a person's grid: on or off, and whether HR locked it on."""

    enabled: bool
    locked: bool
    default: bool


def company_defaults() -> dict[tuple[str, str], ChannelDefault]:
    return {(d.kind, d.channel): d for d in ChannelDefault.objects.all()}


def is_locked(kind: NotificationKind, channel: str) -> bool:
    """HR keep ``kind`` on ``channel`` for everyone (one query)."""
    return ChannelDefault.objects.filter(kind=kind.name, channel=channel, locked=True).exists()


def choice(
    kind: NotificationKind,
    channel: str,
    *,
    defaults: dict[tuple[str, str], ChannelDefault],
    own: bool | None,
) -> Choice:
    """HR's lock wins; then the person's own choice; then HR's default; then the kind's."""
    company = defaults.get((kind.name, channel))
    default = company.enabled if company else channel in kind.channels
    if company is not None and company.locked:
        return Choice(enabled=True, locked=True, default=True)
    return Choice(enabled=default if own is None else own, locked=False, default=default)


def grid_for(*, user_id: int) -> dict[str, dict[str, Choice]]:
    """Kind name → channel → choice, for the preferences page (two queries)."""
    defaults = company_defaults()
    own = {
        (p.kind, p.channel): p.enabled for p in ChannelPreference.objects.filter(user_id=user_id)
    }
    return {
        name: {
            channel: choice(kind, channel, defaults=defaults, own=own.get((name, channel)))
            for channel in PERSONAL_CHANNELS
        }
        for name, kind in KINDS_BY_NAME.items()
    }


def channels_on(*, kind: NotificationKind, user_ids: Collection[int]) -> dict[str, set[int]]:
    """Channel → the people among ``user_ids`` who get ``kind`` on it (two queries)."""
    defaults = company_defaults()
    own: dict[tuple[int, str], bool] = {
        (user_id, channel): enabled
        for user_id, channel, enabled in ChannelPreference.objects.filter(
            kind=kind.name, user_id__in=user_ids
        ).values_list("user_id", "channel", "enabled")
    }
    return {
        channel: {
            user_id
            for user_id in user_ids
            if choice(kind, channel, defaults=defaults, own=own.get((user_id, channel))).enabled
        }
        for channel in PERSONAL_CHANNELS
    }


def hours_of(*, user_id: int) -> DeliveryHours:
    """The person's hours, or the defaults (unsaved) when they never set any."""
    return DeliveryHours.objects.filter(user_id=user_id).first() or DeliveryHours(user_id=user_id)


def hours_by_user(*, user_ids: Collection[int]) -> dict[int, DeliveryHours]:
    """Each person's hours, the defaults (unsaved) for those who never set any (one query)."""
    saved = {h.user_id: h for h in DeliveryHours.objects.filter(user_id__in=user_ids)}
    return {user_id: saved.get(user_id) or DeliveryHours(user_id=user_id) for user_id in user_ids}


def within(at: dt.time, start: dt.time, end: dt.time) -> bool:
    """``start <= at < end`` on a clock, where the window may wrap past midnight; an empty
    window (start == end) holds nothing."""
    if start == end:
        return False
    if start < end:
        return start <= at < end
    return at >= start or at < end


def _next(local: dt.datetime, clock: dt.time) -> dt.datetime:
    """The first moment at ``clock`` after ``local`` (today or tomorrow), same zone."""
    candidate = dt.datetime.combine(local.date(), clock, tzinfo=local.tzinfo)
    if candidate <= local:
        candidate = dt.datetime.combine(
            local.date() + dt.timedelta(days=1), clock, tzinfo=local.tzinfo
        )
    return candidate


def next_delivery_time(*, local: dt.datetime, hours: DeliveryHours) -> dt.datetime:
    """``local`` (the person's wall clock) or, when it falls in their shift or quiet
    hours, the end of those; a shift that ends inside the quiet hours waits for them too."""
    at = local
    for _window in range(3):
        start, end = hours.shift_start, hours.shift_end
        if start is not None and end is not None and within(at.time(), start, end):
            at = _next(at, end)
            continue
        if within(at.time(), hours.quiet_hours_start, hours.quiet_hours_end):
            at = _next(at, hours.quiet_hours_end)
            continue
        return at
    return at
