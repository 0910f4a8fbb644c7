"""Performance's sections of the weekly digest (notifications.digests), registered in
PerformanceConfig.ready(): an agent's own feedback, and HR's view of the integrations.

Personal bests: the rules have no baseline of a person's own yet (design.md, "compare an
agent with their own baseline"), so there is nothing true to say about them here."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from notifications.digests import Item, Section, local_span, register_section
from people.models import User
from performance import selectors
from performance.models import Feedback

FEEDBACK_SHOWN = 10
COMPLIMENT = gettext_lazy("A customer took the time to thank you.")


def feedback_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    start, end = local_span(week_start, week_end)
    count, feedback = selectors.feedback_between(
        user=user, start=start, end=end, limit=FEEDBACK_SHOWN
    )
    if not count:
        return None
    inbox = reverse("performance:inbox")
    items = tuple(
        Item(
            text=f.text
            if f.kind == Feedback.Kind.PRAISE
            else _("A customer took the time to thank you."),
            detail=f.customer_text,
            url=inbox,
        )
        for f in feedback
    )
    more = count - len(feedback)
    note = (
        ngettext("And %(count)s more.", "And %(count)s more.", more) % {"count": more}
        if more
        else ""
    )
    return Section(title=gettext_lazy("Feedback on your work"), items=items, note=note, url=inbox)


def integrations_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    """When each integration last sent events, and the events that failed. News only when
    something needs HR: a failed event, or an integration silent all week."""
    _start, end = local_span(week_start, week_end)
    integrations = [i for i in selectors.integrations_last_contact() if i.active]
    failed = selectors.events_needing_attention()["failed"]
    if not integrations and not failed:
        return None
    quiet_since = end - dt.timedelta(weeks=1)
    items, silent = [], False
    for integration in integrations:
        last: dt.datetime | None = integration.last_event_at  # type: ignore[attr-defined]
        if last is None:
            text = _("%(name)s has sent no events yet.") % {"name": integration.name}
        else:
            when = formats.date_format(timezone.localtime(last), "SHORT_DATETIME_FORMAT")
            text = _("%(name)s: last events received %(when)s.") % {
                "name": integration.name,
                "when": when,
            }
        silent = silent or last is None or last < quiet_since
        items.append(Item(text=text, url=reverse("performance:integrations")))
    if failed:
        text = ngettext(
            "%(count)s event failed and waits for you.",
            "%(count)s events failed and wait for you.",
            failed,
        ) % {"count": failed}
        items.append(Item(text=text, url=reverse("performance:status")))
    return Section(
        title=gettext_lazy("Integrations"),
        items=tuple(items),
        newsworthy=bool(failed) or silent,
    )


def register() -> None:
    register_section("performance.feedback", audience="agent", order=30, build=feedback_section)
    register_section(
        "performance.integrations", audience="hr", order=30, build=integrations_section
    )
