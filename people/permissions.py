"""Who may see and do what. Pages and the API both ask these helpers (design.md, Roles).

Role lookups go through ``people.selectors.get_roles``, which caches them on the user
object, so calling several helpers in one request costs one or two queries in total.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework.permissions import BasePermission

from core.exceptions import PermissionDeniedError
from people.selectors import get_roles

if TYPE_CHECKING:
    from people.models import Team, User

HR_GROUP_NAME = "HR"
# Models HR manage through the admin (``services.ensure_hr_group_permissions``).
HR_MANAGED_MODELS = (
    "wellbeing.moodtag",
    "wellbeing.careresource",
    "recognition.valuetag",
    "recognition.badgeclass",
    "recognition.rewarditem",
    "careers.careertrack",
    "careers.level",
    "careers.requirement",
    "careers.trainingpath",
    "careers.module",
    "careers.quizquestion",
    "careers.quizchoice",
)


def is_hr(user: Any) -> bool:
    return bool(user.is_authenticated) and get_roles(user).is_hr


def require_hr_page(user: Any, message: str | None = None) -> None:
    """HR's pages answer 403 (the 403 page shows ``message``) to everyone else."""
    if not is_hr(user):
        raise PermissionDenied(message or _("This page is for HR."))


def is_lead(user: Any) -> bool:
    return bool(user.is_authenticated) and bool(get_roles(user).led_team_ids)


def is_agent(user: Any) -> bool:
    return bool(user.is_authenticated) and get_roles(user).agent_team_id is not None


def is_lead_of(user: Any, team: Team | int) -> bool:
    team_id = team if isinstance(team, int) else team.pk
    return bool(user.is_authenticated) and team_id in get_roles(user).led_team_ids


def leads_agent(lead: Any, agent: User) -> bool:
    """True when ``agent``'s team is one that ``lead`` leads."""
    agent_team_id = get_roles(agent).agent_team_id
    return agent_team_id is not None and is_lead_of(lead, agent_team_id)


def can_view_team(user: Any, team: Team | int) -> bool:
    if not user.is_authenticated:
        return False
    team_id = team if isinstance(team, int) else team.pk
    roles = get_roles(user)
    return roles.is_hr or team_id in roles.led_team_ids or team_id == roles.agent_team_id


def can_view_user(viewer: Any, target: User) -> bool:
    """Profile-level visibility (never wellbeing data: that has its own, stricter rules)."""
    if not viewer.is_authenticated:
        return False
    return viewer.pk == target.pk or is_hr(viewer) or leads_agent(viewer, target)


def require_not_self(*, actor: Any, person: Any, message: str) -> None:
    """Nobody decides about themselves (design.md, invariant 8): a service that lets
    ``actor`` award, approve, endorse or place ``person`` (a user or a user id) calls this
    before anything else, so every page and API route that reaches it answers 403 with
    ``message``. ``actor=None`` is the system (a rule, a completed path): never refused."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return
    person_id = person if isinstance(person, int) else getattr(person, "pk", None)
    if person_id is not None and actor.pk == person_id:
        raise PermissionDeniedError(message)


class IsHR(BasePermission):
    message = gettext_lazy("Only HR can do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_hr(request.user)


class IsLead(BasePermission):
    message = gettext_lazy("Only team leads can do this.")

    def has_permission(self, request: Any, view: Any) -> bool:
        return is_lead(request.user)
