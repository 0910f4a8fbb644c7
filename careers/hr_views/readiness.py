"""The company's readiness for HR: per target level, how many aim at it and how ready they
are, and the people aiming at one level."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render

from careers import selectors
from careers.models import Level
from people.http import AuthedRequest
from people.permissions import HR, page_rule

READINESS_PAGE_SIZE = 50


@page_rule(HR)
def readiness(request: AuthedRequest) -> HttpResponse:
    """Per target level, how many aim at it and how ready they are; ``?level=`` lists the
    people aiming at one level. The numbers come from ``selectors.company_readiness`` at a
    fixed number of queries, whatever the number of people."""
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
