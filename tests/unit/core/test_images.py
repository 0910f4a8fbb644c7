"""Uploaded pictures are judged by their bytes, re-encoded as a small PNG without the
original's metadata, and named by Cuida (core.images)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from core.exceptions import DomainError
from core.images import MAX_SIDE, MAX_UPLOAD_BYTES, clean_image


@pytest.fixture(autouse=True)
def _in_english():  # type: ignore[no-untyped-def]
    """The messages are read in English, whatever the catalogue's Spanish says."""
    with translation.override("en"):
        yield


def picture(kind: str = "PNG", size: tuple[int, int] = (40, 30), **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 40, 90)).save(buffer, format=kind, **save)
    return buffer.getvalue()


def upload(data: bytes, name: str = "picture.png", content_type: str = "image/png"):  # type: ignore[no-untyped-def]
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(data: bytes, **kwargs: str) -> DomainError:
    with pytest.raises(DomainError) as caught:
        clean_image(upload(data, **kwargs), field="image")
    return caught.value


def test_a_text_file_named_like_a_png_is_refused_on_the_field():
    error = refusal(b"hello, I am not a picture", name="cat.png", content_type="image/png")

    assert error.status_code == 400
    assert error.errors["image"] == [
        "This file is not an image Cuida accepts: use PNG, JPEG, WebP or GIF."
    ]


def test_a_truncated_png_is_refused():
    assert "image" in refusal(picture()[:60]).errors


def test_a_kind_cuida_does_not_accept_is_refused_whatever_its_name():
    assert "image" in refusal(picture("BMP"), name="photo.jpg", content_type="image/jpeg").errors


def test_a_file_over_the_size_limit_is_refused_before_it_is_decoded():
    error = refusal(b"\x89PNG" + b"0" * MAX_UPLOAD_BYTES)

    assert error.errors["image"] == ["The image is too large: the limit is 2 MB."]


def test_a_small_file_declaring_a_huge_canvas_is_refused():
    # given a PNG of a few kilobytes that would decode to 5000 x 5000 pixels
    buffer = io.BytesIO()
    Image.new("1", (5000, 5000)).save(buffer, format="PNG")

    # then it is refused before its pixels are decoded
    error = refusal(buffer.getvalue())
    assert error.errors["image"] == ["The image is too large: at most 4096 by 4096 pixels."]


def test_a_jpeg_with_exif_becomes_a_png_without_metadata_under_a_generated_name():
    # given a JPEG carrying EXIF (a camera, a GPS position) uploaded as "../../x.png"
    exif = Image.Exif()
    exif[0x010F] = "Camera maker"
    exif[0x8825] = {1: "N"}
    data = picture("JPEG", size=(1200, 600), exif=exif.tobytes())

    # when it is cleaned
    clean = clean_image(upload(data, name="../../x.png", content_type="image/jpeg"))

    # then Cuida keeps a PNG at most MAX_SIDE wide, without EXIF, under its own name
    stored = Image.open(io.BytesIO(clean.read()))
    assert stored.format == "PNG"
    assert stored.size == (MAX_SIDE, MAX_SIDE // 2)
    assert "exif" not in stored.info
    assert not stored.getexif()
    assert re.fullmatch(r"[0-9a-f]{32}\.png", clean.name or "")


@pytest.mark.parametrize("kind", ["PNG", "JPEG", "WEBP", "GIF"])
def test_every_accepted_kind_is_kept_as_png(kind):
    clean = clean_image(upload(picture(kind)))

    assert Image.open(io.BytesIO(clean.read())).format == "PNG"
