"""The training catalog: active paths, filtered by track and length, each path's page and
enrolling in it. The enrollment itself is in ``learning``."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from careers import selectors
from careers.forms import CatalogFilterForm
from careers.services import training as training_services
from core.pages import refusals_return_to
from people.http import AuthedRequest
from people.permissions import SIGNED_IN, page_rule


@page_rule(SIGNED_IN)
@vary_on_headers("HX-Request")  # one URL, two bodies: caches must tell them apart
def catalog(request: AuthedRequest) -> HttpResponse:
    """Active paths; the filter form asks the same URL with HTMX and gets the results."""
    form = CatalogFilterForm(request.GET)
    valid = form.is_valid()
    paths = selectors.training_catalog(**form.filters()) if valid else []
    enrolled = selectors.enrollments_by_path(user=request.user)
    context = {
        "form": form,
        "rows": [{"path": path, "enrollment": enrolled.get(path.pk)} for path in paths],
        "filtered": valid and any(form.filters().values()),
    }
    template = "careers/partials/catalog_results.html" if request.htmx else "careers/catalog.html"
    return render(request, template, context, status=200 if valid else 400)


@page_rule(SIGNED_IN)
def path_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    path = selectors.get_path(pk=pk)
    modules = list(selectors.path_modules(path=path))
    return render(
        request,
        "careers/path_detail.html",
        {
            "path": path,
            "modules": modules,
            "total_minutes": sum(m.estimated_minutes for m in modules),
            "enrollment": selectors.enrollments_by_path(user=request.user).get(path.pk),
        },
    )


@require_POST
@page_rule(SIGNED_IN)
@refusals_return_to(lambda request, pk: reverse("careers:path_detail", args=[pk]))
def enroll(request: AuthedRequest, pk: int) -> HttpResponse:
    """An archived or empty path refuses: the path's page says why."""
    path = selectors.get_path(pk=pk)
    enrollment = training_services.enroll(user=request.user, path=path)
    messages.success(request, _("You are enrolled in “%(path)s”.") % {"path": path.name})
    return redirect("careers:enrollment", enrollment.pk)
