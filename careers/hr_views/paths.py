"""HR's training paths: the list with the form to create one, and a path's settings with
its modules in order (the modules themselves are in ``modules``)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from careers import selectors
from careers.hr_forms import PathEditForm, PathForm
from careers.hr_views.common import choices, list_with_create_form, neighbours
from careers.models import TrainingPath
from careers.services import training as training_services
from core.pages import submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule


def _path_choices() -> dict[str, list[tuple[int, str]]]:
    return {
        "tracks": choices(selectors.active_tracks()),
        "badges": choices(selectors.active_badges()),
    }


@page_rule(HR)
def paths(request: AuthedRequest) -> HttpResponse:
    form = PathForm(request.POST if request.method == "POST" else None, **_path_choices())
    return list_with_create_form(
        request,
        form=form,
        create=lambda data: training_services.create_path(actor=request.user, **form.path_fields()),
        created=_("Training path “%(name)s” created. Add its modules below."),
        editor="careers:hr_path",
        template="careers/hr/paths.html",
        context={"paths": selectors.training_catalog(include_archived=True)},
    )


def _initial(path: TrainingPath) -> dict[str, object]:
    return {
        "name_en": path.name_en,
        "name_es": path.name_es,
        "description_en": path.description_en,
        "description_es": path.description_es,
        "track": path.track_id or "",
        "badge_class": path.badge_class_id or "",
        "points": path.points,
        "active": path.active,
    }


@page_rule(HR)
def path_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    """A path's settings and its modules in order; a POST saves the settings."""
    current: TrainingPath = selectors.get_path(pk=pk)
    path_choices = _path_choices()
    # A badge retired (or a track archived) since stays listed as the current choice, so
    # saving says so instead of silently dropping it: update_path refuses it either way.
    if current.badge_class is not None and not current.badge_class.active:
        label = _("%(name)s (retired)") % {"name": current.badge_class}
        path_choices["badges"].append((current.badge_class.pk, label))
    if current.track is not None and not current.track.active:
        label = _("%(name)s (archived)") % {"name": current.track}
        path_choices["tracks"].append((current.track.pk, label))
    status = 200
    if request.method == "POST":
        form = PathEditForm(request.POST, **path_choices)
        saved = submit(
            form,
            lambda data: training_services.update_path(
                actor=request.user, path=current, **form.path_fields()
            ),
        )
        if saved:
            messages.success(request, _("Training path saved."))
            return redirect("careers:hr_path", pk=pk)
        status = saved.status
    else:
        form = PathEditForm(initial=_initial(current), **path_choices)
    modules = list(selectors.path_modules(path=current))
    module_ids = [m.pk for m in modules]
    rows = [
        {"module": module, "up": up, "down": down}
        for n, module in enumerate(modules)
        for up, down in [neighbours(module_ids, n)]
    ]
    return render(
        request,
        "careers/hr/path.html",
        {"path": current, "form": form, "rows": rows},
        status=status,
    )
