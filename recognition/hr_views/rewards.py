"""The reward catalog: the list, a new reward, the editor (with a preview of the card
agents see), retire and reactivate."""

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
from recognition.hr_forms import RewardItemEditForm, RewardItemForm
from recognition.hr_views.common import page_of, set_active
from recognition.models import RewardItem
from recognition.services import reward_items as reward_services

_FIELDS = (
    "name_en",
    "name_es",
    "description_en",
    "description_es",
    "cost",
    "stock",
    "available_from",
    "available_until",
)


@page_rule(HR)
def rewards(request: AuthedRequest) -> HttpResponse:
    context = {
        "page": page_of(request, selectors.hr_reward_items()),
        "today": selectors.organisation_today(),
    }
    return render(request, "recognition/hr/rewards.html", context)


@page_rule(HR)
def reward_new(request: AuthedRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = RewardItemForm(request.POST, request.FILES)
        created = submit(
            form,
            lambda data: reward_services.create_reward_item(
                actor=request.user,
                fields=form.fields_for_service(),  # type: ignore[arg-type]
                image=data["image"],
            ),
        )
        if created.result is not None:
            messages.success(request, _("Reward “%(name)s” added.") % {"name": created.result.name})
            return redirect("recognition:hr_reward", pk=created.result.pk)
        status = created.status
    else:
        form = RewardItemForm()
    return render(request, "recognition/hr/reward_form.html", {"form": form}, status=status)


@page_rule(HR)
def reward_edit(request: AuthedRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(RewardItem, pk=pk)
    status = 200
    if request.method == "POST":
        form = RewardItemEditForm(request.POST, request.FILES)
        saved = submit(
            form,
            lambda data: reward_services.update_reward_item(
                actor=request.user,
                item=item,
                fields=form.fields_for_service(),  # type: ignore[arg-type]
                image=data["image"],
                remove_image=data["remove_image"],
            ),
        )
        if saved:
            messages.success(request, _("Reward saved."))
            return redirect("recognition:hr_reward", pk=pk)
        status = saved.status
        item.refresh_from_db()  # the preview shows what is saved, not what was refused
    else:
        form = RewardItemEditForm(initial={field: getattr(item, field) for field in _FIELDS})
    context = {"item": item, "form": form, "today": selectors.organisation_today()}
    return render(request, "recognition/hr/reward_form.html", context, status=status)


def _set_active(request: AuthedRequest, pk: int, *, active: bool, done: str) -> HttpResponse:
    item = get_object_or_404(RewardItem, pk=pk)
    return set_active(
        request,
        change=lambda on: reward_services.set_reward_item_active(
            actor=request.user, item=item, active=on
        ),
        active=active,
        done=done,
        back_to="recognition:hr_reward",
        pk=pk,
    )


@require_POST
@page_rule(HR)
@refusals_return_to("recognition:hr_rewards")
def reward_retire(request: AuthedRequest, pk: int) -> HttpResponse:
    return _set_active(
        request,
        pk,
        active=False,
        done=_("“%(name)s” is retired: agents no longer see it. Requests already made go on."),
    )


@require_POST
@page_rule(HR)
@refusals_return_to("recognition:hr_rewards")
def reward_reactivate(request: AuthedRequest, pk: int) -> HttpResponse:
    return _set_active(request, pk, active=True, done=_("“%(name)s” is back in the catalog."))
