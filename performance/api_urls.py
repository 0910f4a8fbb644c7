"""Performance API routes, included under /api/v1/ by config/urls.py."""

from django.urls import include, path

from performance import api

urlpatterns = [
    path("events/", api.EventIngestApi.as_view(), name="events-ingest"),
    path("performance/", include("performance.api_event_types_urls")),
]
