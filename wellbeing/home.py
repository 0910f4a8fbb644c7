"""Wellbeing's cards on the home page (people.home gathers them through WellbeingConfig)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from people.home import HomeCard
from wellbeing import selectors

if TYPE_CHECKING:
    from people.models import User


def check_in_card(*, user: User) -> HomeCard:
    """Done today (with a way to change it) or the invitation to check in."""
    return HomeCard(
        template="wellbeing/partials/home_check_in.html",
        order=10,
        context={"check_in": selectors.checked_in_today(user=user)},
    )


def team_care_card(*, user: User) -> HomeCard:
    """Who asked for a chat, and how many checked in today (counts only, from K people)."""
    return HomeCard(
        template="wellbeing/partials/home_team_care.html",
        order=20,
        context={
            "chat_requests": selectors.open_chat_requests_for_lead(lead=user),
            "participation": selectors.participation_today(lead=user),
            "min_group_size": settings.WELLBEING_MIN_GROUP_SIZE,
        },
    )
