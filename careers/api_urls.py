"""Careers API routes, included under /api/v1/ by config/urls.py."""

urlpatterns: list = []
