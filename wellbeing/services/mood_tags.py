"""HR's writes on check-in tags (the words agents pick: tired, proud, tough call…).

A tag's code (slug) is made from its English name once and never changes: check-ins,
published trend windows (``TrendCell.tag_counts``) and the API name tags by it. Tags are
never deleted from HR's pages, only deactivated: old check-ins keep showing them, and
whether a tag was ever used is itself something about people that HR do not see.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.exceptions import ConflictError
from core.services import clean_names, record_audit_event
from core.slugs import unique_slug
from people.models import User
from people.permissions import require_hr
from wellbeing.models import MoodTag
from wellbeing.services.ordering import next_position, put_in_order

HR_ONLY = gettext_lazy("Only HR can change the check-in tags.")


def _refuse_taken_names(name_en: str, name_es: str, *, other_than: MoodTag | None = None) -> None:
    """Two chips with one word would confuse agents: a 409 on the name already used, in
    either language, by any tag (an inactive one can be reactivated instead)."""
    errors: dict[str, list[str]] = {}
    tags = MoodTag.objects.exclude(pk=other_than.pk) if other_than else MoodTag.objects.all()
    for field, name in (("name_en", name_en), ("name_es", name_es)):
        if tags.filter(Q(name_en__iexact=name) | Q(name_es__iexact=name)).exists():
            errors[field] = [_("Another tag already has this name.")]
    if errors:
        raise ConflictError(_("A tag with this name already exists."), errors=errors)


@transaction.atomic
def create_mood_tag(*, actor: User, name_en: str, name_es: str) -> MoodTag:
    """A new active tag at the end of the list; its code comes from the English name."""
    require_hr(actor, HR_ONLY)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    _refuse_taken_names(name_en, name_es)
    tag = MoodTag.objects.create(
        slug=unique_slug(MoodTag, name_en, fallback="tag"),
        name_en=name_en,
        name_es=name_es,
        position=next_position(MoodTag.objects.all()),
    )
    record_audit_event(
        actor=actor,
        verb="wellbeing.mood_tag_created",
        target=tag,
        data={"name_en": name_en, "name_es": name_es},
    )
    return tag


@transaction.atomic
def update_mood_tag(*, actor: User, tag: MoodTag, name_en: str, name_es: str) -> MoodTag:
    """Rename a tag; its code stays, so its check-ins and published trends keep it."""
    require_hr(actor, HR_ONLY)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    _refuse_taken_names(name_en, name_es, other_than=tag)
    before = {"name_en": tag.name_en, "name_es": tag.name_es}
    tag.name_en, tag.name_es = name_en, name_es
    tag.save(update_fields=["name_en", "name_es"])
    record_audit_event(
        actor=actor,
        verb="wellbeing.mood_tag_updated",
        target=tag,
        data={"before": before, "after": {"name_en": name_en, "name_es": name_es}},
    )
    return tag


@transaction.atomic
def set_mood_tag_active(*, actor: User, tag: MoodTag, active: bool) -> MoodTag:
    """Deactivate a tag (it leaves the check-in form; old check-ins keep it) or bring it
    back. Asking for the state it is already in writes nothing, so a double click is
    harmless."""
    require_hr(actor, HR_ONLY)
    changed = MoodTag.objects.filter(pk=tag.pk, active=not active).update(active=active)
    tag.active = active
    if changed:
        verb = "wellbeing.mood_tag_reactivated" if active else "wellbeing.mood_tag_deactivated"
        record_audit_event(actor=actor, verb=verb, target=tag)
    return tag


@transaction.atomic
def reorder_mood_tags(*, actor: User, tag_ids: Sequence[Any]) -> list[int]:
    """The order of the chips on the check-in form: every tag's id, each exactly once."""
    require_hr(actor, HR_ONLY)
    ids = put_in_order(MoodTag.objects.all(), tag_ids)
    if ids:  # the row names the list by its first tag; the order is in its data
        first = MoodTag.objects.get(pk=ids[0])
        record_audit_event(
            actor=actor, verb="wellbeing.mood_tags_reordered", target=first, data={"order": ids}
        )
    return ids
