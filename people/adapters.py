from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings
from django.utils import translation


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by HR or the admin, never by public sign-up."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False

    def login(self, request: Any, user: Any) -> None:
        # Switch to the person's language before allauth adds its "signed in" message,
        # so the first page after login speaks one language.
        if user.preferred_language:
            translation.activate(user.preferred_language)
        super().login(request, user)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """With an OIDC provider configured, the company's identity provider vouches for people."""

    def is_open_for_signup(self, request: Any, sociallogin: Any) -> bool:
        return bool(settings.OIDC_CLIENT_ID)
