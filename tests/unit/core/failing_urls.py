"""The project's URLs plus two that fail, for the server-error page tests
(tests/unit/core/test_error_pages.py)."""

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler404, handler500, urlpatterns

__all__ = ["handler404", "handler500", "urlpatterns"]


def database_down(request: HttpRequest) -> HttpResponse:
    raise OperationalError("connection to server at 127.0.0.1:5432 refused")


urlpatterns = [
    path("test-failure/", database_down),
    path("api/v1/test-failure/", database_down),
    *urlpatterns,
]
