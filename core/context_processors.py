"""What every page's template needs, whatever app it belongs to."""

from collections.abc import Callable
from functools import cache


def lazy_count(count: Callable[[], int]) -> Callable[[], int]:
    """A navigation counter for the templates: queried on its first use, then remembered.

    Templates call a callable when they read it, so ``{% blocktranslate count %}`` receives a
    real ``int``. A ``SimpleLazyObject`` would reach it as a proxy instead, and the plural
    rule of a catalogue (Django's Spanish one computes ``n % 1000000``) fails on a proxy
    with a TypeError: every page in Spanish would answer 500 whenever a count is 2 or more.
    """
    return cache(count)
