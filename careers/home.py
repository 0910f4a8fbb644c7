"""Careers' cards on the home page (people.home gathers them through CareersConfig)."""

from __future__ import annotations

from typing import Any

from careers import selectors
from people.home import HomeCard


def career_card(*, user: Any) -> HomeCard:
    """Level, readiness for the target level, trainings and the next one due."""
    return HomeCard(
        template="careers/partials/home_card.html",
        order=40,
        context={
            "summary": selectors.career_summary(agent=user),
            "next_due": selectors.next_training_due(user=user),
        },
    )


def endorsements_card(*, user: Any) -> HomeCard:
    return HomeCard(
        template="careers/partials/home_endorsements.html",
        order=30,
        context={"ready": selectors.ready_to_endorse_for_home(lead=user)},
    )


def promotions_card(*, user: Any) -> HomeCard:
    """Reads ``pending_promotions`` from careers.context_processors: the number the
    navigation shows, counted once per page."""
    return HomeCard(template="careers/partials/home_promotions.html", order=10)
