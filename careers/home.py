"""Careers' cards on the home page (people.home gathers them through CareersConfig)."""

from __future__ import annotations

from careers import selectors
from people.home import HomeCard
from people.models import User


def career_card(*, user: User) -> HomeCard:
    """Level, readiness for the target level, trainings and the next one due."""
    return HomeCard(
        template="careers/partials/home_card.html",
        order=40,
        context={
            "summary": selectors.career_summary(agent=user),
            "next_due": selectors.next_training_due(user=user),
        },
    )


def endorsements_card(*, user: User) -> HomeCard:
    return HomeCard(
        template="careers/partials/home_endorsements.html",
        order=30,
        context={"ready": selectors.ready_to_endorse_for_home(lead=user)},
    )


def promotions_card(*, user: User) -> HomeCard:
    """Reads ``pending_promotions`` from careers.context_processors: the number the
    navigation shows, counted once per page."""
    return HomeCard(template="careers/partials/home_promotions.html", order=10)
