"""What HR's recognition pages share: the list's page size and the retire buttons."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect

from people.http import AuthedRequest

HR_PAGE_SIZE = 25


def page_of(request: AuthedRequest, rows: QuerySet[Any]) -> Page[Any]:
    return Paginator(rows, HR_PAGE_SIZE).get_page(request.GET.get("page"))


def set_active(
    request: AuthedRequest,
    *,
    change: Callable[[bool], Any],
    active: bool,
    done: str,
    back_to: str,
    pk: int,
) -> HttpResponse:
    """A retire or reactivate button: ``change(active)`` is the service call, ``done`` the
    message naming the record (``%(name)s``); back to the record's editor."""
    record = change(active)
    messages.success(request, done % {"name": record.name})
    return redirect(back_to, pk=pk)
