"""What the agent's and lead's careers pages share."""

from __future__ import annotations

from django.urls import reverse
from django_htmx.middleware import HtmxDetails

from people.http import AuthedRequest
from people.models import User


class PageRequest(AuthedRequest):
    """A request a ``@page_rule`` view was let in with; ``htmx`` comes from django-htmx's
    middleware."""

    htmx: HtmxDetails


def plan_url(viewer: User, agent: User) -> str:
    """The agent's plan as ``viewer`` reaches it: their own page, or the agent's."""
    if viewer.pk == agent.pk:
        return reverse("careers:my_plan")
    return reverse("careers:person_plan", args=[agent.pk])
