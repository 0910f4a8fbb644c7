"""Helpers the page views of every app share."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from core.exceptions import DomainError


def add_domain_errors(
    form: forms.Form, error: DomainError, *, fields: dict[str, str] | None = None
) -> None:
    """Show a service's error on the form: its message on top, its field errors inline.
    ``fields`` renames service field names to form field names where they differ."""
    form.add_error(None, error.message)
    for key, field_messages in error.errors.items():
        field = (fields or {}).get(key, key)
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)


def safe_next_url(request: HttpRequest, fallback: str) -> str:
    """The ``next`` parameter when it points back to this site, else ``fallback``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
