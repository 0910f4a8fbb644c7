"""Writes of the careers app, one module per entity: tracks and levels, requirements,
training paths, modules and enrollments, plans (goals and notes) and promotions.

Each service checks who may act with ``people.permissions``' raising helpers before it
writes; HR-only services refuse with ``HR_ONLY``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

HR_ONLY = _("Only HR can change career tracks and training.")
