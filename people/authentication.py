from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from people.services import authenticate_api_token


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """``Authorization: Token <key>`` for a person's scripts, as with DRF's tokens, but the
    key is looked up by its fingerprint (``people.ApiToken``): no key is stored in clear.

    DRF parses the header; a revoked or unknown key, or a deactivated person, gets 401.
    """

    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        token = authenticate_api_token(key=key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return token.user, token
