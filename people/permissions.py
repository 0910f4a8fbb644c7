"""Who may do what: the one vocabulary every app uses (design.md, Roles; docs/architecture.md).

Three layers, one set of words:

- **Predicates** answer a question: ``is_hr(user)``, ``is_lead_of(user, team)``,
  ``leads_agent(lead, agent)``, ``can_view_team(user, team)``...
- **Raising helpers** are what services call before they write: ``require_hr(user)``,
  ``require_lead_of(user, team)``, ``require_leads_agent(lead, agent)``,
  ``require_lead_or_hr(user, team)``,
  ``require_not_self(actor=..., person=...)``. They raise ``PermissionDeniedError``, which the
  API's exception handler and ``core.middleware.DomainErrorMiddleware`` both turn into 403.
- **Edge rules** declare, on each page and API view, who may even ask: the page decorator
  ``@page_rule(HR)`` and the DRF classes ``IsHR``, ``IsLeadOrHR``... built from the same
  ``Rule`` objects. ``tests/unit/test_declared_permissions.py`` fails for a view without one.

Object rules ("this team", "this person's plan") live in the services and in the
permission-checked selectors (``get_<thing>_for_user``): an edge rule only says which roles
may reach the view at all.

Role lookups go through ``people.roles.get_roles``, cached on the user object, so several
helpers in one request cost one or two queries in total.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import TYPE_CHECKING, Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from core.exceptions import PermissionDeniedError
from people.roles import HR_GROUP_NAME, Person, get_roles

if TYPE_CHECKING:
    from django.http import HttpRequest
    from rest_framework.request import Request
    from rest_framework.views import APIView

    from people.models import Team, User

__all__ = [
    "HR",
    "HR_GROUP_NAME",
    "LEAD",
    "LEAD_OR_HR",
    "PUBLIC",
    "SIGNED_IN",
    "IsHR",
    "IsLead",
    "IsLeadOrHR",
    "IsSignedIn",
    "Person",
    "Public",
    "Rule",
    "can_view_team",
    "can_view_user",
    "is_agent",
    "is_hr",
    "is_lead",
    "is_lead_of",
    "leads_agent",
    "page_rule",
    "require_hr",
    "require_lead_of",
    "require_lead_or_hr",
    "require_leads_agent",
    "require_not_self",
]

# --- Predicates --------------------------------------------------------------------------


def _team_id(team: Team | int) -> int:
    return team if isinstance(team, int) else team.pk


def is_hr(user: Person) -> bool:
    return bool(user.is_authenticated) and get_roles(user).is_hr


def is_lead(user: Person) -> bool:
    return bool(user.is_authenticated) and bool(get_roles(user).led_team_ids)


def is_agent(user: Person) -> bool:
    return bool(user.is_authenticated) and get_roles(user).agent_team_id is not None


def is_lead_of(user: Person, team: Team | int) -> bool:
    return bool(user.is_authenticated) and _team_id(team) in get_roles(user).led_team_ids


def is_lead_or_hr(user: Person) -> bool:
    return is_hr(user) or is_lead(user)


def leads_agent(lead: Person, agent: User) -> bool:
    """True when ``agent``'s team is one that ``lead`` leads."""
    agent_team_id = get_roles(agent).agent_team_id
    return agent_team_id is not None and is_lead_of(lead, agent_team_id)


def can_view_team(user: Person, team: Team | int) -> bool:
    if not user.is_authenticated:
        return False
    roles = get_roles(user)
    team_id = _team_id(team)
    return roles.is_hr or team_id in roles.led_team_ids or team_id == roles.agent_team_id


def can_view_user(viewer: Person, target: User) -> bool:
    """Profile-level visibility (never wellbeing data: that has its own, stricter rules)."""
    if not viewer.is_authenticated:
        return False
    return viewer.pk == target.pk or is_hr(viewer) or leads_agent(viewer, target)


# --- Raising helpers, for services -------------------------------------------------------


