"""Codes (slugs) Cuida makes from a name: HR never type them."""

from __future__ import annotations

from django.db import models
from django.utils.text import slugify


def unique_slug(model: type[models.Model], *texts: str, max_length: int = 50) -> str:
    """A slug of the first of ``texts`` that has one (an English name, then the Spanish),
    free in ``model``'s table, ``-2``, ``-3``... appended when taken; at most
    ``max_length`` characters."""
    base = next((slug for text in texts if (slug := slugify(text))), "item")
    base = base[: max_length - 4].strip("-") or "item"
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug
