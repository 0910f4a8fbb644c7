"""The levels of a track, in the track editor: add one (at a position), rename it, delete
it (when nobody holds, held or aims for it) and change their order, which asks to confirm
first when people are placed on the track."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from careers import selectors
from careers.hr_forms import AddLevelForm, LevelForm
from careers.hr_views.common import anchor, save_order
from careers.hr_views.tracks import track_page
from careers.models import CareerTrack
from careers.services import tracks as track_services
from core.confirm import confirmation_page, confirmed
from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule


@require_POST
@page_rule(HR)
def level_add(request: AuthedRequest, pk: int) -> HttpResponse:
    current = selectors.get_track(pk=pk)
    form = AddLevelForm(request.POST, levels=list(current.levels.all()), auto_id="id_add_%s")
    added = submit(
        form,
        lambda data: track_services.add_level(actor=request.user, track=current, **data),
    )
    level = added.result
    if level is None:
        return track_page(request, pk=pk, bound={"add_level": form}, status=added.status)
    messages.success(request, _("Level “%(name)s” added.") % {"name": level.name})
    return redirect(anchor("hr_track", pk, f"level-{level.pk}"))


@require_POST
@page_rule(HR)
def level_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    level = selectors.get_level(pk=pk)
    form = LevelForm(request.POST, auto_id=f"id_level{pk}_%s")
    saved = submit(
        form,
        lambda data: track_services.update_level(actor=request.user, level=level, **data),
    )
    if not saved:
        return track_page(
            request, pk=level.track_id, bound={("level", pk): form}, status=saved.status
        )
    messages.success(request, _("Level saved."))
    return redirect(anchor("hr_track", level.track_id, f"level-{pk}"))


def _at_level(request: HttpRequest, pk: int) -> str:
    """The level in the track editor, where a refused deletion is explained."""
    return anchor("hr_track", selectors.get_level(pk=pk).track_id, f"level-{pk}")


@require_POST
@page_rule(HR)
@refusals_return_to(_at_level)
def level_delete(request: AuthedRequest, pk: int) -> HttpResponse:
    level = selectors.get_level(pk=pk)
    track_services.delete_level(actor=request.user, level=level)
    messages.success(request, _("Level “%(name)s” deleted.") % {"name": level.name})
    return redirect(anchor("hr_track", level.track_id, "levels"))


def _confirm_reorder(
    request: AuthedRequest, *, track: CareerTrack, level_ids: list[str], placed: int
) -> HttpResponse | None:
    """The confirmation step, or None when the ids are not this track's levels (a stale
    page or a forged form): then the service refuses and explains."""
    levels = {str(level.pk): level.name for level in selectors.track_ladder(track_id=track.pk)}
    if sorted(level_ids) != sorted(levels):
        return None
    return confirmation_page(
        request,
        title=_("Change the order of the levels of “%(track)s”?") % {"track": track.name},
        facts=[
            (_("Now"), " → ".join(levels.values())),
            (_("After"), " → ".join(levels[pk] for pk in level_ids)),
        ],
        warning=ngettext(
            "%(count)s person holds or aims for a level of this track: the new order changes "
            "which level comes next for them.",
            "%(count)s people hold or aim for a level of this track: the new order changes "
            "which level comes next for them.",
            placed,
        )
        % {"count": placed},
        action=reverse("careers:hr_levels_reorder", args=[track.pk]),
        fields=[("ids", pk) for pk in level_ids],
        confirm_label=_("Yes, change the order"),
        cancel_url=anchor("hr_track", track.pk, "levels"),
    )


@require_POST
@page_rule(HR)
def levels_reorder(request: AuthedRequest, pk: int) -> HttpResponse:
    """A track with people placed on it asks to confirm a new order first: what a level
    above or below means changes for them."""
    current = selectors.get_track(pk=pk)
    placed = selectors.people_placed_on_track(track=current)
    if placed and not confirmed(request):
        level_ids = request.POST.getlist("ids")
        step = _confirm_reorder(request, track=current, level_ids=level_ids, placed=placed)
        if step is not None:
            return step
    save_order(
        request,
        lambda ids: track_services.reorder_levels(actor=request.user, track=current, level_ids=ids),
        saved=_("Order of the levels saved."),
    )
    return redirect(anchor("hr_track", pk, "levels"))