def require_hr(user: Person, message: str | Promise | None = None) -> None:
    if not is_hr(user):
        raise PermissionDeniedError(str(message or _("Only HR can do this.")))


def require_lead_of(user: Person, team: Team | int, message: str | Promise | None = None) -> None:
    if not is_lead_of(user, team):
        raise PermissionDeniedError(str(message or _("Only this team's leads can do this.")))


def require_leads_agent(lead: Person, agent: User, message: str | Promise | None = None) -> None:
    """``require_lead_of`` the team ``agent`` belongs to (refused when they have none)."""
    if not leads_agent(lead, agent):
        raise PermissionDeniedError(str(message or _("Only this team's leads can do this.")))


def require_lead_or_hr(
    user: Person, team: Team | int | None = None, message: str | Promise | None = None
) -> None:
    """HR, or a lead: of ``team`` when one is given, of any team otherwise."""
    allowed = is_lead_of(user, team) if team is not None else is_lead(user)
    if not (allowed or is_hr(user)):
        raise PermissionDeniedError(str(message or _("Only team leads and HR can do this.")))


def require_not_self(*, actor: Person | None, person: User | int, message: str | Promise) -> None:
    """Nobody decides about themselves (design.md, invariant 8): a service that lets
    ``actor`` award, approve, endorse or place ``person`` (a user or a user id) calls this
    before anything else, so every page and API route that reaches it answers 403 with
    ``message``. ``actor=None`` is the system (a rule, a completed path): never refused."""
    if actor is None or not actor.is_authenticated:
        return
    person_id = person if isinstance(person, int) else person.pk
    if person_id is not None and actor.pk == person_id:
        raise PermissionDeniedError(str(message))


# --- Edge rules: who may reach a page or an API view ------------------------------------


@dataclass(frozen=True)
class Rule:
    """A role-level rule a view declares. ``check`` sees the request's user; ``message`` is
    what the 403 page or API answer says to a signed-in person it refuses."""

    name: str
    check: Callable[[Person], bool]
    message: str | Promise = ""
    signed_in: bool = True


PUBLIC = Rule("public", lambda user: True, signed_in=False)
SIGNED_IN = Rule("signed in", lambda user: bool(user.is_authenticated))
LEAD = Rule("lead", is_lead, _("This page is for team leads."))
HR = Rule("HR", is_hr, _("This page is for HR."))
LEAD_OR_HR = Rule("lead or HR", is_lead_or_hr, _("This page is for team leads and HR."))

View = TypeVar("View", bound=Callable[..., Any])


def page_rule(rule: Rule, *, message: str | Promise | None = None) -> Callable[[View], View]:
    """Declare who may open a page view. Signed-out visitors go to the sign-in page when
    the rule needs a person; a signed-in person the rule refuses gets the 403 page with
    ``message`` (default: the rule's). The rule stays on the view as ``permission_rule``."""

    def decorate(view: View) -> View:
        @wraps(view)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not rule.check(request.user):
                raise PermissionDenied(str(message or rule.message))
            return view(request, *args, **kwargs)

        wrapped: Any = login_required(checked) if rule.signed_in else checked
        wrapped.permission_rule = rule
        return wrapped

    return decorate


class _RulePermission(BasePermission):
    """A DRF permission class made of a ``Rule``: the API and the pages share the rules.
    DRF answers 401/403 "not signed in" before it reads ``message``."""

    rule: Rule = SIGNED_IN
    message: str | Promise = ""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return bool(self.rule.check(request.user))


class Public(_RulePermission):
    rule = PUBLIC


class IsSignedIn(_RulePermission):
    rule = SIGNED_IN


class IsLead(_RulePermission):
    rule = LEAD
    message = _("Only team leads can do this.")


class IsHR(_RulePermission):
    rule = HR
    message = _("Only HR can do this.")


class IsLeadOrHR(_RulePermission):
    rule = LEAD_OR_HR
    message = _("Only team leads and HR can do this.")
