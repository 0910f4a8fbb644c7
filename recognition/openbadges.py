"""Open Badges 2.0 (1EdTech): hosted JSON-LD documents and PNG baking.

Spec: https://www.imsglobal.org/sites/default/files/Badges/OBv2p0Final/index.html
Every award is a hosted Assertion at a stable URL under ``CUIDA_BASE_URL`` (in development,
without it, under the address the request came to: ``core.addresses``); its BadgeClass
and Issuer Profile are served beside it. Baking puts the assertion into an ``iTXt`` PNG
chunk keyed ``openbadges`` so the image itself carries the badge to a backpack.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
import zlib
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from core.addresses import public_url

if TYPE_CHECKING:
    from recognition.models import BadgeAward, BadgeClass

CONTEXT = "https://w3id.org/openbadges/v2"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def issuer_url(*, request: HttpRequest | None) -> str:
    return public_url(reverse("openbadges:issuer"), request=request)


def badge_class_url(badge_class: BadgeClass, *, request: HttpRequest | None) -> str:
    return public_url(reverse("openbadges:badge_class", args=[badge_class.slug]), request=request)


def assertion_url(award: BadgeAward, *, request: HttpRequest | None) -> str:
    return public_url(reverse("openbadges:assertion", args=[award.uid]), request=request)


def issuer_document(*, request: HttpRequest | None) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "type": "Issuer",
        "id": issuer_url(request=request),
        "name": settings.CUIDA_ORGANIZATION_NAME,
        "url": settings.CUIDA_ORGANIZATION_URL or public_url("/", request=request),
        "email": settings.CUIDA_ORGANIZATION_EMAIL,
    }


def badge_class_document(badge_class: BadgeClass, *, request: HttpRequest | None) -> dict[str, Any]:
    """The BadgeClass in the organisation's language (``LANGUAGE_CODE``, Spanish by default),
    whoever asks: its URL is the badge's stable id, which backpacks fetch once and cache (and
    so does ``Cache-Control: public``), so one URL answers one document. ``@language`` (OB
    2.0) says which; an English text left empty reads as the Spanish one."""
    image = reverse("openbadges:badge_image", args=[badge_class.slug])
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "@context": CONTEXT,
            "type": "BadgeClass",
            "id": badge_class_url(badge_class, request=request),
            "@language": translation.get_language(),
            "name": badge_class.name,
            "description": badge_class.description,
            "image": public_url(image, request=request),
            "criteria": {"narrative": badge_class.criteria},
            "issuer": issuer_url(request=request),
        }


def hashed_identity(email: str, salt: str) -> str:
    return "sha256$" + hashlib.sha256((email.lower() + salt).encode()).hexdigest()


def assertion_document(award: BadgeAward, *, request: HttpRequest | None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(award, request=request),
        "recipient": {
            "type": "email",
            "hashed": True,
            "salt": award.recipient_salt,
            "identity": hashed_identity(award.recipient.email, award.recipient_salt),
        },
        "badge": badge_class_url(award.badge_class, request=request),
        "verification": {"type": "hosted"},
        "issuedOn": award.issued_on.isoformat(),
    }
    evidence: dict[str, Any] = {}
    if award.evidence_url:
        evidence["id"] = award.evidence_url
    if award.evidence_text:
        evidence["narrative"] = award.evidence_text
    if evidence:
        document["evidence"] = [evidence]
    return document


def revoked_document(award: BadgeAward, *, request: HttpRequest | None) -> dict[str, Any]:
    """What a revoked hosted assertion answers, with HTTP 410 Gone (spec: hosted revocation)."""
    return {
        "@context": CONTEXT,
        "type": "Assertion",
        "id": assertion_url(award, request=request),
        "revoked": True,
        "revocationReason": award.revocation_reason,
    }


# --- PNG ---------------------------------------------------------------------------------


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def iter_chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")
    chunks, offset = [], len(PNG_SIGNATURE)
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8]
        chunks.append((kind, png[offset + 8 : offset + 8 + length]))
        offset += 12 + length
    return chunks


def bake(png: bytes, assertion: dict[str, Any]) -> bytes:
    """Return ``png`` with the assertion in an uncompressed iTXt chunk keyed ``openbadges``.

    Any earlier ``openbadges`` chunk is dropped: an image carries one badge.
    """
    text = json.dumps(assertion, separators=(",", ":")).encode()
    itxt = _chunk(b"iTXt", b"openbadges\x00" + b"\x00\x00" + b"\x00" + b"\x00" + text)
    out = [PNG_SIGNATURE]
    for kind, data in iter_chunks(png):
        if kind == b"iTXt" and data.startswith(b"openbadges\x00"):
            continue
        if kind == b"IEND":
            out.append(itxt)
        out.append(_chunk(kind, data))
    return b"".join(out)


def unbake(png: bytes) -> dict[str, Any] | None:
    for kind, data in iter_chunks(png):
        if kind == b"iTXt" and data.startswith(b"openbadges\x00"):
            # keyword\0, compression flag, method, language\0, translated keyword\0, text
            rest = data[len(b"openbadges\x00") + 2 :]
            _language, rest = rest.split(b"\x00", 1)
            _translated, text = rest.split(b"\x00", 1)
            return json.loads(text.decode())
    return None


def default_badge_png(name: str, size: int = 256) -> bytes:
    """A plain medal with the badge's initials, for badge classes without an image."""
    from PIL import Image, ImageDraw, ImageFont

    digest = hashlib.sha256(name.encode()).digest()
    colour = (40 + digest[0] % 80, 100 + digest[1] % 80, 90 + digest[2] % 80)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=colour, outline=(242, 184, 128), width=10)
    initials = "".join(word[0] for word in name.split()[:2]).upper() or "★"
    font = ImageFont.load_default(size=size // 3)
    draw.text((size / 2, size / 2), initials, fill="white", font=font, anchor="mm")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()
