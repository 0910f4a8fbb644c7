from __future__ import annotations

import csv
import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core.pages import refusals_return_to, submit
from people.http import AuthedRequest
from people.permissions import HR, SIGNED_IN, page_rule
from people.roles import get_roles
from people.time import local_today
from wellbeing import selectors, services
from wellbeing.charts import score_chart
from wellbeing.disclosure import month_of_week
from wellbeing.forms import (
    CheckInForm,
    EraseForm,
    HistoryFilterForm,
    PreferenceForm,
    SharingForm,
    TrendFilterForm,
)
from wellbeing.models import CheckIn, WellbeingPreference
from wellbeing.selectors import TrendReport


def _check_in_initial(check_in: CheckIn | None) -> dict[str, Any]:
    if check_in is None:
        return {}
    return {
        "mood": check_in.mood,
        "energy": check_in.energy,
        "stress": check_in.stress,
        "tags": [t.slug for t in check_in.tags.all()],
        "note": check_in.note,
        "shared_with_lead": check_in.shared_with_lead,
    }


@page_rule(SIGNED_IN)
def check_in(request: AuthedRequest) -> HttpResponse:
    """Today's check-in. HTMX posts swap only the form card; nothing reloads."""
    user = request.user
    today = selectors.todays_check_in(user=user)
    can_share = get_roles(user).is_agent
    saved = False
    if request.method == "POST":
        form = CheckInForm(request.POST, can_share=can_share)
        submission = submit(
            form,
            lambda data: services.record_check_in(
                user=user,
                mood=data["mood"],
                energy=data["energy"],
                stress=data["stress"],
                tag_slugs=[t.slug for t in data["tags"]],
                note=data["note"],
                shared_with_lead=data.get("shared_with_lead", False),
            ),
        )
        if submission.result is not None:
            today, _created = submission.result
            saved = True
            if not request.htmx:
                messages.success(request, _("Thank you. Your check-in is saved."))
                return redirect("wellbeing:check_in")
            form = CheckInForm(initial=_check_in_initial(today), can_share=can_share)
    else:
        form = CheckInForm(initial=_check_in_initial(today), can_share=can_share)
    context: dict[str, Any] = {"form": form, "today": today, "saved": saved}
    if request.htmx:
        return render(request, "wellbeing/partials/check_in_form.html", context)
    week = selectors.history(user=request.user, days=7)
    context.update(
        week=week,
        nudge=selectors.care_nudge_applies(user=request.user),
        resources=selectors.care_resources(),
        chat_request=selectors.open_chat_request(user=request.user),
    )
    return render(request, "wellbeing/check_in.html", context)


@page_rule(SIGNED_IN)
def history(request: AuthedRequest) -> HttpResponse:
    filters = HistoryFilterForm(request.GET)
    days = (filters.cleaned_data.get("days") if filters.is_valid() else None) or 30
    report = selectors.history(user=request.user, days=days)
    chart = score_chart(
        labels=[date_format(d, "MONTH_DAY_FORMAT") for d, _c in report.series],
        values={
            name: [getattr(c, name) if c else None for _d, c in report.series]
            for name in ("mood", "energy", "stress")
        },
    )
    page = Paginator(selectors.my_check_ins(user=request.user), 20).get_page(
        request.GET.get("page")
    )
    context = {
        "report": report,
        "chart": chart,
        "page": page,
        "days": days,
        "shareable_from": services.sharing_closes_before(),
    }
    return render(request, "wellbeing/history.html", context)


@page_rule(SIGNED_IN)
@require_POST
def set_sharing(request: AuthedRequest, pk: int) -> HttpResponse:
    form = SharingForm(request.POST)
    submission = submit(
        form,
        lambda data: services.set_check_in_sharing(
            user=request.user, check_in_id=pk, shared=data["shared"] == "1"
        ),
    )
    check_in = submission.result
    if check_in is None:
        for message in form.non_field_errors():
            messages.error(request, str(message))
        if request.htmx:
            # The whole page, not the row: the message shows at the top.
            return HttpResponseClientRedirect(reverse("wellbeing:history"))
        return redirect("wellbeing:history")
    if request.htmx:
        context = {"check_in": check_in, "shareable_from": services.sharing_closes_before()}
        return render(request, "wellbeing/partials/history_row.html", context)
    return redirect("wellbeing:history")


