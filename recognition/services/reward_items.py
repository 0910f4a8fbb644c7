"""HR's reward catalog: create, edit, retire and bring back rewards.

Stock counts what is left: a request takes one unit and a rejected or cancelled request
gives it back (``services.redemptions``). HR setting the stock here replaces the count,
under the same row lock those take, so a request in flight is never lost or counted twice.
A retired reward, or one outside its availability window, leaves the agents' catalog and
cannot be requested; requests already made go on as they were.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, TypedDict

from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import DomainError
from core.services import clean_names, record_audit_event
from people.models import User
from people.permissions import require_hr
from recognition.models import RewardItem
from recognition.services.catalog_images import checked_image, replace_image

MAX_COST = 1_000_000
MAX_STOCK = 1_000_000


class RewardFields(TypedDict):
    name_en: str
    name_es: str
    description_en: str
    description_es: str
    cost: int
    stock: int | None
    available_from: dt.date | None
    available_until: dt.date | None


def _whole(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return None


def _checked(fields: RewardFields) -> RewardFields:
    name_en, name_es = clean_names(name_en=fields["name_en"], name_es=fields["name_es"])
    errors: dict[str, list[str]] = {}
    cost = _whole(fields["cost"])
    if cost is None or not 1 <= cost <= MAX_COST:
        errors["cost"] = [_("The cost is a whole number of points, at least 1.")]
    stock = fields["stock"]
    if stock is not None:
        stock = _whole(stock)
        if stock is None or not 0 <= stock <= MAX_STOCK:
            errors["stock"] = [_("The stock is a whole number, 0 or more; empty for unlimited.")]
    start, end = fields["available_from"], fields["available_until"]
    if start is not None and end is not None and end < start:
        errors["available_until"] = [_("The last day comes on or after the first day.")]
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    return RewardFields(
        name_en=name_en,
        name_es=name_es,
        description_en=fields["description_en"].strip(),
        description_es=fields["description_es"].strip(),
        cost=cost or 1,
        stock=stock,
        available_from=start,
        available_until=end,
    )


def _for_audit(fields: RewardFields) -> dict[str, Any]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else value
        for key, value in fields.items()
    }


@transaction.atomic
def create_reward_item(
    *, actor: User, fields: RewardFields, image: File | None = None
) -> RewardItem:
    """A new active reward in the agents' catalog (from its first day, if it has one)."""
    require_hr(actor)
    checked = _checked(fields)
    picture = checked_image(image)
    item = RewardItem(**checked)
    if picture is not None:
        replace_image(item.image, picture)
    item.save()
    record_audit_event(
        actor=actor,
        verb="recognition.reward_created",
        target=item,
        data={**_for_audit(checked), "image": bool(picture)},
    )
    return item


@transaction.atomic
def update_reward_item(
    *,
    actor: User,
    item: RewardItem,
    fields: RewardFields,
    image: File | None = None,
    remove_image: bool = False,
) -> RewardItem:
    require_hr(actor)
    checked = _checked(fields)
    picture = checked_image(image)
    # The lock requests and releases take (services.redemptions): the stock written here
    # is the count at this moment.
    item = RewardItem.objects.select_for_update().get(pk=item.pk)
    before = _for_audit(RewardFields(**{key: getattr(item, key) for key in checked}))  # type: ignore[typeddict-item]
    after = _for_audit(checked)
    changed: dict[str, Any] = {
        key: [before[key], value] for key, value in after.items() if before[key] != value
    }
    for key, value in checked.items():
        setattr(item, key, value)
    if picture is not None:
        replace_image(item.image, picture)
        changed["image"] = "uploaded"
    elif remove_image and item.image:
        transaction.on_commit(partial(item.image.storage.delete, item.image.name))
        item.image.name = ""
        changed["image"] = "removed"
    item.save()
    record_audit_event(actor=actor, verb="recognition.reward_updated", target=item, data=changed)
    return item


@transaction.atomic
def set_reward_item_active(*, actor: User, item: RewardItem, active: bool) -> RewardItem:
    """Retire a reward (``active=False``) or bring it back; doing it twice changes nothing."""
    require_hr(actor)
    item = RewardItem.objects.select_for_update().get(pk=item.pk)
    if item.active != active:
        item.active = active
        item.save(update_fields=["active", "updated_at"])
        verb = "recognition.reward_reactivated" if active else "recognition.reward_retired"
        record_audit_event(actor=actor, verb=verb, target=item)
    return item
