"""HR's company values (the tags kudos celebrate): create, edit, retire and bring back.

A retired value stays on the kudos that named it; nobody can choose it for a new one
(``selectors.active_values``). Its code is made from its name once and never changes:
the leaderboard filters and the API name values by it.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError
from core.services import clean_names, record_audit_event
from core.slugs import unique_slug
from people.models import User
from people.permissions import require_hr
from recognition.models import ValueTag

DESCRIPTION_MAX_LENGTH = ValueTag._meta.get_field("description_es").max_length or 200


def _texts(
    *, name_en: str, name_es: str, description_en: str, description_es: str
) -> dict[str, str]:
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    texts = {
        "name_en": name_en,
        "name_es": name_es,
        "description_en": description_en.strip(),
        "description_es": description_es.strip(),
    }
    too_long = _("At most %(n)s characters.") % {"n": DESCRIPTION_MAX_LENGTH}
    errors = {
        field: [too_long]
        for field in ("description_en", "description_es")
        if len(texts[field]) > DESCRIPTION_MAX_LENGTH
    }
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return texts


def _refuse_taken_names(texts: dict[str, str], *, other_than: ValueTag | None = None) -> None:
    errors: dict[str, list[str]] = {}
    for field in ("name_en", "name_es"):
        taken = ValueTag.objects.filter(**{f"{field}__iexact": texts[field]})
        if other_than is not None:
            taken = taken.exclude(pk=other_than.pk)
        if taken.exists():
            errors[field] = [_("Another value has this name.")]
    if errors:
        raise ConflictError(_("A company value with this name already exists."), errors=errors)


@transaction.atomic
def create_value(
    *, actor: User, name_en: str, name_es: str, description_en: str = "", description_es: str = ""
) -> ValueTag:
    """A new value, last in the order agents see."""
    require_hr(actor)
    texts = _texts(
        name_en=name_en,
        name_es=name_es,
        description_en=description_en,
        description_es=description_es,
    )
    _refuse_taken_names(texts)
    last = ValueTag.objects.aggregate(last=Max("position"))["last"]
    value = ValueTag.objects.create(
        slug=unique_slug(ValueTag, texts["name_en"], texts["name_es"], max_length=40),
        position=0 if last is None else last + 1,
        **texts,
    )
    record_audit_event(actor=actor, verb="recognition.value_created", target=value, data=texts)
    return value


@transaction.atomic
def update_value(
    *,
    actor: User,
    value: ValueTag,
    name_en: str,
    name_es: str,
    description_en: str = "",
    description_es: str = "",
    position: int | None = None,
) -> ValueTag:
    require_hr(actor)
    texts = _texts(
        name_en=name_en,
        name_es=name_es,
        description_en=description_en,
        description_es=description_es,
    )
    _refuse_taken_names(texts, other_than=value)
    if position is not None and not 0 <= position <= 32767:
        message = _("Give a whole number from %(low)s to %(high)s.") % {"low": 0, "high": 32767}
        raise DomainError(message, errors={"position": [message]})
    value = ValueTag.objects.select_for_update().get(pk=value.pk)
    before = {field: getattr(value, field) for field in texts}
    for field, text in texts.items():
        setattr(value, field, text)
    if position is not None:
        value.position = position
    value.save()
    changed = {
        field: [before[field], text] for field, text in texts.items() if before[field] != text
    }
    record_audit_event(actor=actor, verb="recognition.value_updated", target=value, data=changed)
    return value


@transaction.atomic
def set_value_active(*, actor: User, value: ValueTag, active: bool) -> ValueTag:
    """Retire a value (``active=False``) or bring it back; doing it twice changes nothing."""
    require_hr(actor)
    value = ValueTag.objects.select_for_update().get(pk=value.pk)
    if value.active != active:
        value.active = active
        value.save(update_fields=["active"])
        verb = "recognition.value_reactivated" if active else "recognition.value_retired"
        record_audit_event(actor=actor, verb=verb, target=value)
    return value
