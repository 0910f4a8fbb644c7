from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import keys
from core.exceptions import ConflictError, DomainError
from core.services import record_audit_event
from people.models import ApiToken, Language, Membership, Role, Team, User
from people.permissions import HR_GROUP_NAME, require_not_self
from people.selectors import forget_roles


def create_person(
    *,
    actor: User | None,
    email: str,
    display_name: str,
    password: str | None = None,
    preferred_language: str = Language.SPANISH,
    time_zone: str | None = None,
) -> User:
    """Create an account (public sign-up is off: HR, the admin or SSO create people)."""
    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError(
            _("Someone already uses this e-mail address."),
            errors={"email": [_("Someone already uses this e-mail address.")]},
        )
    extra: dict[str, Any] = {"display_name": display_name, "preferred_language": preferred_language}
    if time_zone:
        extra["time_zone"] = time_zone
    try:
        with transaction.atomic():
            user = User.objects.create_user(email, password, **extra)
            record_audit_event(actor=actor, verb="person.created", target=user)
    except IntegrityError as exc:
        raise ConflictError(_("Someone already uses this e-mail address.")) from exc
    return user


def update_profile(
    *,
    user: User,
    display_name: str | None = None,
    preferred_language: str | None = None,
    time_zone: str | None = None,
) -> User:
    changed: list[str] = []
    if display_name is not None and display_name != user.display_name:
        user.display_name = display_name.strip()
        changed.append("display_name")
    if preferred_language is not None and preferred_language != user.preferred_language:
        if preferred_language not in Language.values:
            raise DomainError(
                _("Unknown language."), errors={"preferred_language": [_("Unknown language.")]}
            )
        user.preferred_language = preferred_language
        changed.append("preferred_language")
    if time_zone is not None and str(time_zone) != str(user.time_zone):
        user.time_zone = time_zone
        changed.append("time_zone")
    if changed:
        user.save(update_fields=changed)
    return user


@transaction.atomic
def assign_agent(*, actor: User | None, user: User, team: Team) -> Membership:
    """Make ``user`` an agent of ``team``, moving them out of any previous team."""
    previous = Membership.objects.select_for_update().filter(user=user, role=Role.AGENT).first()
    if previous is not None and previous.team_id == team.pk:
        return previous
    if Membership.objects.filter(user=user, team=team, role=Role.LEAD).exists():
        raise DomainError(_("A team lead cannot be an agent of the same team."))
    if previous is not None:
        previous.delete()
    membership = Membership.objects.create(user=user, team=team, role=Role.AGENT)
    record_audit_event(
        actor=actor,
        verb="membership.agent_assigned",
        target=user,
        data={"team": team.pk, "previous_team": previous.team_id if previous else None},
    )
    forget_roles(user)
    return membership


@transaction.atomic
def assign_lead(*, actor: User | None, user: User, team: Team) -> Membership:
    require_not_self(
        actor=actor,
        person=user,
        message=_("Nobody makes themselves a team lead: another administrator does."),
    )
    membership, created = Membership.objects.get_or_create(
        user=user, team=team, defaults={"role": Role.LEAD}
    )
    if membership.role != Role.LEAD:
        raise DomainError(_("This person is an agent of the team; move them first."))
    if created:
        record_audit_event(
            actor=actor, verb="membership.lead_assigned", target=user, data={"team": team.pk}
        )
    forget_roles(user)
    return membership


@transaction.atomic
def remove_membership(*, actor: User | None, membership: Membership) -> None:
    record_audit_event(
        actor=actor,
        verb="membership.removed",
        target=membership.user,
        data={"team": membership.team_id, "role": membership.role},
    )
    membership.delete()
    forget_roles(membership.user)


def hr_managed_models() -> set[tuple[str, str]]:
    """(app label, model name) of every model HR manage in the admin: each app's config
    lists its own (``hr_managed_models``), so people never names the apps built on it."""
    return {
        (config.label, model)
        for config in apps.get_app_configs()
        for model in getattr(config, "hr_managed_models", ())
    }


