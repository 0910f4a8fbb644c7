"""Careers' sections of the weekly digest (notifications.digests), registered in
CareersConfig.ready(): for a lead, who in their teams is ready for an endorsement and which
endorsements wait for HR; for HR, the promotion queue."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from careers import selectors
from notifications.digests import Item, Section, register_section
from people.models import User

SHOWN = 10


def _more(count: int, shown: int) -> str:
    more = count - shown
    return (
        ngettext("And %(count)s more.", "And %(count)s more.", more) % {"count": more}
        if more
        else ""
    )


def endorsements_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    ready = selectors.ready_to_endorse(lead=user)
    waiting = list(selectors.team_promotions_waiting(lead=user)[: SHOWN + 1])
    if not ready and not waiting:
        return None
    items = [
        Item(
            text=_("%(name)s meets every requirement of their target level.") % {"name": agent},
            url=reverse("careers:person_plan", kwargs={"pk": agent.pk}),
        )
        for agent in ready[:SHOWN]
    ]
    items += [
        Item(
            text=_("%(name)s, endorsed for %(level)s, is waiting for HR.")
            % {"name": p.agent, "level": p.to_level.name},
            url=reverse("careers:person_plan", kwargs={"pk": p.agent_id}),
        )
        for p in waiting[:SHOWN]
    ]
    more = max(len(ready) - SHOWN, 0) + max(len(waiting) - SHOWN, 0)
    return Section(
        title=gettext_lazy("Endorsements"),
        items=tuple(items),
        note=_more(more, 0),
        url=reverse("careers:my_team_plans"),
    )


def promotion_queue_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    queue = selectors.promotion_queue().exclude(agent=user)  # nobody decides about themselves
    first = list(queue[: SHOWN + 1])
    if not first:
        return None
    count = len(first) if len(first) <= SHOWN else queue.count()
    items = tuple(
        Item(
            text=_("%(name)s, endorsed for %(level)s by %(lead)s.")
            % {
                "name": p.agent,
                "level": p.to_level.name,
                "lead": p.endorsed_by or _("a lead who has left"),
            },
        )
        for p in first[:SHOWN]
    )
    return Section(
        title=gettext_lazy("Promotions waiting for your decision"),
        items=items,
        note=_more(count, len(items)),
        url=reverse("careers:promotion_queue"),
    )


def register() -> None:
    register_section("careers.endorsements", audience="lead", order=20, build=endorsements_section)
    register_section(
        "careers.promotion_queue", audience="hr", order=20, build=promotion_queue_section
    )
