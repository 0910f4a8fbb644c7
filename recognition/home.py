"""Recognition's cards on the home page (people.home gathers them through
RecognitionConfig)."""

from __future__ import annotations

from people.home import HomeCard
from people.models import User
from recognition import selectors


def kudos_and_points_card(*, user: User) -> HomeCard:
    count, newest = selectors.recent_kudos_received(user=user)
    return HomeCard(
        template="recognition/partials/home_kudos.html",
        order=20,
        context={
            "new_kudos": count,
            "newest": newest,
            "days": selectors.HOME_RECENT_DAYS,
            "balance": selectors.balance_of(user=user),
        },
    )


def approvals_card(*, user: User) -> HomeCard:
    """Reads ``pending_approvals`` from recognition.context_processors: the number the
    navigation shows, counted once per page."""
    return HomeCard(template="recognition/partials/home_approvals.html", order=10)
