"""The default rule set: one example of every effect, kind and specific in both languages.
Installed by ``manage.py install_default_rules`` (and by the demo data)."""

from __future__ import annotations

from django.db import transaction

from performance.models import EventType, Rule, RuleEffect
from recognition.models import BadgeClass

FEEDBACK, POINTS, BADGE, BREAK = (
    RuleEffect.Kind.FEEDBACK,
    RuleEffect.Kind.POINTS,
    RuleEffect.Kind.BADGE,
    RuleEffect.Kind.BREAK,
)

DEFAULT_RULES = [
    {
        "name": "Customers thanked you this week",
        "type": "customer_compliment",
        "aggregate": "count",
        "aggregate_value": 3,
        "window_days": 7,
        "effects": [
            (
                FEEDBACK,
                "{count} customers thanked you this week. Your kindness is noticed.",
                "{count} clientes te dieron las gracias esta semana. Tu amabilidad se nota.",
            ),
            (POINTS, 20),
        ],
    },
    {
        "name": "Customer favourite of the month",
        "type": "customer_compliment",
        "aggregate": "count",
        "aggregate_value": 5,
        "window_days": 30,
        "effects": [(BADGE, "customer-favourite")],
    },
    {
        "name": "Great CSAT week",
        "type": "csat_response",
        "aggregate": "mean",
        "aggregate_metric": "score",
        "aggregate_value": 4.5,
        "window_days": 7,
        "min_count": 10,
        "effects": [
            (
                FEEDBACK,
                "Your customers rated you {value} on average in {count} surveys this week.",
                "Tus clientes te calificaron con {value} en promedio en {count} encuestas "
                "esta semana.",
            ),
            (POINTS, 30),
        ],
    },
    {
        "name": "Excellent QA review",
        "type": "qa_review",
        "condition": {"all": [{"metric": "score", "op": ">=", "value": 90}]},
        "effects": [
            (
                FEEDBACK,
                "Your QA review scored {score}. Great attention to detail!",
                "Tu evaluación de calidad obtuvo {score}. ¡Gran atención al detalle!",
            ),
            (POINTS, 10),
        ],
    },
    {
        "name": "After a hard call",
        "type": "escalation",
        "effects": [
            (
                BREAK,
                "That sounded like a tough call. Take five minutes for yourself; a check-in "
                "is here if you want it.",
                "Esa llamada sonó difícil. Tómate cinco minutos para ti; tu registro del día "
                "está aquí si lo quieres.",
            ),
        ],
    },
]


DEFAULT_EVENT_TYPES = [
    ("call_completed", "Call completed", "Llamada completada"),
    ("csat_response", "CSAT response", "Respuesta de satisfacción"),
    ("qa_review", "QA review", "Evaluación de calidad"),
    ("adherence", "Schedule adherence", "Adherencia al horario"),
    ("first_contact_resolution", "First-contact resolution", "Resolución al primer contacto"),
    ("customer_compliment", "Customer compliment", "Felicitación de un cliente"),
    ("escalation", "Escalation", "Escalamiento"),
]


def ensure_default_event_types() -> None:
    """The built-in event types (the first migration creates them; this restores them)."""
    for position, (slug, name_en, name_es) in enumerate(DEFAULT_EVENT_TYPES):
        EventType.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_es": name_es, "position": position}
        )


@transaction.atomic
def install_default_rules() -> int:
    """Create the default rules that do not exist yet (by name). Returns how many."""
    ensure_default_event_types()
    badge, _ = BadgeClass.objects.get_or_create(
        slug="customer-favourite",
        defaults={
            "name": "Customer Favourite",
            "description": "Five customers took the time to thank this agent in one month.",
            "criteria": "Five customer compliments within a 30-day window.",
            "repeatable": True,
        },
    )
    created = 0
    for spec in DEFAULT_RULES:
        if Rule.objects.filter(name=spec["name"]).exists():
            continue
        rule = Rule.objects.create(
            name=spec["name"],
            event_type=EventType.objects.get(slug=spec["type"]),
            condition=spec.get("condition", {}),
            aggregate=spec.get("aggregate", ""),
            aggregate_metric=spec.get("aggregate_metric", ""),
            aggregate_value=spec.get("aggregate_value"),
            window_days=spec.get("window_days"),
            min_count=spec.get("min_count", 1),
        )
        for effect in spec["effects"]:
            kind = effect[0]
            if kind in (FEEDBACK, BREAK):
                RuleEffect.objects.create(
                    rule=rule, kind=kind, message_en=effect[1], message_es=effect[2]
                )
            elif kind == POINTS:
                RuleEffect.objects.create(rule=rule, kind=kind, points=effect[1])
            else:
                RuleEffect.objects.create(rule=rule, kind=kind, badge_class=badge)
        created += 1
    return created
