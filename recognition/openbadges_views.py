"""Public Open Badges 2.0 endpoints: anyone (a backpack, LinkedIn, a verifier) may fetch
them without signing in. They reveal no e-mail address: the recipient is a salted hash."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from people.permissions import PUBLIC, page_rule
from recognition import openbadges
from recognition.models import BadgeAward, BadgeClass
from recognition.services.badges import badge_png

JSON_LD = "application/ld+json"


def _json_ld(document: dict[str, Any], status: int = 200) -> JsonResponse:
    response = JsonResponse(document, status=status, content_type=JSON_LD)
    response["Access-Control-Allow-Origin"] = "*"
    return response


@page_rule(PUBLIC)
@require_GET
@cache_control(public=True, max_age=300)
def issuer(request: HttpRequest) -> JsonResponse:
    return _json_ld(openbadges.issuer_document(request=request))


@page_rule(PUBLIC)
@require_GET
@cache_control(public=True, max_age=300)
def badge_class(request: HttpRequest, slug: str) -> JsonResponse:
    return _json_ld(
        openbadges.badge_class_document(get_object_or_404(BadgeClass, slug=slug), request=request)
    )


@page_rule(PUBLIC)
@require_GET
@cache_control(public=True, max_age=3600)
def badge_image(request: HttpRequest, slug: str) -> HttpResponse:
    badge = get_object_or_404(BadgeClass, slug=slug)
    return HttpResponse(badge_png(badge_class=badge), content_type="image/png")


@page_rule(PUBLIC)
@require_GET
@cache_control(public=True, max_age=60)
def assertion(request: HttpRequest, uid: str) -> JsonResponse:
    award = get_object_or_404(
        BadgeAward.objects.select_related("recipient", "badge_class"), uid=uid
    )
    if award.revoked_at is not None:
        return _json_ld(openbadges.revoked_document(award, request=request), status=410)
    return _json_ld(openbadges.assertion_document(award, request=request))
