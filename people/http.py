"""Request types for views that the edge rules have let in.

``@page_rule(...)`` with any rule but ``PUBLIC`` and DRF's ``IsSignedIn``-style classes make
sure a person is signed in; annotating the view's request as ``AuthedRequest`` tells the type
checker so (django-stubs' documented pattern), and ``person_of`` does it for DRF requests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from people.models import User

if TYPE_CHECKING:
    from rest_framework.request import Request


class AuthedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails  # django_htmx.middleware.HtmxMiddleware sets it on every request


def person_of(request: HttpRequest | Request) -> User:
    """The signed-in person behind a request an edge rule has already checked."""
    user = request.user
    if not isinstance(user, User):
        raise TypeError("A signed-in person was expected: is the view's rule declared?")
    return user
