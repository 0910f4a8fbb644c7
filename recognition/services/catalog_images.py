"""Setting the picture of a badge or a reward: the checked, re-encoded upload
(``core.images``), and the file it replaces removed once the change is committed."""

from __future__ import annotations

from functools import partial

from django.core.files.base import File
from django.db import transaction
from django.db.models.fields.files import ImageFieldFile

from core.images import CleanImage, clean_image


def checked_image(upload: File | None) -> CleanImage | None:
    """The upload re-encoded, or None without one; a 400 on ``image`` for a bad one. Called
    before anything is written, so a refused picture leaves the record as it was."""
    return clean_image(upload, field="image") if upload is not None else None


def replace_image(field: ImageFieldFile, content: CleanImage | bytes) -> None:
    """Store ``content`` as the record's picture under a generated name (the field's
    ``upload_to`` ignores any given name); the old file goes after commit, so a rolled-back
    change keeps the picture it had."""
    old_name = field.name
    if isinstance(content, bytes):
        content = CleanImage(content, name="generated.png")
    field.save(content.name or "image.png", content, save=False)
    if old_name:
        transaction.on_commit(partial(field.storage.delete, old_name))
