"""Careers' sections of the weekly digest (notifications.digests), registered in
CareersConfig.ready(): for a lead, who in their teams is ready for an endorsement and which
endorsements wait for HR; for HR, the promotion queue."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from careers import selectors
from careers.models import Promotion
from notifications.digests import Item, Section, Words, register_section
from people.models import User

SHOWN = 10


def _more(more: int) -> Words:
    if more <= 0:
        return ""
    return lambda: ngettext("And %(count)s more.", "And %(count)s more.", more) % {"count": more}


def _ready_item(agent: User) -> Item:
    return Item(
        text=lambda: _("%(name)s meets every requirement of their target level.") % {"name": agent},
        url=reverse("careers:person_plan", kwargs={"pk": agent.pk}),
    )


def _waiting_item(promotion: Promotion) -> Item:
    # ``to_level.name`` follows the active language: the level's name in each.
    return Item(
        text=lambda: (
            _("%(name)s, endorsed for %(level)s, is waiting for HR.")
            % {"name": promotion.agent, "level": promotion.to_level.name}
        ),
        url=reverse("careers:person_plan", kwargs={"pk": promotion.agent_id}),
    )


def endorsements_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    ready = selectors.ready_to_endorse(lead=user)
    waiting = selectors.team_promotions_waiting(lead=user)
    first = list(waiting[: SHOWN + 1])
    if not ready and not first:
        return None
    waiting_count = len(first) if len(first) <= SHOWN else waiting.count()
    items = [_ready_item(agent) for agent in ready[:SHOWN]]
    items += [_waiting_item(p) for p in first[:SHOWN]]
    return Section(
        title=gettext_lazy("Endorsements"),
        items=tuple(items),
        note=_more(len(ready) + waiting_count - len(items)),
        url=reverse("careers:my_team_plans"),
    )


def _queue_item(promotion: Promotion) -> Item:
    def text() -> str:
        lead = promotion.endorsed_by or _("a lead who has left")
        return _("%(name)s, endorsed for %(level)s by %(lead)s.") % {
            "name": promotion.agent,
            "level": promotion.to_level.name,
            "lead": lead,
        }

    return Item(text=text)


def promotion_queue_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    queue = selectors.promotion_queue().exclude(agent=user)  # nobody decides about themselves
    first = list(queue[: SHOWN + 1])
    if not first:
        return None
    count = len(first) if len(first) <= SHOWN else queue.count()
    items = tuple(_queue_item(p) for p in first[:SHOWN])
    return Section(
        title=gettext_lazy("Promotions waiting for your decision"),
        items=items,
        note=_more(count - len(items)),
        url=reverse("careers:promotion_queue"),
    )


def register() -> None:
    register_section("careers.endorsements", audience="lead", order=20, build=endorsements_section)
    register_section(
        "careers.promotion_queue", audience="hr", order=20, build=promotion_queue_section
    )
