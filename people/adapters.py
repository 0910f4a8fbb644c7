from contextlib import AbstractContextManager, nullcontext
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import filter_users_by_email
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from notifications.emails import language_of
from people.models import User
from people.time import in_time_zone_of


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by HR or the admin, never by public sign-up."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    def login(self, request: HttpRequest, user: User) -> None:
        # Switch to the person's language before allauth adds its "signed in" message,
        # so the first page after login speaks one language.
        if user.preferred_language:
            translation.activate(user.preferred_language)
        super().login(request, user)

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth renders its e-mails in the language of the request that caused them; an
        # e-mail is read by its recipient, so it speaks the language they chose. Nobody
        # to ask (a reset for an unknown address): the language the request was made in.
        recipient = context.get("user") or next(iter(filter_users_by_email(email)), None)
        language = language_of(recipient) if recipient else translation.get_language()
        # On the recipient's clock too, like every e-mail (notifications.emails.send_email).
        clock: AbstractContextManager[None] = (
            in_time_zone_of(recipient) if isinstance(recipient, User) else nullcontext()
        )
        with translation.override(language), clock:
            super().send_mail(template_prefix, email, context)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """With an OIDC provider configured, the company's identity provider vouches for people."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return bool(settings.OIDC_CLIENT_ID)
