"""A person's roles (design.md, Roles), read once per request and cached on the user.

The one source that ``people.permissions`` (who may do what) and ``people.selectors``
(what they may read) both ask, so neither imports the other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeAlias

from django.contrib.auth.models import AnonymousUser

from people.models import Membership, Role, User

HR_GROUP_NAME = "HR"
_ROLES_ATTR = "_cuida_roles"

# Whoever a request carries: a signed-in person or an anonymous visitor. Predicates and
# selectors that a public page can reach take this; services that write take ``User``.
Person: TypeAlias = User | AnonymousUser


@dataclass(frozen=True)
class Roles:
    is_hr: bool = False
    agent_team_id: int | None = None
    led_team_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_agent(self) -> bool:
        return self.agent_team_id is not None

    @property
    def is_lead(self) -> bool:
        return bool(self.led_team_ids)


def get_roles(user: Person) -> Roles:
    """The user's roles, read once and cached on the user object for the request."""
    if not user.is_authenticated:
        return Roles()
    cached = getattr(user, _ROLES_ATTR, None)
    if cached is not None:
        return cached
    agent_team_id = None
    led: set[int] = set()
    for team_id, role in Membership.objects.filter(user=user).values_list("team_id", "role"):
        if role == Role.AGENT:
            agent_team_id = team_id
        else:
            led.add(team_id)
    roles = Roles(
        is_hr=user.groups.filter(name=HR_GROUP_NAME).exists(),
        agent_team_id=agent_team_id,
        led_team_ids=frozenset(led),
    )
    setattr(user, _ROLES_ATTR, roles)
    return roles


def forget_roles(user: User) -> None:
    """Drop the cached roles after a service changed them."""
    if hasattr(user, _ROLES_ATTR):
        delattr(user, _ROLES_ATTR)
