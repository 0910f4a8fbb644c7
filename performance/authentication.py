from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from performance.services.keys import authenticate_key


class IntegrationPrincipal:
    """The authenticated caller of the events API: an integration, not a person."""

    is_authenticated = True
    is_active = True
    pk = None

    def __init__(self, api_key: Any) -> None:
        self.api_key = api_key
        self.integration = api_key.integration

    def __str__(self) -> str:
        return f"integration:{self.integration.name}"


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Api-Key <key>``; a revoked key or inactive integration gets 401."""

    keyword = "Api-Key"

    def authenticate(self, request: Request) -> tuple[IntegrationPrincipal, Any] | None:
        header = authentication.get_authorization_header(request).decode(errors="replace")
        if not header.startswith(f"{self.keyword} "):
            return None
        key = authenticate_key(header[len(self.keyword) + 1 :].strip())
        if key is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked API key."))
        return IntegrationPrincipal(key), key

    def authenticate_header(self, request: Request) -> str:
        return self.keyword


class IntegrationRateThrottle(SimpleRateThrottle):
    """Per integration, so one noisy tool cannot starve the others."""

    scope = "events"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        principal = request.user
        if not isinstance(principal, IntegrationPrincipal):
            return None
        return self.cache_format % {"scope": self.scope, "ident": principal.integration.pk}


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "performance.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Api-Key <key>",
        }
