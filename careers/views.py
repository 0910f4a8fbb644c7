"""Careers pages for agents and leads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse


@login_required
def my_plan(request: HttpRequest) -> HttpResponse:
    return HttpResponse("my plan")


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    return HttpResponse("my learning")


@login_required
def enrollment(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("enrollment")


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    return HttpResponse("catalog")


@login_required
def person_plan(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse("person plan")
