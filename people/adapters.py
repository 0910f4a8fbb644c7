from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Accounts are created by HR or the admin, never by public sign-up."""

    def is_open_for_signup(self, request: Any) -> bool:
        return False


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """With an OIDC provider configured, the company's identity provider vouches for people."""

    def is_open_for_signup(self, request: Any, sociallogin: Any) -> bool:
        return bool(settings.OIDC_CLIENT_ID)