def ensure_hr_group_permissions() -> Group:
    """Give the HR group full admin rights on the models HR manages (and nothing else)."""
    group, _created = Group.objects.get_or_create(name=HR_GROUP_NAME)
    managed = hr_managed_models()
    wanted = Permission.objects.filter(
        content_type__app_label__in={label for label, _model in managed},
    ).select_related("content_type")
    group.permissions.add(*[p for p in wanted if p.content_type.natural_key() in managed])
    return group


@transaction.atomic
def set_hr(*, actor: User | None, user: User, is_hr: bool) -> None:
    """Grant or revoke HR. HR manage their catalogues in the admin, so they get staff access.
    Anyone may step down; nobody grants HR to themselves."""
    if is_hr:
        require_not_self(
            actor=actor,
            person=user,
            message=_("Nobody grants themselves HR: another administrator does."),
        )
    group = ensure_hr_group_permissions()
    if is_hr:
        user.groups.add(group)
        if not user.is_staff:
            user.is_staff = True
            user.save(update_fields=["is_staff"])
    else:
        user.groups.remove(group)
    record_audit_event(
        actor=actor, verb="role.hr_granted" if is_hr else "role.hr_revoked", target=user
    )
    forget_roles(user)


@transaction.atomic
def create_team(*, actor: User | None, name: str, description: str = "") -> Team:
    if Team.objects.filter(name__iexact=name.strip()).exists():
        raise ConflictError(
            _("A team with this name exists."), errors={"name": [_("Already used.")]}
        )
    team = Team.objects.create(name=name.strip(), description=description)
    record_audit_event(actor=actor, verb="team.created", target=team)
    return team


# --- Personal API tokens ---------------------------------------------------------------

# Personal access tokens read "cuidapat_…"; integration keys read "cuida_…".
API_TOKEN_KIND = "cuidapat"  # noqa: S105 (a label, not a secret)


@transaction.atomic
def create_api_token(*, actor: User | None, user: User, name: str = "") -> tuple[ApiToken, str]:
    """Returns (token row, the key). The key is never stored: show it once. ``actor`` is the
    person themselves on their settings page, None for an operator's command."""
    issued = keys.issue_secret(kind=API_TOKEN_KIND)
    token = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=issued.prefix, key_hash=issued.digest
    )
    record_audit_event(
        actor=actor, verb="api_token.created", target=token, data={"prefix": token.prefix}
    )
    return token, issued.secret


@transaction.atomic
def revoke_api_token(*, actor: User, token: ApiToken) -> ApiToken:
    """Revoke a token the caller fetched with ``selectors.get_api_token_for_user``. Revoking
    twice is harmless and audited once."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db(fields=["revoked_at"])
    if revoked:
        record_audit_event(
            actor=actor, verb="api_token.revoked", target=token, data={"prefix": token.prefix}
        )
    return token


def authenticate_api_token(*, key: str) -> ApiToken | None:
    """The live token of an active person matching ``key``, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=keys.fingerprint(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None:
        keys.record_use(token)
    return token


def vouch_for_work_email(*, actor: User | None, user: User) -> bool:
    """Record the account's own address as verified and primary in allauth's e-mail table:
    whoever created the account (HR, the admin, the demo) vouches for the work address, so
    two-factor set-up, which allauth opens only to verified addresses, is open at once.
    Returns whether anything changed; running it again changes nothing."""
    from allauth.account.models import EmailAddress

    with transaction.atomic():
        address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
        if address is not None and address.verified and address.primary:
            return False
        if address is None:
            address = EmailAddress.objects.create(
                user=user, email=user.email, verified=True, primary=False
            )
        elif not address.verified:
            address.verified = True
            address.save(update_fields=["verified"])
        if not address.primary:
            # allauth's own way: the user's other addresses stop being primary first.
            address.set_as_primary()
        record_audit_event(actor=actor, verb="person.email_verified", target=user)
    return True
