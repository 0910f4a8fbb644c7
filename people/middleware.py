from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


class UserLanguageMiddleware:
    """Signed-in people see their preferred language, whatever their browser says.

    Runs after ``AuthenticationMiddleware``; anonymous visitors keep ``LocaleMiddleware``'s
    choice (cookie, then Accept-Language).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class UserTimeZoneMiddleware:
    """Signed-in people read dates and "today" on their own clock (``User.time_zone``):
    ``timezone.localdate()`` and the templates' dates follow them, not the server. Anonymous
    visitors keep the site's ``TIME_ZONE``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.time_zone:
            with timezone.override(user.time_zone):
                return self.get_response(request)
        return self.get_response(request)
