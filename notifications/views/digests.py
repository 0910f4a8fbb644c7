"""A person's weekly digests: the list of past weeks and each digest as it was sent."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from notifications import selectors
from people.http import AuthedRequest
from people.permissions import SIGNED_IN, page_rule

PAGE_SIZE = 20


@page_rule(SIGNED_IN)
def digest_list(request: AuthedRequest) -> HttpResponse:
    page = Paginator(selectors.digests_for(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/digests.html", {"page": page})


@page_rule(SIGNED_IN)
def digest_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    digest = selectors.get_digest_for_user(user=request.user, pk=pk)
    return render(request, "notifications/digest.html", {"digest": digest})
