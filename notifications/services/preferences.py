"""Choices about where and when notifications arrive: a person's grid and hours, and
HR's company defaults and locks (``notifications.routing`` reads them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import record_audit_event, record_audit_events
from notifications import routing
from notifications.kinds import KINDS_BY_NAME, PERSONAL_CHANNELS
from notifications.models import ChannelDefault, ChannelPreference, DeliveryHours
from people.permissions import require_hr

if TYPE_CHECKING:
    from people.models import User

__all__ = ["Cell", "set_channel_choices", "set_company_defaults", "set_delivery_hours"]

# (kind name, channel name)
Cell = tuple[str, str]


def _check_cells(cells: Mapping[Cell, object]) -> None:
    unknown = [
        f"{kind}/{channel}"
        for kind, channel in cells
        if kind not in KINDS_BY_NAME or channel not in PERSONAL_CHANNELS
    ]
    if unknown:
        raise DomainError(
            _("Unknown notification kinds or channels: %(cells)s.") % {"cells": ", ".join(unknown)}
        )


@transaction.atomic
def set_channel_choices(*, user: User, choices: Mapping[Cell, bool]) -> int:
    """Save a person's grid. Only choices that differ from the company default are kept,
    so a later change of the default reaches everyone who never chose; a locked cell keeps
    its lock whatever is sent. Returns how many cells now differ from the default."""
    _check_cells(choices)
    grid = routing.grid_for(user_id=user.pk)
    open_cells = {cell: on for cell, on in choices.items() if not grid[cell[0]][cell[1]].locked}
    replaced = Q(pk__in=[])
    for kind, channel in open_cells:
        replaced |= Q(kind=kind, channel=channel)
    ChannelPreference.objects.filter(replaced, user=user).delete()
    own = [
        ChannelPreference(user=user, kind=kind, channel=channel, enabled=enabled)
        for (kind, channel), enabled in open_cells.items()
        if enabled != grid[kind][channel].default
    ]
    ChannelPreference.objects.bulk_create(own)
    record_audit_event(
        actor=user,
        verb="notifications.choices_changed",
        target=user,
        data={f"{p.kind}/{p.channel}": p.enabled for p in own},
    )
    return len(own)


@transaction.atomic
def set_delivery_hours(
    *,
    user: User,
    quiet_hours_start: dt.time,
    quiet_hours_end: dt.time,
    shift_start: dt.time | None,
    shift_end: dt.time | None,
    daily_cap: int,
) -> DeliveryHours:
    """Save when a person may be interrupted; a shift's end needs its start."""
    errors: dict[str, list[str]] = {}
    if shift_end is not None and shift_start is None:
        errors["shift_start"] = [_("Give the start of your shift too.")]
    if shift_start is not None and shift_start == shift_end:
        errors["shift_end"] = [_("Your shift must end at another time than it starts.")]
    if not 1 <= daily_cap <= 100:
        errors["daily_cap"] = [_("Choose between 1 and 100.")]
    if errors:
        raise DomainError(_("Your hours could not be saved."), errors=errors)
    hours, _created = DeliveryHours.objects.update_or_create(
        user=user,
        defaults={
            "quiet_hours_start": quiet_hours_start,
            "quiet_hours_end": quiet_hours_end,
            "shift_start": shift_start,
            "shift_end": shift_end,
            "daily_cap": daily_cap,
        },
    )
    record_audit_event(actor=user, verb="notifications.hours_changed", target=hours)
    return hours


@transaction.atomic
def set_company_defaults(*, actor: User, cells: Mapping[Cell, tuple[bool, bool]]) -> None:
    """HR's default (on/off) and lock for each cell given. A lock keeps the channel on
    for everyone; a person's own "off" for a locked cell stops counting but is kept, so
    lifting the lock gives them back their choice."""
    require_hr(actor)
    _check_cells(cells)
    if any(locked and not enabled for enabled, locked in cells.values()):
        raise DomainError(_("A locked channel is always on."))
    rows = routing.company_defaults()
    changed = []
    for (kind, channel), (enabled, locked) in cells.items():
        row = rows.get((kind, channel))
        current = (
            (row.enabled, row.locked) if row else (channel in KINDS_BY_NAME[kind].channels, False)
        )
        if current == (enabled, locked):
            continue
        if row is None:
            row = ChannelDefault.objects.create(
                kind=kind, channel=channel, enabled=enabled, locked=locked
            )
        else:
            row.enabled, row.locked = enabled, locked
            row.save(update_fields=["enabled", "locked", "updated_at"])
        changed.append((row, {"on": enabled, "locked": locked}))
    record_audit_events(actor=actor, verb="notifications.default_changed", targets=changed)
