"""The requirements of a level, in the track editor: add one of any kind, change their
order, remove one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.hr_forms import RequirementForm
from careers.hr_views.common import anchor, requirement_choices, save_order
from careers.hr_views.tracks import track_page
from careers.models import Level
from careers.services import tracks as track_services
from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule


@require_POST
@page_rule(HR)
def requirement_add(request: AuthedRequest, pk: int) -> HttpResponse:
    level = selectors.get_level(pk=pk)
    form = RequirementForm(request.POST, auto_id=f"id_req{pk}_%s", **requirement_choices())
    added = submit(
        form,
        lambda data: track_services.add_requirement(
            actor=request.user, level=level, **form.requirement_fields()
        ),
    )
    if not added:
        return track_page(
            request, pk=level.track_id, bound={("requirement", pk): form}, status=added.status
        )
    messages.success(request, _("Requirement added to “%(level)s”.") % {"level": level.name})
    return redirect(anchor("hr_track", level.track_id, f"level-{pk}"))


@require_POST
@page_rule(HR)
def requirements_reorder(request: AuthedRequest, pk: int) -> HttpResponse:
    level = selectors.get_level(pk=pk)
    save_order(
        request,
        lambda ids: track_services.reorder_requirements(
            actor=request.user, level=level, requirement_ids=ids
        ),
        saved=_("Order of the requirements saved."),
    )
    return redirect(anchor("hr_track", level.track_id, f"level-{pk}"))


def _at_its_level(request: HttpRequest, pk: int) -> str:
    level: Level = selectors.get_requirement(pk=pk).level
    return anchor("hr_track", level.track_id, f"level-{level.pk}")


@require_POST
@page_rule(HR)
@refusals_return_to(_at_its_level)
def requirement_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    requirement = selectors.get_requirement(pk=pk)
    level: Level = requirement.level
    track_services.delete_requirement(actor=request.user, requirement=requirement)
    messages.success(request, _("Requirement removed."))
    return redirect(anchor("hr_track", level.track_id, f"level-{level.pk}"))
