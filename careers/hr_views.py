"""HR's careers pages: the tracks editor, the training editor, the promotion queue and the
company's readiness.

Every view asks ``_require_hr`` first (everyone else gets a 403; ``login_required`` sends
anonymous visitors to sign in), then parses a form, fetches through ``careers.selectors``,
calls one service and redirects; a refused write re-renders the page with the errors next
to the form that caused them, at status 400 (409 for a conflict), and writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from careers import selectors
from careers.hr_forms import (
    AddLevelForm,
    CopyTrackForm,
    DeclineForm,
    LevelForm,
    ModuleForm,
    PathEditForm,
    PathForm,
    RequirementForm,
    SetLevelForm,
    TrackEditForm,
    TrackForm,
)
from careers.markdown import render_markdown
from careers.models import CareerTrack, Level, Module, TrainingPath
from careers.services import promotions as promotion_services
from careers.services import tracks as track_services
from careers.services import training as training_services
from core.confirm import confirmation_page, confirmed
from core.exceptions import DomainError
from core.forms import raise_for_status
from core.pages import add_domain_errors
from people.permissions import require_hr_page

READINESS_PAGE_SIZE = 50
QUEUE_PAGE_SIZE = 25


def _status(error: DomainError) -> int:
    """The page's status for a refused write; a missing row is a 404 page, not a form error."""
    if error.status_code == 404:
        raise Http404(error.message)
    return error.status_code


def _refused(request: HttpRequest, error: DomainError) -> None:
    """Show a refused button press (move, delete, decide) as a message on the next page;
    a 404 or a 403 (deciding one's own promotion) is that page instead."""
    raise_for_status(error)
    details = [m for messages_ in error.errors.values() for m in messages_]
    text = error.message
    if details and details != [text]:
        text = f"{text} ({'; '.join(details)})"
    messages.error(request, text)


def _choices(rows: Any) -> list[tuple[int, str]]:
    return [(row.pk, str(row)) for row in rows]


def _neighbours(ids: Sequence[int], index: int) -> tuple[list[int] | None, list[int] | None]:
    """The whole order with item ``index`` moved up, and moved down (None at either end);
    reorder services take the full new order, never a single move."""
    up = down = None
    if index > 0:
        up = list(ids)
        up[index - 1], up[index] = up[index], up[index - 1]
    if index < len(ids) - 1:
        down = list(ids)
        down[index + 1], down[index] = down[index], down[index + 1]
    return up, down


def _anchor(name: str, pk: int, fragment: str = "") -> str:
    url = reverse(f"careers:{name}", args=[pk])
    return f"{url}#{fragment}" if fragment else url


# --- Tracks ------------------------------------------------------------------------------------


@login_required
def tracks(request: HttpRequest) -> HttpResponse:
    require_hr_page(request.user)
    form = TrackForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                track = track_services.create_track(actor=request.user, **form.cleaned_data)
            except DomainError as error:
                status = _status(error)
                add_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Track “%(name)s” created. Add its levels below.") % {"name": track.name},
                )
                return redirect("careers:hr_track", pk=track.pk)
    return render(
        request,
        "careers/hr/tracks.html",
        {"tracks": selectors.tracks(include_inactive=True), "form": form},
        status=status,
    )


def _requirement_choices() -> dict[str, list[tuple[int, str]]]:
    return {
        "badges": _choices(selectors.active_badges()),
        "paths": _choices(selectors.active_paths()),
        "event_types": _choices(selectors.active_event_types()),
    }


def _track_initial(track: CareerTrack) -> dict[str, Any]:
    return {
        "name_en": track.name_en,
        "name_es": track.name_es,
        "description_en": track.description_en,
        "description_es": track.description_es,
        "active": track.active,
    }


