"""Performance API routes, included under /api/v1/ by config/urls.py."""

from django.urls import path

from performance import api, api_event_types_urls

urlpatterns = [
    path("events/", api.EventIngestApi.as_view(), name="events-ingest"),
    path("rules/", api.RuleListCreateApi.as_view(), name="performance-rules"),
    path("rules/<int:pk>/", api.RuleDetailApi.as_view(), name="performance-rule"),
    path("rules/<int:pk>/preview/", api.RulePreviewApi.as_view(), name="performance-rule-preview"),
    *api_event_types_urls.urlpatterns,
]
