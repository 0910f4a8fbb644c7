"""Badges: the list, a new badge, the editor (with a preview of the badge as agents see
it), retire and reactivate."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, page_rule
from recognition import selectors
from recognition.hr_forms import BadgeClassEditForm, BadgeClassForm
from recognition.hr_views.common import page_of, set_active
from recognition.models import BadgeClass
from recognition.services import badge_classes as badge_services


@page_rule(HR)
def badges(request: AuthedRequest) -> HttpResponse:
    page = page_of(request, selectors.hr_badge_classes())
    return render(request, "recognition/hr/badges.html", {"page": page})


@page_rule(HR)
def badge_new(request: AuthedRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = BadgeClassForm(request.POST, request.FILES)
        created = submit(
            form,
            lambda data: badge_services.create_badge_class(
                actor=request.user,
                texts=form.texts(),  # type: ignore[arg-type]
                repeatable=data["repeatable"],
                image=data["image"],
            ),
        )
        if created.result is not None:
            messages.success(
                request, _("Badge “%(name)s” created.") % {"name": created.result.name}
            )
            return redirect("recognition:hr_badge", pk=created.result.pk)
        status = created.status
    else:
        form = BadgeClassForm()
    return render(request, "recognition/hr/badge_form.html", {"form": form}, status=status)


@page_rule(HR)
def badge_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    badge = get_object_or_404(BadgeClass, pk=pk)
    status = 200
    if request.method == "POST":
        form = BadgeClassEditForm(request.POST, request.FILES)
        saved = submit(
            form,
            lambda data: badge_services.update_badge_class(
                actor=request.user,
                badge_class=badge,
                texts=form.texts(),  # type: ignore[arg-type]
                repeatable=data["repeatable"],
                image=data["image"],
                generate_image=data["generate_image"],
            ),
        )
        if saved:
            messages.success(request, _("Badge saved."))
            return redirect("recognition:hr_badge", pk=pk)
        status = saved.status
        badge.refresh_from_db()  # the preview shows what is saved, not what was refused
    else:
        form = BadgeClassEditForm(
            initial={
                field: getattr(badge, field)
                for field in (
                    "name_en",
                    "name_es",
                    "description_en",
                    "description_es",
                    "criteria_en",
                    "criteria_es",
                    "repeatable",
                )
            }
        )
    context = {"badge": badge, "form": form}
    return render(request, "recognition/hr/badge_form.html", context, status=status)


def _set_active(request: AuthedRequest, pk: int, *, active: bool, done: str) -> HttpResponse:
    badge = get_object_or_404(BadgeClass, pk=pk)
    return set_active(
        request,
        change=lambda on: badge_services.set_badge_class_active(
            actor=request.user, badge_class=badge, active=on
        ),
        active=active,
        done=done,
        back_to="recognition:hr_badge",
        pk=pk,
    )


@require_POST
@page_rule(HR)
@refusals_return_to("recognition:hr_badges")
def badge_retire(request: AuthedRequest, pk: int) -> HttpResponse:
    return _set_active(
        request,
        pk,
        active=False,
        done=_("“%(name)s” is retired: people keep it, nobody can award it any more."),
    )


@require_POST
@page_rule(HR)
@refusals_return_to("recognition:hr_badges")
def badge_reactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _set_active(
        request, pk, active=True, done=_("“%(name)s” is back: it can be awarded again.")
    )
