"""HR's tracks: the list with the form to create one, and the track editor (the track's
names, its levels with their requirements, and a copy of the whole). The editor's level
and requirement forms post to ``levels`` and ``requirements``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from careers import selectors
from careers.hr_forms import (
    AddLevelForm,
    CopyTrackForm,
    LevelForm,
    RequirementForm,
    TrackEditForm,
    TrackForm,
)
from careers.hr_views.common import list_with_create_form, neighbours, requirement_choices
from careers.models import CareerTrack
from careers.services import tracks as track_services
from core.pages import submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule


@page_rule(HR)
def tracks(request: AuthedRequest) -> HttpResponse:
    return list_with_create_form(
        request,
        form=TrackForm(request.POST if request.method == "POST" else None),
        create=lambda data: track_services.create_track(actor=request.user, **data),
        created=_("Track “%(name)s” created. Add its levels below."),
        editor="careers:hr_track",
        template="careers/hr/tracks.html",
        context={"tracks": selectors.tracks(include_inactive=True)},
    )


def _track_initial(track: CareerTrack) -> dict[str, Any]:
    return {
        "name_en": track.name_en,
        "name_es": track.name_es,
        "description_en": track.description_en,
        "description_es": track.description_es,
        "active": track.active,
    }


def track_page(
    request: AuthedRequest,
    *,
    pk: int,
    bound: dict[Any, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The track editor; ``bound`` holds the one form just posted, so its errors show next
    to the level (or section) it belongs to."""
    bound = bound or {}
    track = selectors.get_track(pk=pk)
    levels = list(track.levels.all())
    choices = requirement_choices()
    level_ids = [level.pk for level in levels]
    rows = []
    for index, level in enumerate(levels):
        requirements = list(level.requirements.all())
        requirement_ids = [r.pk for r in requirements]
        up, down = neighbours(level_ids, index)
        rows.append(
            {
                "level": level,
                "up": up,
                "down": down,
                "form": bound.get(("level", level.pk))
                or LevelForm(
                    initial={
                        "name_en": level.name_en,
                        "name_es": level.name_es,
                        "description_en": level.description_en,
                        "description_es": level.description_es,
                    },
                    auto_id=f"id_level{level.pk}_%s",
                ),
                "requirement_form": bound.get(("requirement", level.pk))
                or RequirementForm(auto_id=f"id_req{level.pk}_%s", **choices),
                "requirements": [
                    {"requirement": r, "up": u, "down": d}
                    for n, r in enumerate(requirements)
                    for u, d in [neighbours(requirement_ids, n)]
                ],
            }
        )
    context = {
        "track": track,
        "rows": rows,
        "track_form": bound.get("track") or TrackEditForm(initial=_track_initial(track)),
        "add_level_form": bound.get("add_level")
        or AddLevelForm(levels=levels, auto_id="id_add_%s"),
        "copy_form": bound.get("copy")
        or CopyTrackForm(
            initial={
                # Each name is in its own language whatever the reader's, so no gettext.
                "name_en": f"{track.name_en} (copy)",
                "name_es": f"{track.name_es} (copia)",
            },
            auto_id="id_copy_%s",
        ),
    }
    return render(request, "careers/hr/track.html", context, status=status)


@page_rule(HR)
def track_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """The track editor; a POST saves the track itself (names, description, active)."""
    if request.method != "POST":
        return track_page(request, pk=pk)
    current = selectors.get_track(pk=pk)
    form = TrackEditForm(request.POST)
    saved = submit(
        form,
        lambda data: track_services.update_track(actor=request.user, track=current, **data),
    )
    if not saved:
        return track_page(request, pk=pk, bound={"track": form}, status=saved.status)
    messages.success(request, _("Track saved."))
    return redirect("careers:hr_track", pk=pk)


@require_POST
@page_rule(HR)
def track_copy(request: AuthedRequest, pk: int) -> HttpResponse:
    source = selectors.get_track(pk=pk)
    form = CopyTrackForm(request.POST, auto_id="id_copy_%s")
    copied = submit(
        form,
        lambda data: track_services.copy_track(actor=request.user, track=source, **data),
    )
    copy = copied.result
    if copy is None:
        return track_page(request, pk=pk, bound={"copy": form}, status=copied.status)
    messages.success(
        request,
        _("“%(name)s” is a copy of “%(source)s”, with its levels and requirements.")
        % {"name": copy.name, "source": source.name},
    )
    return redirect("careers:hr_track", pk=copy.pk)
