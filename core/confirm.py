"""A confirmation step for irreversible button presses (spending points, revoking a badge,
reordering a live track): the first POST answers a page that says what will happen, and
only a second POST carrying ``confirm=yes`` does it. Works without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "confirm"
CONFIRM_VALUE = "yes"


def confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == CONFIRM_VALUE


def confirmation_page(
    request: HttpRequest,
    *,
    title: str,
    action: str,
    confirm_label: str,
    cancel_url: str,
    facts: Sequence[tuple[Any, Any]] = (),
    fields: Iterable[tuple[str, Any]] = (),
    warning: str = "",
    blocked: str = "",
    status: int = 200,
) -> HttpResponse:
    """``facts`` are (label, value) rows; ``fields`` the hidden inputs the second POST
    repeats; ``blocked`` explains why there is nothing to confirm (no button then)."""
    return render(
        request,
        "confirm.html",
        {
            "title": title,
            "action": action,
            "confirm_label": confirm_label,
            "cancel_url": cancel_url,
            "facts": facts,
            "fields": list(fields),
            "warning": warning,
            "blocked": blocked,
            "confirm_field": CONFIRM_FIELD,
            "confirm_value": CONFIRM_VALUE,
        },
        status=status,
    )
