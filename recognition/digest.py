"""Recognition's sections of the weekly digest (notifications.digests), registered in
RecognitionConfig.ready(). An agent reads only their own week: who thanked them and what
they earned, never a rank or anyone else's numbers."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notifications.digests import Item, Section, Words, local_span, register_section
from people.models import User
from recognition import selectors
from recognition.models import BadgeAward, Kudos

KUDOS_SHOWN = 10


def _more(more: int) -> Words:
    if not more:
        return ""
    return lambda: (
        ngettext("And %(count)s more kudos.", "And %(count)s more kudos.", more) % {"count": more}
    )


def _kudos_item(kudos: Kudos) -> Item:
    def text() -> str:
        if kudos.points_each:
            return _("%(name)s thanked you and gave you %(points)s points.") % {
                "name": kudos.giver,
                "points": kudos.points_each,
            }
        return _("%(name)s thanked you.") % {"name": kudos.giver}

    url = reverse("recognition:kudos_detail", kwargs={"pk": kudos.pk})
    return Item(text=text, detail=kudos.message, url=url)


def kudos_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    start, end = local_span(week_start, week_end)
    count, kudos = selectors.kudos_received_between(
        user=user, start=start, end=end, limit=KUDOS_SHOWN
    )
    if not count:
        return None
    return Section(
        title=gettext_lazy("Kudos you received"),
        items=tuple(_kudos_item(k) for k in kudos),
        note=_more(count - len(kudos)),
        url=reverse("recognition:feed"),
    )


def _badge_item(award: BadgeAward) -> Item:
    return Item(
        # The badge's name in each language (``name`` follows the active one).
        text=lambda: _("You earned the badge “%(badge)s”.") % {"badge": award.badge_class.name},
        url=reverse("recognition:my_badges"),
    )


def badges_and_points_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    start, end = local_span(week_start, week_end)
    badges = list(selectors.badges_earned_between(user=user, start=start, end=end))
    points = selectors.points_earned_between(user=user, start=start, end=end)
    if not badges and not points:
        return None
    items = [_badge_item(award) for award in badges]
    if points:
        items.append(
            Item(
                text=lambda: (
                    ngettext(
                        "You earned %(points)s point.", "You earned %(points)s points.", points
                    )
                    % {"points": points}
                ),
                url=reverse("recognition:my_points"),
            )
        )
    return Section(title=gettext_lazy("What you earned"), items=tuple(items))


def approvals_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    """Reward requests waiting for this lead's (or HR's) decision now."""
    pending = selectors.pending_approvals_count(viewer=user)
    if not pending:
        return None
    return Section(
        title=gettext_lazy("Reward requests"),
        items=(
            Item(
                text=lambda: (
                    ngettext(
                        "%(count)s reward request is waiting for your decision.",
                        "%(count)s reward requests are waiting for your decision.",
                        pending,
                    )
                    % {"count": pending}
                ),
                url=reverse("recognition:approvals"),
            ),
        ),
    )


def register() -> None:
    register_section("recognition.kudos", audience="agent", order=10, build=kudos_section)
    register_section(
        "recognition.earned", audience="agent", order=20, build=badges_and_points_section
    )
    register_section(
        "recognition.approvals", audience=("lead", "hr"), order=10, build=approvals_section
    )
