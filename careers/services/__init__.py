"""Writes of the careers app, one module per entity: tracks (levels and requirements),
training (paths, modules, enrollments), plans (goals and notes) and promotions."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from core.exceptions import PermissionDeniedError
from people.permissions import is_hr


def require_hr(actor: Any) -> None:
    if not is_hr(actor):
        raise PermissionDeniedError(_("Only HR can change career tracks and training."))
