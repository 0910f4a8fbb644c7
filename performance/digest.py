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

from notifications.digests import Item, Section, Words, local_span, register_section
from people.models import User
from performance import selectors
from performance.models import Feedback, Integration

FEEDBACK_SHOWN = 10


def _more(more: int) -> Words:
    if not more:
        return ""
    return lambda: ngettext("And %(count)s more.", "And %(count)s more.", more) % {"count": more}


def _feedback_item(feedback: Feedback, url: str) -> Item:
    def text() -> str:
        # Praise in each language as the rule wrote it; a compliment's words are the customer's.
        if feedback.kind == Feedback.Kind.PRAISE:
            return feedback.text
        return _("A customer took the time to thank you.")

    return Item(text=text, detail=feedback.customer_text, url=url)


def feedback_section(user: User, week_start: dt.date, week_end: dt.date) -> Section | None:
    start, end = local_span(week_start, week_end)
    count, feedback = selectors.feedback_between(
        user=user, start=start, end=end, limit=FEEDBACK_SHOWN
    )
    if not count:
        return None
    inbox = reverse("performance:inbox")
    return Section(
        title=gettext_lazy("Feedback on your work"),
        items=tuple(_feedback_item(f, inbox) for f in feedback),
        note=_more(count - len(feedback)),
        url=inbox,
    )


def _integration_item(integration: Integration, last: dt.datetime | None) -> Item:
    def text() -> str:
        if last is None:
            return _("%(name)s has sent no events yet.") % {"name": integration.name}
        when = formats.date_format(timezone.localtime(last), "SHORT_DATETIME_FORMAT")
        return _("%(name)s: last events received %(when)s.") % {
            "name": integration.name,
            "when": when,
        }

    return Item(text=text, url=reverse("performance:integrations"))


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
        silent = silent or last is None or last < quiet_since
        items.append(_integration_item(integration, last))
    if failed:
        items.append(
            Item(
                text=lambda: (
                    ngettext(
                        "%(count)s event failed and waits for you.",
                        "%(count)s events failed and wait for you.",
                        failed,
                    )
                    % {"count": failed}
                ),
                url=reverse("performance:status"),
            )
        )
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
