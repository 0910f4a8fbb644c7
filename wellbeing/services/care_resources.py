"""HR's writes on care resources: the texts, links and helplines an agent whose recent
check-ins stay low sees on their check-in page (``templates/wellbeing/partials/
care_resources.html``). Retired resources stay in the list for HR to bring back."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Required, TypedDict, Unpack
from urllib.parse import urlsplit

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import ConflictError, DomainError
from core.services import record_audit_event
from people.models import User
from people.permissions import require_hr
from wellbeing.models import CareResource
from wellbeing.services.ordering import next_position, put_in_order

HR_ONLY = gettext_lazy("Only HR can change the care resources.")
TITLE_MAX_LENGTH = CareResource._meta.get_field("title_en").max_length or 120
URL_MAX_LENGTH = CareResource._meta.get_field("url").max_length or 200
PHONE_MAX_LENGTH = CareResource._meta.get_field("phone").max_length or 32
BODY_MAX_LENGTH = 2000
# What people type for a phone number: digits, spaces, dots, dashes, brackets, a leading +.
PHONE_PATTERN = re.compile(r"\+?[0-9][0-9 ().-]*")
PHONE_DIGITS = (3, 15)  # 112 to the longest international (E.164) number


class ResourceText(TypedDict, total=False):
    """What HR write for a resource; the texts, link and phone may be left out."""

    title_en: Required[str]
    title_es: Required[str]
    body_en: str
    body_es: str
    url: str
    phone: str


def _clean_url(url: str) -> str | None:
    """An http(s) address with a host, else None: a javascript: or data: link on a card
    agents tap would run in their session."""
    parts = urlsplit(url)
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.netloc
        or len(url) > URL_MAX_LENGTH
    ):
        return None
    return url


def _clean_phone(phone: str) -> str | None:
    digits = sum(c.isdigit() for c in phone)
    if not PHONE_PATTERN.fullmatch(phone) or not PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]:
        return None
    return phone


def _resource_fields(
    *,
    title_en: str,
    title_es: str,
    body_en: str = "",
    body_es: str = "",
    url: str = "",
    phone: str = "",
) -> dict[str, str]:
    """Both titles, the texts, the link and the phone, stripped and checked (one 400 that
    names every field to fix)."""
    fields = {
        "title_en": title_en.strip(),
        "title_es": title_es.strip(),
        "body_en": body_en.strip(),
        "body_es": body_es.strip(),
        "url": url.strip(),
        "phone": " ".join(phone.split()),
    }
    errors: dict[str, list[str]] = {}
    for field, label in (
        ("title_en", _("Give the title in English.")),
        ("title_es", _("Give the title in Spanish.")),
    ):
        if not fields[field]:
            errors[field] = [label]
        elif len(fields[field]) > TITLE_MAX_LENGTH:
            errors[field] = [_("Keep the title under %(n)s characters.") % {"n": TITLE_MAX_LENGTH}]
    for field in ("body_en", "body_es"):
        if len(fields[field]) > BODY_MAX_LENGTH:
            errors[field] = [_("Keep the text under %(n)s characters.") % {"n": BODY_MAX_LENGTH}]
    if fields["url"] and _clean_url(fields["url"]) is None:
        errors["url"] = [_("Give a web address starting with https:// or http://.")]
    if fields["phone"] and _clean_phone(fields["phone"]) is None:
        errors["phone"] = [_("Give a phone number with digits only, e.g. +34 900 123 456.")]
    if not (fields["body_es"] or fields["body_en"] or fields["url"] or fields["phone"]):
        errors["body_es"] = [_("Write a text, or give a link or a phone number.")]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return fields


def _refuse_taken_titles(fields: dict[str, str], *, other_than: CareResource | None) -> None:
    resources = CareResource.objects.all()
    if other_than is not None:
        resources = resources.exclude(pk=other_than.pk)
    errors: dict[str, list[str]] = {}
    for field in ("title_en", "title_es"):
        title = fields[field]
        if resources.filter(Q(title_en__iexact=title) | Q(title_es__iexact=title)).exists():
            errors[field] = [_("Another resource already has this title.")]
    if errors:
        raise ConflictError(_("A resource with this title already exists."), errors=errors)


@transaction.atomic
def create_care_resource(*, actor: User, **text: Unpack[ResourceText]) -> CareResource:
    """A new active resource at the end of the list."""
    require_hr(actor, HR_ONLY)
    fields = _resource_fields(**text)
    _refuse_taken_titles(fields, other_than=None)
    resource = CareResource.objects.create(
        position=next_position(CareResource.objects.all()), **fields
    )
    record_audit_event(
        actor=actor, verb="wellbeing.care_resource_created", target=resource, data=fields
    )
    return resource


@transaction.atomic
def update_care_resource(
    *, actor: User, resource: CareResource, **text: Unpack[ResourceText]
) -> CareResource:
    require_hr(actor, HR_ONLY)
    fields = _resource_fields(**text)
    _refuse_taken_titles(fields, other_than=resource)
    changed = {
        name: {"before": getattr(resource, name), "after": value}
        for name, value in fields.items()
        if getattr(resource, name) != value
    }
    for name, value in fields.items():
        setattr(resource, name, value)
    resource.save(update_fields=list(fields))
    record_audit_event(
        actor=actor, verb="wellbeing.care_resource_updated", target=resource, data=changed
    )
    return resource


@transaction.atomic
def set_care_resource_active(*, actor: User, resource: CareResource, active: bool) -> CareResource:
    """Retire a resource (agents stop seeing it) or bring it back; asking for the state it
    is already in writes nothing."""
    require_hr(actor, HR_ONLY)
    changed = CareResource.objects.filter(pk=resource.pk, active=not active).update(active=active)
    resource.active = active
    if changed:
        verb = "wellbeing.care_resource_restored" if active else "wellbeing.care_resource_retired"
        record_audit_event(actor=actor, verb=verb, target=resource)
    return resource


@transaction.atomic
def reorder_care_resources(*, actor: User, resource_ids: Sequence[Any]) -> list[int]:
    """The order agents read the resources in: every resource's id, each exactly once."""
    require_hr(actor, HR_ONLY)
    ids = put_in_order(CareResource.objects.all(), resource_ids)
    if ids:  # the row names the list by its first resource; the order is in its data
        first = CareResource.objects.get(pk=ids[0])
        record_audit_event(
            actor=actor,
            verb="wellbeing.care_resources_reordered",
            target=first,
            data={"order": ids},
        )
    return ids
