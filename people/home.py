"""The home page's cards, gathered from the apps that own them.

people sits below wellbeing, recognition, performance and careers (design.md: apps depend
downward only, and nothing imports wellbeing), so it cannot ask them for their numbers.
Each app instead names its card builders on its AppConfig, as ``demo_seeder`` does:

    home_cards = {"agent": ("wellbeing.home.check_in_card",), "lead": (...), "hr": (...)}

A builder takes ``user`` (keyword) and returns a ``HomeCard`` or None (nothing to show for
this person). It reads through its own app's selectors and keeps to a fixed number of
queries, whatever the amount of data: tests/unit/people/test_home.py pins each role's home.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.utils.module_loading import import_string

from people.selectors import Roles

if TYPE_CHECKING:
    from people.models import User

ROLES = ("agent", "lead", "hr")


@dataclass(frozen=True)
class HomeCard:
    """One card: the template that draws it, what it needs, and where it goes (lower
    ``order`` first)."""

    template: str
    order: int
    context: dict[str, Any] = field(default_factory=dict)


CardBuilder = Callable[..., HomeCard | None]


@cache
def card_builders() -> dict[str, tuple[CardBuilder, ...]]:
    """Builders per role, read once from the installed apps."""
    found: dict[str, list[CardBuilder]] = {role: [] for role in ROLES}
    for config in apps.get_app_configs():
        for role, paths in getattr(config, "home_cards", {}).items():
            found[role].extend(import_string(path) for path in paths)
    return {role: tuple(builders) for role, builders in found.items()}


def home_cards(*, user: User, roles: Roles) -> dict[str, list[HomeCard]]:
    """The cards of each role the person holds, in order."""
    held = {"agent": roles.is_agent, "lead": roles.is_lead, "hr": roles.is_hr}
    cards: dict[str, list[HomeCard]] = {}
    for role, builders in card_builders().items():
        if not held[role]:
            continue
        built = [card for build in builders if (card := build(user=user)) is not None]
        cards[role] = sorted(built, key=lambda card: card.order)
    return cards