@page_rule(SIGNED_IN)
def preferences(request: AuthedRequest) -> HttpResponse:
    instance = WellbeingPreference.objects.filter(user=request.user).first()
    form = PreferenceForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.update_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your reminder settings were saved."))
        return redirect("wellbeing:preferences")
    return render(request, "wellbeing/preferences.html", {"form": form})


@page_rule(SIGNED_IN)
def my_data(request: AuthedRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        counts = services.erase_wellbeing_data(user=request.user)
        messages.success(
            request,
            _("Done. %(count)s check-ins were deleted for good.") % {"count": counts["check_ins"]},
        )
        return redirect("wellbeing:my_data")
    count = selectors.my_check_ins(user=request.user).count()
    return render(request, "wellbeing/my_data.html", {"form": form, "count": count})


@page_rule(SIGNED_IN)
def export_json(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(
        json.dumps({"check_ins": selectors.export_my_data(user=request.user)}, indent=2),
        content_type="application/json",
    )
    response["Content-Disposition"] = 'attachment; filename="my-wellbeing.json"'
    return response


@page_rule(SIGNED_IN)
def export_csv(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="my-wellbeing.csv"'
    columns = ["date", "mood", "energy", "stress", "tags", "note", "shared_with_lead"]
    writer = csv.writer(response)
    writer.writerow(columns)
    for row in selectors.export_my_data(user=request.user):
        row["tags"] = " ".join(row["tags"])
        writer.writerow([row[c] for c in columns])
    return response


@page_rule(SIGNED_IN)
@require_POST
@refusals_return_to("wellbeing:check_in")
def ask_for_chat(request: AuthedRequest) -> HttpResponse:
    services.request_lead_chat(user=request.user)
    messages.success(
        request, _("Your lead knows you would like a chat. They will reach out to you.")
    )
    return redirect("wellbeing:check_in")


def _window_label(period: str, start: dt.date) -> str:
    if period == "month":
        return date_format(dt.date(*month_of_week(start), 1), "YEAR_MONTH_FORMAT")
    return date_format(start, "MONTH_DAY_FORMAT")


def _trend_context(report: TrendReport) -> dict[str, Any]:
    chart = score_chart(
        labels=[_window_label(report.period, w.start) for w in report.windows],
        values={
            name: [getattr(w, name) for w in report.windows]
            for name in ("mood", "energy", "stress")
        },
    )
    return {"report": report, "chart": chart}


@page_rule(SIGNED_IN)
def team_trends(request: AuthedRequest, pk: int) -> HttpResponse:
    team, scope = selectors.team_trend_scope(viewer=request.user, team_id=pk)
    form = TrendFilterForm(request.GET, today=local_today(user=request.user))
    context: dict[str, Any] = {"team": team, "form": form}
    if not form.is_valid():
        return render(request, "wellbeing/team_trends.html", context, status=400)
    context.update(_trend_context(selectors.trend_report(scope=scope, **form.filters())))
    shared = list(selectors.shared_team_check_ins(lead=request.user, team=team))
    services.record_shared_check_in_views(viewer=request.user, check_ins=shared)
    context["shared"] = shared
    context["chat_requests"] = selectors.open_chat_requests_for_team(lead=request.user, team=team)
    return render(request, "wellbeing/team_trends.html", context)


@page_rule(HR, message=gettext_lazy("Company trends are for HR."))
def company_trends(request: AuthedRequest) -> HttpResponse:
    form = TrendFilterForm(request.GET, today=local_today(user=request.user))
    if not form.is_valid():
        return render(request, "wellbeing/company_trends.html", {"form": form}, status=400)
    report = selectors.company_trends(viewer=request.user, **form.filters())
    return render(
        request, "wellbeing/company_trends.html", {"form": form, **_trend_context(report)}
    )


@page_rule(SIGNED_IN)
@require_POST
def resolve_chat_request(request: AuthedRequest, pk: int) -> HttpResponse:
    chat_request = services.resolve_chat_request(lead=request.user, chat_request_id=pk)
    return redirect("wellbeing:team_trends", get_roles(chat_request.user).agent_team_id)
