"""Reads of the Slack app for HR's page."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from notifications.models import SlackWorkspace
from people.models import User
from people.permissions import require_hr


def workspaces_for(*, viewer: User) -> QuerySet[SlackWorkspace]:
    require_hr(viewer)
    return SlackWorkspace.objects.select_related("installed_by").annotate(
        linked_people=Count("links")
    )


def get_workspace_for_user(*, viewer: User, pk: int) -> SlackWorkspace:
    require_hr(viewer)
    return get_object_or_404(SlackWorkspace, pk=pk, active=True)
