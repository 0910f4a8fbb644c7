"""What the agent's and lead's careers pages share."""

from __future__ import annotations

from django.urls import reverse

from people.models import User


def plan_url(viewer: User, agent: User) -> str:
    """The agent's plan as ``viewer`` reaches it: their own page, or the agent's."""
    if viewer.pk == agent.pk:
        return reverse("careers:my_plan")
    return reverse("careers:person_plan", args=[agent.pk])
