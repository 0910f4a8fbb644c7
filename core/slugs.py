"""Codes (slugs) Cuida makes from a name: HR never type them."""

from __future__ import annotations

from typing import cast

from django.db import models
from django.utils.text import slugify


def unique_slug(
    model: type[models.Model],
    *texts: str,
    max_length: int | None = None,
    separator: str = "-",
    fallback: str = "item",
) -> str:
    """A slug of the first of ``texts`` that has one (an English name, then the Spanish),
    free in ``model``'s ``slug`` column, ``-2``, ``-3``... appended when taken, never longer
    than the column (``max_length`` defaults to it). Event type codes, which integrations
    type, use ``_`` as their ``separator``."""
    column = cast(models.Field, model._meta.get_field("slug"))
    limit = max_length or column.max_length or 50
    base = next((slug for text in texts if (slug := slugify(text))), fallback)
    base = base.replace("-", separator)[: limit - 4].strip(separator) or fallback
    slug, n = base, 1
    while model._default_manager.filter(slug=slug).exists():
        n += 1
        slug = f"{base}{separator}{n}"
    return slug
