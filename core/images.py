"""Uploaded images (badge and reward pictures): checked by their content, re-encoded, and
stored under a name Cuida chooses.

What a person uploads is never stored as it came: Pillow must recognise it as PNG, JPEG,
WebP or GIF from its bytes (the file name and the browser's content type are not trusted),
it must be small enough to decode safely, and what is kept is a fresh PNG of at most
``MAX_SIDE`` pixels a side, without the original's metadata (EXIF, GPS, comments). Callers
save it with the name in ``CleanImage.name``, a random one; ``upload_to`` functions ignore
the uploaded name as well.
"""

from __future__ import annotations

import io
import uuid
import warnings
from typing import IO

from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from core.exceptions import DomainError

ACCEPTED_FORMATS = frozenset({"PNG", "JPEG", "WEBP", "GIF"})
MAX_UPLOAD_BYTES = 2 * 1024 * 1024
# A small file can declare a huge canvas (a "decompression bomb"): the declared size is
# checked before any pixel is decoded.
MAX_SOURCE_PIXELS = 4096 * 4096
MAX_SIDE = 512


class CleanImage(ContentFile):
    """A re-encoded PNG, named ``<random>.png``, ready for ``ImageFieldFile.save``."""


def _refuse(message: str, field: str) -> DomainError:
    return DomainError(message, errors={field: [message]})


def _read_capped(upload: File | IO[bytes], field: str) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _refuse(_("The image is too large: the limit is 2 MB."), field)
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _refuse(_("The image is too large: the limit is 2 MB."), field)
    if not data:
        raise _refuse(_("The file is empty."), field)
    return data


def clean_image(upload: File | IO[bytes], *, field: str = "image") -> CleanImage:
    """The upload as a re-encoded PNG under a random name, or a 400 on ``field`` saying
    what is wrong (not an image, an unaccepted kind, too large)."""
    from PIL import Image, UnidentifiedImageError

    data = _read_capped(upload, field)
    not_an_image = _("This file is not an image Cuida accepts: use PNG, JPEG, WebP or GIF.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                kind, (width, height) = probe.format, probe.size
                if kind not in ACCEPTED_FORMATS:
                    raise _refuse(not_an_image, field)
                if width * height > MAX_SOURCE_PIXELS:
                    raise _refuse(_("The image is too large: at most 4096 by 4096 pixels."), field)
                probe.verify()
            # ``verify`` leaves the image unusable: decode it again to re-encode it.
            with Image.open(io.BytesIO(data)) as image:
                image.seek(0)  # an animated GIF keeps its first frame
                picture = image.convert("RGBA")
    except DomainError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        SyntaxError,
        ValueError,
        EOFError,
    ) as exc:
        raise _refuse(not_an_image, field) from exc
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    buffer = io.BytesIO()
    # A new image carries no ``info`` from the upload: no EXIF, ICC, text chunks.
    picture.save(buffer, format="PNG", optimize=True)
    return CleanImage(buffer.getvalue(), name=f"{uuid.uuid4().hex}.png")
