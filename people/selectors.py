from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from people.models import ApiToken, Membership, Role, Team, User
from people.roles import Roles, forget_roles, get_roles

__all__ = ["Roles", "forget_roles", "get_roles"]  # role lookups are reads, found here too


def all_teams() -> QuerySet[Team]:
    """Every team by name: the choices of HR's forms (exclusions, team goals)."""
    return Team.objects.order_by("name")


def teams_visible_to(*, viewer: User) -> QuerySet[Team]:
    roles = get_roles(viewer)
    teams = Team.objects.annotate(
        agent_count=Count("memberships", filter=Q(memberships__role=Role.AGENT))
    ).order_by("name")
    if roles.is_hr:
        return teams
    visible = set(roles.led_team_ids)
    if roles.agent_team_id is not None:
        visible.add(roles.agent_team_id)
    return teams.filter(pk__in=visible)


def get_active_person(*, pk: int) -> User:
    """Someone who can still sign in; 404 for an unknown or deactivated id."""
    return get_object_or_404(User, pk=pk, is_active=True)


def get_team_for_user(*, user: User, pk: int) -> Team:
    """The team, if ``user`` may see it; 404 otherwise (never reveal that it exists)."""
    return get_object_or_404(teams_visible_to(viewer=user), pk=pk)


def get_team_led_by_or_hr(*, user: User, pk: int) -> Team:
    """A team its leads and HR may oversee (trends, feedback). 404 for everyone else, so a
    page never reveals which teams exist."""
    roles = get_roles(user)
    if not (roles.is_hr or pk in roles.led_team_ids):
        raise Http404
    return get_object_or_404(Team, pk=pk)


def team_members(*, team: Team) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(team=team)
        .select_related("user")
        .order_by("role", "user__display_name", "user__email")
    )


def team_agents(*, team: Team | int) -> QuerySet[User]:
    """The active people who are agents of ``team``."""
    return User.objects.filter(memberships__team=team, memberships__role=Role.AGENT, is_active=True)


def agent_team_ids(*, user_ids: Iterable[int]) -> dict[int, int]:
    """The team each of ``user_ids`` is an agent of (people agent of no team are left out);
    one query, for whoever reads many agents' teams at once (rule processing)."""
    return dict(
        Membership.objects.filter(user_id__in=list(user_ids), role=Role.AGENT).values_list(
            "user_id", "team_id"
        )
    )


def team_leads(*, team: Team | int) -> QuerySet[User]:
    return User.objects.filter(memberships__team=team, memberships__role=Role.LEAD)


def people_directory(*, search: str = "") -> QuerySet[User]:
    """Everyone, with their memberships prefetched: one query for people, one for teams."""
    people = User.objects.filter(is_active=True).prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("team"))
    )
    if search:
        people = people.filter(Q(email__icontains=search) | Q(display_name__icontains=search))
    return people.order_by("display_name", "email")


def colleagues() -> QuerySet[User]:
    """Active people who work here. A staff or superuser account counts only when it also
    holds an agent role: the admin's account is nobody's colleague (no kudos to it)."""
    agent_role = Membership.objects.filter(user=OuterRef("pk"), role=Role.AGENT)
    return User.objects.filter(is_active=True).filter(
        Q(is_staff=False, is_superuser=False) | Q(Exists(agent_role))
    )


def emails_by_id(*, user_ids: Iterable[int]) -> dict[int, str]:
    """For operators' reports (``verify_ledger``): one query, whatever the number of ids."""
    return dict(User.objects.filter(pk__in=list(user_ids)).values_list("pk", "email"))


def company_counts() -> dict[str, int]:
    return {
        "teams": Team.objects.count(),
        "agents": Membership.objects.filter(role=Role.AGENT).count(),
        "leads": Membership.objects.filter(role=Role.LEAD).values("user").distinct().count(),
        "people": User.objects.filter(is_active=True).count(),
    }


def api_tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """Live tokens first, newest first."""
    return ApiToken.objects.filter(user=user).order_by(
        F("revoked_at").asc(nulls_first=True), "-created_at", "-id"
    )


def get_api_token_for_user(*, user: User, pk: int) -> ApiToken:
    """One of ``user``'s own tokens; 404 for anyone else's (never reveal that it exists)."""
    return get_object_or_404(ApiToken, pk=pk, user=user)


@dataclass(frozen=True)
class AccountSecurity:
    """What the settings page says about signing in: addresses still waiting for their
    confirmation link (allauth opens two-factor set-up only when there are none) and
    whether an authenticator app is on."""

    unverified_emails: list[str]
    two_factor_on: bool


def account_security(*, user: User) -> AccountSecurity:
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    unverified = EmailAddress.objects.filter(user=user, verified=False).order_by("email")
    return AccountSecurity(
        unverified_emails=list(unverified.values_list("email", flat=True)),
        two_factor_on=Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).exists(),
    )


def person_with_verified_email(*, email: str) -> User | None:
    """The active person who confirmed this address (allauth), if any: how a chat account
    (Slack) is known to be theirs."""
    from allauth.account.models import EmailAddress

    address = (
        EmailAddress.objects.filter(
            email__iexact=email.strip(), verified=True, user__is_active=True
        )
        .select_related("user")
        .first()
    )
    return address.user if address is not None else None
