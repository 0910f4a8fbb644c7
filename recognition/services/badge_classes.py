"""HR's badges: create, edit, retire and bring back (the awards are
``recognition.services.badges``).

A badge's code is made from its name once and never changes: it is in the public Open
Badges addresses people carried to LinkedIn or a backpack. Turning ``repeatable`` on or off
only changes what later awards may do: each award keeps the one-per-person rule it was
given (``BadgeAward.one_per_person``), so no existing award becomes invalid. A retired
badge keeps its awards; nobody, and no rule, can award it (``award_badge``, ``grants``).
"""

from __future__ import annotations

from typing import TypedDict

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError
from core.services import clean_names, record_audit_event
from core.slugs import unique_slug
from people.models import User
from people.permissions import require_hr
from recognition.models import BadgeClass
from recognition.openbadges import default_badge_png
from recognition.services.catalog_images import checked_image, replace_image


class BadgeTexts(TypedDict):
    name_en: str
    name_es: str
    description_en: str
    description_es: str
    criteria_en: str
    criteria_es: str


def _texts(texts: BadgeTexts) -> BadgeTexts:
    name_en, name_es = clean_names(name_en=texts["name_en"], name_es=texts["name_es"])
    cleaned = BadgeTexts(
        name_en=name_en,
        name_es=name_es,
        description_en=texts["description_en"].strip(),
        description_es=texts["description_es"].strip(),
        criteria_en=texts["criteria_en"].strip(),
        criteria_es=texts["criteria_es"].strip(),
    )
    errors: dict[str, list[str]] = {}
    if not cleaned["description_es"]:
        errors["description_es"] = [_("Describe the badge in Spanish.")]
    if not cleaned["criteria_es"]:
        errors["criteria_es"] = [_("Say in Spanish how to earn it.")]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return cleaned


def _refuse_taken_names(texts: BadgeTexts, *, other_than: BadgeClass | None = None) -> None:
    errors: dict[str, list[str]] = {}
    for field in ("name_en", "name_es"):
        taken = BadgeClass.objects.filter(**{f"{field}__iexact": texts[field]})
        if other_than is not None:
            taken = taken.exclude(pk=other_than.pk)
        if taken.exists():
            errors[field] = [_("Another badge has this name.")]
    if errors:
        raise ConflictError(_("A badge with this name already exists."), errors=errors)


@transaction.atomic
def create_badge_class(
    *,
    actor: User,
    texts: BadgeTexts,
    repeatable: bool = False,
    image: File | None = None,
) -> BadgeClass:
    """A new active badge; without an uploaded picture it gets a generated one (its
    initials on a medal, ``openbadges.default_badge_png``)."""
    require_hr(actor)
    cleaned = _texts(texts)
    picture = checked_image(image)
    _refuse_taken_names(cleaned)
    badge = BadgeClass(
        slug=unique_slug(BadgeClass, cleaned["name_en"], cleaned["name_es"], max_length=60),
        repeatable=repeatable,
        **cleaned,
    )
    replace_image(badge.image, picture or default_badge_png(cleaned["name_es"]))
    badge.save()
    record_audit_event(
        actor=actor,
        verb="recognition.badge_class_created",
        target=badge,
        data={**cleaned, "repeatable": repeatable, "image": "uploaded" if picture else "generated"},
    )
    return badge


@transaction.atomic
def update_badge_class(
    *,
    actor: User,
    badge_class: BadgeClass,
    texts: BadgeTexts,
    repeatable: bool,
    image: File | None = None,
    generate_image: bool = False,
) -> BadgeClass:
    """New texts and rules; a new picture when one is uploaded, or a generated one when
    ``generate_image`` (an upload wins when both come)."""
    require_hr(actor)
    cleaned = _texts(texts)
    picture = checked_image(image)
    _refuse_taken_names(cleaned, other_than=badge_class)
    badge = BadgeClass.objects.select_for_update().get(pk=badge_class.pk)
    changed: dict[str, object] = {
        field: [getattr(badge, field), text]
        for field, text in cleaned.items()
        if getattr(badge, field) != text
    }
    for field, text in cleaned.items():
        setattr(badge, field, text)
    if badge.repeatable != repeatable:
        changed["repeatable"] = [badge.repeatable, repeatable]
        badge.repeatable = repeatable
    if picture is not None:
        replace_image(badge.image, picture)
        changed["image"] = "uploaded"
    elif generate_image or not badge.image:
        replace_image(badge.image, default_badge_png(badge.name_es))
        changed["image"] = "generated"
    badge.save()
    record_audit_event(
        actor=actor, verb="recognition.badge_class_updated", target=badge, data=changed
    )
    return badge


@transaction.atomic
def set_badge_class_active(*, actor: User, badge_class: BadgeClass, active: bool) -> BadgeClass:
    """Retire a badge (``active=False``) or bring it back; doing it twice changes nothing."""
    require_hr(actor)
    badge = BadgeClass.objects.select_for_update().get(pk=badge_class.pk)
    if badge.active != active:
        badge.active = active
        badge.save(update_fields=["active", "updated_at"])
        verb = (
            "recognition.badge_class_reactivated" if active else "recognition.badge_class_retired"
        )
        record_audit_event(actor=actor, verb=verb, target=badge)
    return badge
