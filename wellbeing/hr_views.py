"""HR's wellbeing content pages: the check-in tags and the care resources, each a list
with the form to add one, an editor, a deactivate / reactivate button and move buttons.
"Preview" shows the tag chip or the resource card as agents see them, in both languages,
and writes nothing. The Django admin stays for staff."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.contrib import messages
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule
from wellbeing import selectors, services
from wellbeing.hr_forms import ActiveForm, CareResourceForm, MoodTagForm, OrderForm
from wellbeing.models import CareResource, MoodTag

TAG_FIELDS = ("name_en", "name_es")
RESOURCE_FIELDS = ("title_en", "title_es", "body_en", "body_es", "url", "phone")


def _moves(ids: Sequence[int]) -> list[tuple[list[int] | None, list[int] | None]]:
    """For each item, the whole order with it moved up and moved down (None at an end):
    the reorder services take the full new order, never a single move."""
    moves = []
    for index in range(len(ids)):
        up = down = None
        if index > 0:
            up = list(ids)
            up[index - 1], up[index] = up[index], up[index - 1]
        if index < len(ids) - 1:
            down = list(ids)
            down[index + 1], down[index] = down[index], down[index + 1]
        moves.append((up, down))
    return moves


def _rows(items: Sequence[Model]) -> list[dict[str, Any]]:
    return [
        {"item": item, "up": up, "down": down}
        for item, (up, down) in zip(items, _moves([i.pk for i in items]), strict=True)
    ]


def _edit(
    request: AuthedRequest,
    *,
    form_class: type[forms.Form],
    fields: Sequence[str],
    instance: Model | None,
    save: Callable[[dict[str, Any]], Model],
    preview: Callable[[dict[str, Any]], Model],
    saved: str,
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """One form on a page, to add or edit: "Preview" renders ``preview(data)`` (an unsaved
    copy) next to the form; "Save" calls ``save`` and goes back to the list with ``saved``
    (naming the item as ``%(name)s``); a refusal shows the form again with its status."""
    status, shown = 200, None
    if request.method == "POST":
        form = form_class(request.POST)
        if request.POST.get("action") == "preview":
            if form.is_valid():
                shown = preview(form.cleaned_data)
            else:
                status = 400
        else:
            done = submit(form, save)
            if done.result is not None:
                messages.success(request, saved % {"name": str(done.result)})
                return redirect(request.path)
            status = done.status
    elif instance is not None:
        form = form_class(initial={name: getattr(instance, name) for name in fields})
    else:
        form = form_class()
    return render(
        request,
        template,
        {**context, "form": form, "preview": shown, "preview_list": [shown] if shown else []},
        status=status,
    )


def _order(request: AuthedRequest, save: Callable[[Any], object], *, saved: str) -> None:
    form = OrderForm(request.POST)
    done = submit(form, lambda data: save(data["ids"] or []))
    if done:
        messages.success(request, saved)
    else:
        messages.error(request, " ".join(str(m) for e in form.errors.values() for m in e))


def _active(request: AuthedRequest, save: Callable[[bool], Model], *, on: str, off: str) -> None:
    form = ActiveForm(request.POST)
    done = submit(form, lambda data: save(data["active"]))
    if done.result is not None:
        active = form.cleaned_data["active"]
        messages.success(request, (on if active else off) % {"name": str(done.result)})
    else:
        messages.error(request, _("Choose whether to deactivate or reactivate it."))


# --- Check-in tags ------------------------------------------------------------------------


def _tag_preview(data: dict[str, Any]) -> MoodTag:
    return MoodTag(name_en=data["name_en"].strip(), name_es=data["name_es"].strip())


@page_rule(HR)
def tags(request: AuthedRequest) -> HttpResponse:
    """Every tag in the order of the check-in form, with the form to add one."""
    items = list(selectors.all_mood_tags())
    return _edit(
        request,
        form_class=MoodTagForm,
        fields=TAG_FIELDS,
        instance=None,
        save=lambda data: services.create_mood_tag(actor=request.user, **data),
        preview=_tag_preview,
        saved=_("Tag “%(name)s” added. Agents see it on the check-in form now."),
        template="wellbeing/hr/tags.html",
        context={"rows": _rows(items), "active_tags": [t for t in items if t.active]},
    )


@page_rule(HR)
def tag_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    tag = selectors.get_mood_tag(pk=pk)
    return _edit(
        request,
        form_class=MoodTagForm,
        fields=TAG_FIELDS,
        instance=tag,
        save=lambda data: services.update_mood_tag(actor=request.user, tag=tag, **data),
        preview=_tag_preview,
        saved=_("Tag “%(name)s” saved."),
        template="wellbeing/hr/tag.html",
        context={"tag": tag},
    )


def _at_tag(request: HttpRequest, pk: int) -> str:
    return reverse("wellbeing:hr_tag", args=[pk])


@require_POST
@page_rule(HR)
@refusals_return_to(_at_tag)
def tag_active(request: AuthedRequest, pk: int) -> HttpResponse:
    tag = selectors.get_mood_tag(pk=pk)
    _active(
        request,
        lambda active: services.set_mood_tag_active(actor=request.user, tag=tag, active=active),
        on=_("Tag “%(name)s” is back on the check-in form."),
        off=_("Tag “%(name)s” deactivated. Check-ins that have it keep it."),
    )
    return redirect("wellbeing:hr_tag", pk=pk)


@require_POST
@page_rule(HR)
@refusals_return_to("wellbeing:hr_tags")
def tags_reorder(request: AuthedRequest) -> HttpResponse:
    _order(
        request,
        lambda ids: services.reorder_mood_tags(actor=request.user, tag_ids=ids),
        saved=_("Order of the tags saved."),
    )
    return redirect("wellbeing:hr_tags")


# --- Care resources -----------------------------------------------------------------------


def _resource_preview(data: dict[str, Any]) -> CareResource:
    return CareResource(**{name: data[name].strip() for name in RESOURCE_FIELDS})


@page_rule(HR)
def resources(request: AuthedRequest) -> HttpResponse:
    """Every care resource in the order agents read them, with the form to add one."""
    items = list(selectors.all_care_resources())
    return _edit(
        request,
        form_class=CareResourceForm,
        fields=RESOURCE_FIELDS,
        instance=None,
        save=lambda data: services.create_care_resource(actor=request.user, **data),
        preview=_resource_preview,
        saved=_("Resource “%(name)s” added."),
        template="wellbeing/hr/resources.html",
        context={"rows": _rows(items), "active_resources": [r for r in items if r.active]},
    )


@page_rule(HR)
def resource_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    resource = selectors.get_care_resource(pk=pk)
    return _edit(
        request,
        form_class=CareResourceForm,
        fields=RESOURCE_FIELDS,
        instance=resource,
        save=lambda data: services.update_care_resource(
            actor=request.user, resource=resource, **data
        ),
        preview=_resource_preview,
        saved=_("Resource “%(name)s” saved."),
        template="wellbeing/hr/resource.html",
        context={"resource": resource},
    )


def _at_resource(request: HttpRequest, pk: int) -> str:
    return reverse("wellbeing:hr_resource", args=[pk])


@require_POST
@page_rule(HR)
@refusals_return_to(_at_resource)
def resource_active(request: AuthedRequest, pk: int) -> HttpResponse:
    resource = selectors.get_care_resource(pk=pk)
    _active(
        request,
        lambda active: services.set_care_resource_active(
            actor=request.user, resource=resource, active=active
        ),
        on=_("Resource “%(name)s” is offered to agents again."),
        off=_("Resource “%(name)s” retired. Agents no longer see it."),
    )
    return redirect("wellbeing:hr_resource", pk=pk)


@require_POST
@page_rule(HR)
@refusals_return_to("wellbeing:hr_resources")
def resources_reorder(request: AuthedRequest) -> HttpResponse:
    _order(
        request,
        lambda ids: services.reorder_care_resources(actor=request.user, resource_ids=ids),
        saved=_("Order of the resources saved."),
    )
    return redirect("wellbeing:hr_resources")
