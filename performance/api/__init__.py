"""Performance API: the integrations' events (``events``) and HR's rules (``rules``).

The events names stay importable from here (``performance.api.IsIntegration`` is what
``tests/unit/test_declared_permissions.py`` names)."""

from performance.api.events import (
    EventIngestApi,
    EventResultSerializer,
    IsIntegration,
    PayloadTooLarge,
)
from performance.api.rules import RuleDetailApi, RuleListCreateApi, RulePreviewApi

__all__ = [
    "EventIngestApi",
    "EventResultSerializer",
    "IsIntegration",
    "PayloadTooLarge",
    "RuleDetailApi",
    "RuleListCreateApi",
    "RulePreviewApi",
]
