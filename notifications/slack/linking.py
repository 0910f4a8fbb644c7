"""Who a Slack user is in Cuida: the active person whose verified e-mail (allauth) is the
one Slack shows on their profile. Found once with ``users.info``, then remembered."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction

from core.services import record_audit_event
from notifications.models import SlackUserLink, SlackWorkspace
from notifications.slack.client import call
from people.models import User
from people.selectors import person_with_verified_email


@dataclass(frozen=True)
class SlackPerson:
    user: User | None
    locale: str = ""  # Slack's, e.g. "es-LA"; empty when unknown
    email: str = ""


def person_for(*, workspace: SlackWorkspace, slack_user_id: str) -> SlackPerson:
    """The person behind ``slack_user_id``, linking them on first sight; ``user`` is None
    for a Slack user with no Cuida account or no verified address (nothing is written)."""
    link = (
        SlackUserLink.objects.select_related("user")
        .filter(workspace=workspace, slack_user_id=slack_user_id, user__is_active=True)
        .first()
    )
    if link is not None:
        return SlackPerson(link.user, link.locale)
    info = call(
        workspace=workspace, method="users_info", user=slack_user_id, include_locale=True
    ).get("user", {})
    locale = str(info.get("locale") or "")
    email = str(info.get("profile", {}).get("email") or "")
    # Slack marks an address it has not confirmed; bots and deactivated accounts are no one.
    confirmed = info.get("is_email_confirmed", True) is not False
    if not email or not confirmed or info.get("deleted") or info.get("is_bot"):
        return SlackPerson(None, locale, email)
    user = person_with_verified_email(email=email)
    if user is None:
        return SlackPerson(None, locale, email)
    _link(workspace=workspace, slack_user_id=slack_user_id, user=user, locale=locale)
    return SlackPerson(user, locale, email)


def _link(*, workspace: SlackWorkspace, slack_user_id: str, user: User, locale: str) -> None:
    try:
        with transaction.atomic():
            # One Slack account per person per workspace: the newest sighting wins.
            SlackUserLink.objects.filter(workspace=workspace, user=user).exclude(
                slack_user_id=slack_user_id
            ).delete()
            link, created = SlackUserLink.objects.update_or_create(
                workspace=workspace,
                slack_user_id=slack_user_id,
                defaults={"user": user, "locale": locale},
            )
            if created:
                # Their Slack account now acts as them (kudos given, check-ins saved).
                record_audit_event(
                    actor=user,
                    verb="slack.linked",
                    target=link,
                    data={"team_id": workspace.team_id, "slack_user_id": slack_user_id},
                )
    except IntegrityError:
        pass  # a concurrent request linked them first: the same link


def language_for(person: SlackPerson) -> str:
    """Spanish or English: the person's own choice in Cuida, else Slack's locale."""
    if person.user is not None and person.user.preferred_language:
        return person.user.preferred_language
    code = person.locale.split("-")[0].lower()
    available = {language for language, _name in settings.LANGUAGES}
    return code if code in available else settings.LANGUAGE_CODE


def linked_user_ids() -> set[int]:
    return set(
        SlackUserLink.objects.filter(workspace__active=True, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def link_of(*, user: User) -> SlackUserLink | None:
    """The person's Slack account in an active workspace (the newest link)."""
    return (
        SlackUserLink.objects.select_related("workspace")
        .filter(user=user, workspace__active=True)
        .order_by("-linked_at", "-id")
        .first()
    )