def _track_page(
    request: HttpRequest,
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
    requirement_choices = _requirement_choices()
    level_ids = [level.pk for level in levels]
    rows = []
    for index, level in enumerate(levels):
        requirements = list(level.requirements.all())
        requirement_ids = [r.pk for r in requirements]
        up, down = _neighbours(level_ids, index)
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
                or RequirementForm(auto_id=f"id_req{level.pk}_%s", **requirement_choices),
                "requirements": [
                    {"requirement": r, "up": u, "down": d}
                    for n, r in enumerate(requirements)
                    for u, d in [_neighbours(requirement_ids, n)]
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


@login_required
def track_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The track editor; a POST saves the track itself (names, description, active)."""
    require_hr_page(request.user)
    if request.method != "POST":
        return _track_page(request, pk=pk)
    current = selectors.get_track(pk=pk)
    form = TrackEditForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            track_services.update_track(actor=request.user, track=current, **form.cleaned_data)
        except DomainError as error:
            status = _status(error)
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Track saved."))
            return redirect("careers:hr_track", pk=pk)
    return _track_page(request, pk=pk, bound={"track": form}, status=status)


@login_required
@require_POST
def track_copy(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    source = selectors.get_track(pk=pk)
    form = CopyTrackForm(request.POST, auto_id="id_copy_%s")
    status = 400
    if form.is_valid():
        try:
            copy = track_services.copy_track(actor=request.user, track=source, **form.cleaned_data)
        except DomainError as error:
            status = _status(error)
            add_domain_errors(form, error)
        else:
            messages.success(
                request,
                _("“%(name)s” is a copy of “%(source)s”, with its levels and requirements.")
                % {"name": copy.name, "source": source.name},
            )
            return redirect("careers:hr_track", pk=copy.pk)
    return _track_page(request, pk=pk, bound={"copy": form}, status=status)


@login_required
@require_POST
def level_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    current = selectors.get_track(pk=pk)
    form = AddLevelForm(request.POST, levels=list(current.levels.all()), auto_id="id_add_%s")
    status = 400
    if form.is_valid():
        try:
            level = track_services.add_level(actor=request.user, track=current, **form.cleaned_data)
        except DomainError as error:
            status = _status(error)
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Level “%(name)s” added.") % {"name": level.name})
            return redirect(_anchor("hr_track", pk, f"level-{level.pk}"))
    return _track_page(request, pk=pk, bound={"add_level": form}, status=status)


@login_required
@require_POST
def level_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    level = selectors.get_level(pk=pk)
    form = LevelForm(request.POST, auto_id=f"id_level{pk}_%s")
    status = 400
    if form.is_valid():
        try:
            track_services.update_level(actor=request.user, level=level, **form.cleaned_data)
        except DomainError as error:
            status = _status(error)
            add_domain_errors(form, error)
        else:
            messages.success(request, _("Level saved."))
            return redirect(_anchor("hr_track", level.track_id, f"level-{pk}"))
    return _track_page(request, pk=level.track_id, bound={("level", pk): form}, status=status)


@login_required
@require_POST
def level_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    level = selectors.get_level(pk=pk)
    try:
        track_services.delete_level(actor=request.user, level=level)
    except DomainError as error:
        _refused(request, error)
        return redirect(_anchor("hr_track", level.track_id, f"level-{pk}"))
    messages.success(request, _("Level “%(name)s” deleted.") % {"name": level.name})
    return redirect(_anchor("hr_track", level.track_id, "levels"))


def _confirm_reorder(
    request: HttpRequest, *, track: Any, level_ids: list[str], placed: int
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
        cancel_url=_anchor("hr_track", track.pk, "levels"),
    )


@login_required
@require_POST
def levels_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """A track with people placed on it asks to confirm a new order first: what a level
    above or below means changes for them."""
    require_hr_page(request.user)
    current = selectors.get_track(pk=pk)
    level_ids = request.POST.getlist("ids")
    placed = selectors.people_placed_on_track(track=current)
    if placed and not confirmed(request):
        step = _confirm_reorder(request, track=current, level_ids=level_ids, placed=placed)
        if step is not None:
            return step
    try:
        track_services.reorder_levels(actor=request.user, track=current, level_ids=level_ids)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Order of the levels saved."))
    return redirect(_anchor("hr_track", pk, "levels"))


@login_required
@require_POST
def requirement_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    level = selectors.get_level(pk=pk)
    form = RequirementForm(request.POST, auto_id=f"id_req{pk}_%s", **_requirement_choices())
    status = 400
    if form.is_valid():
        try:
            track_services.add_requirement(
                actor=request.user, level=level, **form.requirement_fields()
            )
        except DomainError as error:
            status = _status(error)
            add_domain_errors(form, error)
        else:
            messages.success(
                request, _("Requirement added to “%(level)s”.") % {"level": level.name}
            )
            return redirect(_anchor("hr_track", level.track_id, f"level-{pk}"))
    return _track_page(request, pk=level.track_id, bound={("requirement", pk): form}, status=status)


@login_required
@require_POST
def requirements_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    level = selectors.get_level(pk=pk)
    try:
        track_services.reorder_requirements(
            actor=request.user, level=level, requirement_ids=request.POST.getlist("ids")
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Order of the requirements saved."))
    return redirect(_anchor("hr_track", level.track_id, f"level-{pk}"))


@login_required
@require_POST
def requirement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    requirement = selectors.get_requirement(pk=pk)
    level: Level = requirement.level
    try:
        track_services.delete_requirement(actor=request.user, requirement=requirement)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Requirement removed."))
    return redirect(_anchor("hr_track", level.track_id, f"level-{level.pk}"))


# --- Training paths and modules ---------------------------------------------------------------


def _path_choices() -> dict[str, list[tuple[int, str]]]:
    return {
        "tracks": _choices(selectors.active_tracks()),
        "badges": _choices(selectors.active_badges()),
    }


@login_required
def paths(request: HttpRequest) -> HttpResponse:
    require_hr_page(request.user)
    form = PathForm(request.POST if request.method == "POST" else None, **_path_choices())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                path = training_services.create_path(actor=request.user, **form.path_fields())
            except DomainError as error:
                status = _status(error)
                add_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Training path “%(name)s” created. Add its modules below.")
                    % {"name": path.name},
                )
                return redirect("careers:hr_path", pk=path.pk)
    return render(
        request,
        "careers/hr/paths.html",
        {"paths": selectors.training_catalog(include_archived=True), "form": form},
        status=status,
    )


@login_required
def path_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """A path's settings and its modules in order; a POST saves the settings."""
    require_hr_page(request.user)
    current: TrainingPath = selectors.get_path(pk=pk)
    choices = _path_choices()
    # A badge retired (or a track archived) since stays listed as the current choice, so
    # saving says so instead of silently dropping it: update_path refuses it either way.
    if current.badge_class is not None and not current.badge_class.active:
        label = _("%(name)s (retired)") % {"name": current.badge_class}
        choices["badges"].append((current.badge_class.pk, label))
    if current.track is not None and not current.track.active:
        label = _("%(name)s (archived)") % {"name": current.track}
        choices["tracks"].append((current.track.pk, label))
    status = 200
    if request.method == "POST":
        form = PathEditForm(request.POST, **choices)
        status = 400
        if form.is_valid():
            try:
                training_services.update_path(
                    actor=request.user, path=current, **form.path_fields()
                )
            except DomainError as error:
                status = _status(error)
                add_domain_errors(form, error)
            else:
                messages.success(request, _("Training path saved."))
                return redirect("careers:hr_path", pk=pk)
    else:
        form = PathEditForm(
            initial={
                "name_en": current.name_en,
                "name_es": current.name_es,
                "description_en": current.description_en,
                "description_es": current.description_es,
                "track": current.track_id or "",
                "badge_class": current.badge_class_id or "",
                "points": current.points,
                "active": current.active,
            },
            **choices,
        )
    modules = list(selectors.path_modules(path=current))
    module_ids = [m.pk for m in modules]
    rows = [
        {"module": module, "up": up, "down": down}
        for n, module in enumerate(modules)
        for up, down in [_neighbours(module_ids, n)]
    ]
    return render(
        request,
        "careers/hr/path.html",
        {"path": current, "form": form, "rows": rows},
        status=status,
    )


def _module_page(
    request: HttpRequest, *, path: TrainingPath, module: Module | None
) -> HttpResponse:
    """Add or edit a module. "Preview" shows the Markdown as agents will read it and
    writes nothing; over HTMX only the preview box is sent back."""
    status = 200
    preview = None
    if request.method == "POST" and request.POST.get("action") == "preview":
        preview = {
            "body_en": render_markdown(request.POST.get("body_en", "")),
            "body_es": render_markdown(request.POST.get("body_es", "")),
        }
        if request.htmx:
            return render(request, "careers/hr/partials/module_preview.html", {"preview": preview})
        form = ModuleForm(initial=request.POST.dict())
    elif request.method == "POST":
        form = ModuleForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                if module is None:
                    saved = training_services.add_module(
                        actor=request.user, path=path, **form.module_fields()
                    )
                else:
                    saved = training_services.update_module(
                        actor=request.user, module=module, **form.module_fields()
                    )
            except DomainError as error:
                status = _status(error)
                add_domain_errors(form, error, fields={"questions": "quiz"})
            else:
                messages.success(request, _("Module “%(title)s” saved.") % {"title": saved.title})
                return redirect(_anchor("hr_path", path.pk, f"module-{saved.pk}"))
    else:
        form = ModuleForm(module=module)
    return render(
        request,
        "careers/hr/module_form.html",
        {"path": path, "module": module, "form": form, "preview": preview},
        status=status,
    )


@login_required
def module_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    return _module_page(request, path=selectors.get_path(pk=pk), module=None)


@login_required
def module_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    module = selectors.get_module(pk=pk)
    prefetch_related_objects([module], "questions__choices")
    return _module_page(request, path=module.path, module=module)


@login_required
@require_POST
def modules_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    current = selectors.get_path(pk=pk)
    try:
        training_services.reorder_modules(
            actor=request.user, path=current, module_ids=request.POST.getlist("ids")
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("Order of the modules saved."))
    return redirect(_anchor("hr_path", pk, "modules"))


@login_required
@require_POST
def module_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    module = selectors.get_module(pk=pk)
    try:
        training_services.delete_module(actor=request.user, module=module)
    except DomainError as error:
        _refused(request, error)
        return redirect(_anchor("hr_path", module.path_id, f"module-{pk}"))
    messages.success(request, _("Module “%(title)s” deleted.") % {"title": module.title})
    return redirect(_anchor("hr_path", module.path_id, "modules"))


# --- Promotions ----------------------------------------------------------------------------


def _queue_page(
    request: HttpRequest,
    *,
    bound: dict[int, DeclineForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    bound = bound or {}
    page = Paginator(selectors.promotion_queue(), QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "row": row,
            "decline_form": bound.get(row.promotion.pk)
            or DeclineForm(auto_id=f"id_decline{row.promotion.pk}_%s"),
        }
        for row in selectors.promotion_rows(promotions=page.object_list)
    ]
    return render(
        request, "careers/hr/promotions.html", {"page": page, "rows": rows}, status=status
    )


@login_required
def promotion_queue(request: HttpRequest) -> HttpResponse:
    require_hr_page(request.user)
    return _queue_page(request)


def _decided(request: HttpRequest, error: DomainError) -> HttpResponse:
    """A decision the service refused: already decided (409), one's own (403), gone (404)."""
    _refused(request, error)
    return redirect("careers:promotion_queue")


@login_required
@require_POST
def promotion_approve(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    try:
        promotion = promotion_services.approve(actor=request.user, promotion_id=pk)
    except DomainError as error:
        return _decided(request, error)
    messages.success(
        request,
        _("Approved: %(name)s is now %(level)s.")
        % {"name": promotion.agent, "level": promotion.to_level.name},
    )
    return redirect("careers:promotion_queue")


@login_required
@require_POST
def promotion_decline(request: HttpRequest, pk: int) -> HttpResponse:
    require_hr_page(request.user)
    form = DeclineForm(request.POST, auto_id=f"id_decline{pk}_%s")
    if not form.is_valid():
        messages.error(request, _("Tell the agent and their lead why before declining."))
        return _queue_page(request, bound={pk: form}, status=400)
    try:
        promotion = promotion_services.decline(
            actor=request.user, promotion_id=pk, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        return _decided(request, error)
    messages.success(
        request,
        _("Declined: %(name)s and their lead will read your reason.") % {"name": promotion.agent},
    )
    return redirect("careers:promotion_queue")


@login_required
def set_level(request: HttpRequest, pk: int) -> HttpResponse:
    """HR place a person on a level directly (joining, a correction), with a note."""
    require_hr_page(request.user)
    person = selectors.get_agent_for_plan(viewer=request.user, pk=pk)
    levels = list(selectors.levels_for_targets())
    form = SetLevelForm(request.POST if request.method == "POST" else None, levels=levels)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                promotion_services.set_level(
                    actor=request.user,
                    agent=person,
                    level=form.cleaned_data["level"],
                    note=form.cleaned_data["note"],
                )
            except DomainError as error:
                status = _status(error)
                add_domain_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(name)s is now %(level)s.")
                    % {"name": person, "level": form.cleaned_data["level"]},
                )
                return redirect("careers:hr_set_level", pk=pk)
    return render(
        request,
        "careers/hr/set_level.html",
        {
            "person": person,
            "form": form,
            "history": selectors.level_history(agent=person)[:10],
        },
        status=status,
    )


# --- Company readiness ------------------------------------------------------------------------


@login_required
def readiness(request: HttpRequest) -> HttpResponse:
    """Per target level, how many aim at it and how ready they are; ``?level=`` lists the
    people aiming at one level. The numbers come from ``selectors.company_readiness`` at a
    fixed number of queries, whatever the number of people."""
    require_hr_page(request.user)
    summary, rows = selectors.company_readiness()
    levels: dict[int, Level] = {s.level.pk: s.level for s in summary}
    raw = request.GET.get("level", "")
    level_id = int(raw) if raw.isdigit() and int(raw) in levels else None
    if level_id is not None:
        rows = [r for r in rows if r.readiness.level and r.readiness.level.pk == level_id]
    page = Paginator(rows, READINESS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "summary": summary,
        "page": page,
        "level": levels.get(level_id) if level_id is not None else None,
        "level_id": level_id,
        "total": len(rows),
    }
    if request.htmx:
        return render(request, "careers/hr/partials/readiness_people.html", context)
    return render(request, "careers/hr/readiness.html", context)
