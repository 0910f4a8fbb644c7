"""What every page view shares: the form-post loop and where a refused action returns.

A page view is: edge rule (``people.permissions.page_rule``) → permission-checked fetch →
form → ``submit`` → render or redirect. Refusals it does not show on a form travel up to
``core.middleware.DomainErrorMiddleware``: no page view catches ``DomainError`` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from core.exceptions import DomainError

T = TypeVar("T")
View = TypeVar("View", bound=Callable[..., Any])

# A refusal shown on the form: a rule broken (400) or a state that changed under the person
# (409). "Not yours" (404) and "not allowed" (403) are pages, not form errors.
INLINE_STATUSES = frozenset({400, 409})


@dataclass(frozen=True)
class Submission(Generic[T]):
    """The outcome of one form post: ``ok`` with the service's ``result``, or the status to
    render the form again with (its errors are on the form)."""

    ok: bool
    status: int
    result: T | None = None

    def __bool__(self) -> bool:
        return self.ok


def add_domain_errors(
    form: forms.BaseForm, error: DomainError, *, fields: Mapping[str, str] | None = None
) -> None:
    """Show a service's error on the form: its message on top, its field errors inline.
    ``fields`` renames service field names to form field names where they differ."""
    form.add_error(None, error.message)
    for key, field_messages in error.errors.items():
        field = (fields or {}).get(key, key)
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def submit(
    form: forms.BaseForm,
    action: Callable[[dict[str, Any]], T],
    *,
    fields: Mapping[str, str] | None = None,
    inline: Collection[int] = INLINE_STATUSES,
) -> Submission[T]:
    """Validate ``form`` and call ``action(form.cleaned_data)`` (one service call).

    An invalid form is a 400; a refusal whose status is in ``inline`` goes on the form with
    that status; any other refusal (403, 404) is raised for the middleware to answer."""
    if not form.is_valid():
        return Submission(ok=False, status=400)
    try:
        result = action(form.cleaned_data)
    except DomainError as error:
        if error.status_code not in inline:
            raise
        add_domain_errors(form, error, fields=fields)
        return Submission(ok=False, status=error.status_code)
    return Submission(ok=True, status=200, result=result)


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """The ``next`` parameter when it points back to this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def refusals_return_to(target: str | Callable[..., str]) -> Callable[[View], View]:
    """Where a refused form post sends the person back when it has no ``next``: a URL name,
    or a function of the request and the view's arguments that returns a URL."""

    def decorate(view: View) -> View:
        view.refusals_return_to = target  # type: ignore[attr-defined]
        return view

    return decorate


def back_url(request: HttpRequest) -> str:
    """Where to send someone whose action was refused (``DomainErrorMiddleware``)."""
    match = request.resolver_match
    target = getattr(match.func, "refusals_return_to", None) if match else None
    if callable(target) and match is not None:
        fallback = target(request, *match.args, **match.kwargs)
    elif isinstance(target, str):
        fallback = reverse(target)
    else:
        fallback = reverse("home")
    return safe_next_url(request, fallback)


def render_showing_secret(
    request: HttpRequest,
    template: str,
    context: Mapping[str, Any],
    *,
    secret: Mapping[str, Any] | None,
    status: int = 200,
) -> HttpResponse:
    """A page that may show a new key or secret (``secret``: its context entries) this once:
    the one response that carries it must not be kept by any cache."""
    response = render(request, template, {**context, **(secret or {})}, status=status)
    if secret:
        add_never_cache_headers(response)
    return response
