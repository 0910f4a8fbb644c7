"""What every page's template needs, whatever app it belongs to."""

from collections.abc import Callable
from functools import cache

from django.http import HttpRequest


def lazy_count(count: Callable[[], int]) -> Callable[[], int]:
    """A navigation counter for the templates: queried on its first use, then remembered.

    Templates call a callable when they read it, so ``{% blocktranslate count %}`` receives a
    real ``int``. A ``SimpleLazyObject`` would reach it as a proxy instead, and the plural
    rule of a catalogue (Django's Spanish one computes ``n % 1000000``) fails on a proxy
    with a TypeError: every page in Spanish would answer 500 whenever a count is 2 or more.
    """
    return cache(count)


def current_page(request: HttpRequest) -> dict[str, str]:
    """Which page the navigation marks as current: ``current_page`` is the namespaced URL
    name ("careers:my_plan"), ``current_app`` its namespace. Both are empty where no URL
    matched (the 404 page), so templates never read ``request.resolver_match``, which is
    None there."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return {"current_page": "", "current_app": ""}
    return {"current_page": match.view_name or "", "current_app": match.app_name or ""}
