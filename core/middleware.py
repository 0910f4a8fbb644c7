"""The one page-error path: a service's ``DomainError`` becomes its HTTP answer here.

Page views call services and let refusals fly (the API does the same through
``core.api.exception_handler``). What a person sees:

- 404 and 403: the 404 / 403 page with the error's message (``handler404``/``handler403``);
- 400 and 409 to an HTMX request: the message as plain text with that status (htmx shows it
  where the view's ``hx-target-error`` points, see base.html);
- 400 and 409 to a form post: the message on top of the page the person came from
  (the ``next`` parameter, else ``@refusals_return_to``, else the site's home), by redirect;
- 400 and 409 to anything else: the refusal page with that status and a way back.

Forms that show a refusal next to their fields use ``core.pages.submit`` instead, which
catches 400/409 itself and leaves 403/404 to this middleware.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from core.exceptions import DomainError
from core.pages import back_url


class DomainErrorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, DomainError) or request.path.startswith("/api/"):
            return None
        return response_for_refusal(request, exception)


def response_for_refusal(request: HttpRequest, error: DomainError) -> HttpResponse:
    if error.status_code == 404:
        return response_for_exception(request, Http404(error.message))
    if error.status_code == 403:
        return response_for_exception(request, PermissionDenied(error.message))
    if getattr(request, "htmx", False):
        return HttpResponse(error.message, status=error.status_code, content_type="text/plain")
    if request.method == "POST":
        messages.error(request, error.message)
        return redirect(back_url(request))
    return render(
        request,
        "refused.html",
        {"message": error.message, "back": back_url(request)},
        status=error.status_code,
    )
