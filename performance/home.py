"""Performance's cards on the home page (people.home gathers them through
PerformanceConfig)."""

from __future__ import annotations

from people.home import HomeCard
from people.models import User
from performance import selectors


def feedback_card(*, user: User) -> HomeCard:
    """The unread count is ``unread_feedback`` from performance.context_processors: the
    number the navigation shows, counted once per page."""
    return HomeCard(
        template="performance/partials/home_feedback.html",
        order=30,
        context={
            "days": selectors.HOME_RECENT_DAYS,
            "recent": selectors.recent_feedback_count(user=user),
        },
    )


def events_card(*, user: User) -> HomeCard:
    return HomeCard(
        template="performance/partials/home_events.html",
        order=20,
        context={
            **selectors.events_needing_attention(),
            "integrations": list(selectors.integrations_last_contact()),
        },
    )
