"""Recognition's sections of the weekly digest (notifications.digests), registered in
RecognitionConfig.ready(). An agent reads only their own week: who thanked them and what
they earned, never a rank or anyone else's numbers."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notifications.digests import Item, Section, local_span, register_section
from people.models import User
from recognition import selectors

KUDOS_SHOWN = 10


def kudos_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    start, end = local_span(week_start, week_end)
    count, kudos = selectors.kudos_received_between(
        user=user, start=start, end=end, limit=KUDOS_SHOWN
    )
    if not count:
        return None
    items = []
    for k in kudos:
        if k.points_each:
            text = _("%(name)s thanked you and gave you %(points)s points.") % {
                "name": k.giver,
                "points": k.points_each,
            }
        else:
            text = _("%(name)s thanked you.") % {"name": k.giver}
        url = reverse("recognition:kudos_detail", kwargs={"pk": k.pk})
        items.append(Item(text=text, detail=k.message, url=url))
    more = count - len(kudos)
    note = (
        ngettext("And %(count)s more kudos.", "And %(count)s more kudos.", more) % {"count": more}
        if more
        else ""
    )
    return Section(
        title=gettext_lazy("Kudos you received"),
        items=tuple(items),
        note=note,
        url=reverse("recognition:feed"),
    )


def badges_and_points_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    start, end = local_span(week_start, week_end)
    badges = list(selectors.badges_earned_between(user=user, start=start, end=end))
    points = selectors.points_earned_between(user=user, start=start, end=end)
    if not badges and not points:
        return None
    items = [
        Item(
            text=_("You earned the badge “%(badge)s”.") % {"badge": award.badge_class.name},
            url=reverse("recognition:my_badges"),
        )
        for award in badges
    ]
    if points:
        text = ngettext("You earned %(points)s point.", "You earned %(points)s points.", points) % {
            "points": points
        }
        items.append(Item(text=text, url=reverse("recognition:my_points")))
    return Section(title=gettext_lazy("What you earned"), items=tuple(items))


def approvals_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    """Reward requests waiting for this lead's (or HR's) decision now."""
    pending = selectors.pending_approvals_count(viewer=user)
    if not pending:
        return None
    text = ngettext(
        "%(count)s reward request is waiting for your decision.",
        "%(count)s reward requests are waiting for your decision.",
        pending,
    ) % {"count": pending}
    return Section(
        title=gettext_lazy("Reward requests"),
        items=(Item(text=text, url=reverse("recognition:approvals")),),
    )


def register() -> None:
    register_section("recognition.kudos", audience="agent", order=10, build=kudos_section)
    register_section(
        "recognition.earned", audience="agent", order=20, build=badges_and_points_section
    )
    register_section(
        "recognition.approvals", audience=("lead", "hr"), order=10, build=approvals_section
    )
