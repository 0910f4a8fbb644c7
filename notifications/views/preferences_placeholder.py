"""Stands in for the notification preferences page until it lands, so that
``reverse("notifications:preferences")`` (e-mail footers, the unsubscribe page) resolves."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect

from people.http import AuthedRequest
from people.permissions import SIGNED_IN, page_rule


@page_rule(SIGNED_IN)
def preferences(request: AuthedRequest) -> HttpResponse:
    return redirect("notifications:list")
