"""HR's writes on event types and the metrics they declare (name, unit, which way is
better). Integrations send an event type's code and its metrics' keys, so a code is made
once from the English name and never changes; a metric an active rule uses stays."""

from __future__ import annotations

import re

from django.db import transaction
from django.utils.translation import gettext as _

from core.exceptions import ConflictError, DomainError
from core.services import clean_names, record_audit_event
from core.slugs import unique_slug
from people.models import User
from people.permissions import require_hr
from performance import event_type_selectors
from performance.models import EventType, Metric, RuleGuardrail

METRIC_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
KEY_MAX_LENGTH = Metric._meta.get_field("key").max_length or 60


@transaction.atomic
def create_event_type(*, actor: User, name_en: str, name_es: str) -> EventType:
    require_hr(actor)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    last = EventType.objects.order_by("-position").values_list("position", flat=True).first()
    event_type = EventType.objects.create(
        slug=unique_slug(EventType, name_en, separator="_", fallback="event"),
        name_en=name_en,
        name_es=name_es,
        position=(last or 0) + 1,
    )
    record_audit_event(
        actor=actor, verb="event_type.created", target=event_type, data={"slug": event_type.slug}
    )
    return event_type


@transaction.atomic
def update_event_type(
    *, actor: User, event_type: EventType, name_en: str, name_es: str, active: bool
) -> EventType:
    """Rename or switch off an event type; its code stays (integrations send it)."""
    require_hr(actor)
    name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    before = {"name_en": event_type.name_en, "name_es": event_type.name_es}
    event_type.name_en, event_type.name_es, event_type.active = name_en, name_es, active
    event_type.save(update_fields=["name_en", "name_es", "active"])
    record_audit_event(
        actor=actor,
        verb="event_type.updated",
        target=event_type,
        data={"before": before, "active": active},
    )
    return event_type


def _metric_errors(*, unit: str, direction: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if unit not in Metric.Unit.values:
        errors["unit"] = [_("Unknown unit.")]
    if direction not in Metric.Direction.values:
        errors["direction"] = [_("Say which way is better.")]
    return errors


@transaction.atomic
def add_metric(
    *,
    actor: User,
    event_type: EventType,
    key: str,
    name_en: str,
    name_es: str,
    unit: str,
    direction: str,
) -> Metric:
    """Declare a number ``event_type``'s events carry, by the key integrations send."""
    require_hr(actor)
    key = key.strip()
    errors = _metric_errors(unit=unit, direction=direction)
    if not METRIC_KEY.match(key) or len(key) > KEY_MAX_LENGTH:
        errors["key"] = [
            _("Use letters, digits and underscores, starting with a letter, e.g. handle_time_s.")
        ]
    elif Metric.objects.select_for_update().filter(event_type=event_type, key=key).exists():
        errors["key"] = [_("This event type already has a metric “%(key)s”.") % {"key": key}]
    try:
        name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    except DomainError as error:
        errors.update(error.errors)
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    last = event_type.metrics.order_by("-position").values_list("position", flat=True).first()
    metric = Metric.objects.create(
        event_type=event_type,
        key=key,
        name_en=name_en,
        name_es=name_es,
        unit=unit,
        direction=direction,
        position=(last or 0) + 1,
    )
    record_audit_event(
        actor=actor, verb="metric.added", target=metric, data={"event_type": event_type.slug}
    )
    return metric


@transaction.atomic
def update_metric(
    *, actor: User, metric: Metric, name_en: str, name_es: str, unit: str, direction: str
) -> Metric:
    """Rename a metric or change its unit or direction; its key stays (integrations send
    it). Making it context only is refused while an active rule rewards it."""
    require_hr(actor)
    errors = _metric_errors(unit=unit, direction=direction)
    try:
        name_en, name_es = clean_names(name_en=name_en, name_es=name_es)
    except DomainError as error:
        errors.update(error.errors)
    if errors:
        raise DomainError(_("Please correct the highlighted fields."), errors=errors)
    if direction == Metric.Direction.NEUTRAL and metric.direction != direction:
        _refuse_if_used(metric, _("Rules use this metric: %(rules)s. Change them first."))
    before = {"name_en": metric.name_en, "unit": metric.unit, "direction": metric.direction}
    metric.name_en, metric.name_es, metric.unit, metric.direction = (
        name_en,
        name_es,
        unit,
        direction,
    )
    metric.save(update_fields=["name_en", "name_es", "unit", "direction"])
    record_audit_event(actor=actor, verb="metric.updated", target=metric, data={"before": before})
    return metric


def _refuse_if_used(metric: Metric, message: str) -> None:
    names = [rule.name for rule in event_type_selectors.rules_using_metric(metric=metric)]
    # An inactive rule's guardrail keeps its metric too (the database protects it).
    names += [
        g.rule.name
        for g in RuleGuardrail.objects.filter(metric=metric, rule__active=False).select_related(
            "rule"
        )
    ]
    if names:
        raise ConflictError(
            message % {"rules": ", ".join(sorted(set(names)))},
            errors={"metric": [message % {"rules": ", ".join(sorted(set(names)))}]},
        )


@transaction.atomic
def remove_metric(*, actor: User, metric: Metric) -> None:
    """Remove a metric no active rule or guardrail uses (409 naming the rules otherwise)."""
    require_hr(actor)
    Metric.objects.select_for_update().filter(pk=metric.pk).first()
    _refuse_if_used(metric, _("Rules use this metric: %(rules)s. Change or switch them off first."))
    record_audit_event(
        actor=actor,
        verb="metric.removed",
        target=metric,
        data={"event_type": metric.event_type.slug, "key": metric.key},
    )
    metric.delete()
