"""What HR's careers pages share: choice lists, move buttons, anchors and the reorder
buttons' form post."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from careers import selectors
from careers.hr_forms import OrderForm
from careers.models.base import NamedBilingual
from core.pages import submit
from people.http import AuthedRequest


def choices(rows: Iterable[Model]) -> list[tuple[int, str]]:
    return [(row.pk, str(row)) for row in rows]


def requirement_choices() -> dict[str, list[tuple[int, str]]]:
    """What a requirement can name, for ``RequirementForm``: read once per page."""
    return {
        "badges": choices(selectors.active_badges()),
        "paths": choices(selectors.active_paths()),
        "event_types": choices(selectors.active_event_types()),
    }


def neighbours(ids: Sequence[int], index: int) -> tuple[list[int] | None, list[int] | None]:
    """The whole order with item ``index`` moved up, and moved down (None at either end);
    reorder services take the full new order, never a single move."""
    up = down = None
    if index > 0:
        up = list(ids)
        up[index - 1], up[index] = up[index], up[index - 1]
    if index < len(ids) - 1:
        down = list(ids)
        down[index + 1], down[index] = down[index], down[index + 1]
    return up, down


def anchor(name: str, pk: int, fragment: str = "") -> str:
    url = reverse(f"careers:{name}", args=[pk])
    return f"{url}#{fragment}" if fragment else url


def _refusal_text(form: forms.BaseForm) -> str:
    """A refusal in one line: the service's message, then each problem it listed."""
    text, *details = [str(message) for errors in form.errors.values() for message in errors]
    if details and details != [text]:
        text = f"{text} ({'; '.join(details)})"
    return text


def save_order(request: AuthedRequest, save: Callable[[Any], object], *, saved: str) -> None:
    """A move button posts the list's whole new order; ``save`` hands it to the reorder
    service. The outcome is a message on the page the view redirects to: ``saved``, or the
    refusal with what was wrong ("listed more than once: 3")."""
    form = OrderForm(request.POST)
    if submit(form, lambda data: save(data["ids"])):
        messages.success(request, saved)
    else:
        messages.error(request, _refusal_text(form))


def list_with_create_form(
    request: AuthedRequest,
    *,
    form: forms.BaseForm,
    create: Callable[[dict[str, Any]], NamedBilingual],
    created: str,
    editor: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A catalog's list page with the form to add one: a valid post opens the new record's
    ``editor`` with ``created`` (naming it as ``%(name)s``); else the list, the form's
    errors and the status ``submit`` gave."""
    status = 200
    if request.method == "POST":
        submission = submit(form, create)
        if submission.result is not None:
            messages.success(request, created % {"name": submission.result.name})
            return redirect(editor, pk=submission.result.pk)
        status = submission.status
    return render(request, template, {**context, "form": form}, status=status)
