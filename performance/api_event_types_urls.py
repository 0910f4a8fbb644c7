"""HR's event types and metrics API, under /api/v1/ beside the rules (performance.api_urls)."""

from django.urls import path

from performance import api_event_types as api

urlpatterns = [
    path("event-types/", api.EventTypeListCreateApi.as_view(), name="event-types"),
    path("event-types/<int:pk>/", api.EventTypeDetailApi.as_view(), name="event-type-detail"),
    path("event-types/<int:pk>/metrics/", api.MetricCreateApi.as_view(), name="metric-create"),
    path("metrics/<int:pk>/", api.MetricDetailApi.as_view(), name="metric-detail"),
]
