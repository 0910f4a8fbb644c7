"""The project's URLs plus pages whose service refuses, for the one page-error path
(tests/unit/core/test_page_errors.py)."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import handler404, handler500, urlpatterns
from core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from core.pages import refusals_return_to, submit
from people.permissions import HR, SIGNED_IN, page_rule

__all__ = ["handler404", "handler500", "urlpatterns"]

REFUSALS = {
    "missing": NotFoundError("That request is not yours."),
    "forbidden": PermissionDeniedError("Nobody approves their own request."),
    "conflict": ConflictError("Somebody decided this request already."),
    "invalid": DomainError("Not enough points.", errors={"points": ["Too many."]}),
}


@page_rule(SIGNED_IN)
def refuse(request: HttpRequest, kind: str) -> HttpResponse:
    raise REFUSALS[kind]


@page_rule(SIGNED_IN)
@refusals_return_to("recognition:catalog")
def refuse_back_to_catalog(request: HttpRequest) -> HttpResponse:
    raise REFUSALS["conflict"]


class PointsForm(forms.Form):
    points = forms.IntegerField(min_value=0)


@page_rule(SIGNED_IN)
def points_form(request: HttpRequest, kind: str) -> HttpResponse:
    form = PointsForm(request.POST)
    done = submit(form, lambda data: REFUSALS[kind] if kind == "none" else _raise(kind))
    errors = form.errors.as_json()
    return HttpResponse(errors, status=done.status, content_type="application/json")


def _raise(kind: str) -> None:
    raise REFUSALS[kind]


@page_rule(HR, message="Only HR see the company.")
def hr_only(request: HttpRequest) -> HttpResponse:
    return HttpResponse("company")


urlpatterns = [
    path("test-refusal/<str:kind>/", refuse),
    path("test-refusal-catalog/", refuse_back_to_catalog),
    path("test-form/<str:kind>/", points_form),
    path("test-hr/", hr_only),
    *urlpatterns,
]
