"""Django REST framework and drf-spectacular settings (``REST_FRAMEWORK`` and
``SPECTACULAR_SETTINGS`` in config/settings.py, which reads the throttle rates from the
environment and passes them in)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def rest_framework(*, throttle_rates: Mapping[str, str]) -> dict[str, Any]:
    """DRF's settings, with the requests a client may make per period by scope ("anon",
    "user", and "events" for the events API's integrations)."""
    return {
        "DEFAULT_AUTHENTICATION_CLASSES": [
            "rest_framework.authentication.SessionAuthentication",
            "people.authentication.ApiTokenAuthentication",
        ],
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
        "DEFAULT_PAGINATION_CLASS": "core.api.Pagination",
        "PAGE_SIZE": 25,
        "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
        "DEFAULT_THROTTLE_CLASSES": [
            "rest_framework.throttling.AnonRateThrottle",
            "rest_framework.throttling.UserRateThrottle",
        ],
        "DEFAULT_THROTTLE_RATES": dict(throttle_rates),
        "DEFAULT_SCHEMA_CLASS": "core.schema.AutoSchema",
        "EXCEPTION_HANDLER": "core.api.exception_handler",
        "TEST_REQUEST_DEFAULT_FORMAT": "json",
    }


SPECTACULAR_SETTINGS: dict[str, Any] = {
    "TITLE": "Cuida API",
    "DESCRIPTION": "Wellbeing and recognition for contact-center agents.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI and Redoc are served from the vendored sidecar package: no CDN at run time.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
