"""HR's career pages (tracks editor, training editor, promotion queue, readiness)."""

from django.urls import path

from careers import hr_views

urlpatterns = [
    path("readiness/", hr_views.readiness, name="hr_readiness"),
]
