"""The default rule set: one example of every effect and of every kind of rule (threshold,
lower is better with guardrails, personal best, most improved, team goal), kind and
specific in both languages.
Installed by ``manage.py install_default_rules`` (and by the demo data)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q

from performance.models import EventType, Metric, Rule, RuleEffect, RuleGuardrail
from recognition.services.badges import ensure_badge_class

FEEDBACK, POINTS, BADGE, BREAK = (
    RuleEffect.Kind.FEEDBACK,
    RuleEffect.Kind.POINTS,
    RuleEffect.Kind.BADGE,
    RuleEffect.Kind.BREAK,
)

DEFAULT_RULES: list[dict[str, Any]] = [
    {
        "name_en": "Customers thanked you this week",
        "name_es": "Clientes agradecidos esta semana",
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
        "name_en": "Customer favourite of the month",
        "name_es": "Favorito de los clientes del mes",
        "type": "customer_compliment",
        "aggregate": "count",
        "aggregate_value": 5,
        "window_days": 30,
        "effects": [(BADGE, "customer-favourite")],
    },
    {
        "name_en": "Great CSAT week",
        "name_es": "Gran semana de satisfacción",
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
        "name_en": "Excellent QA review",
        "name_es": "Evaluación de calidad excelente",
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
    # The fair kinds (issue 15): a lower-is-better threshold held by guardrails, a personal
    # best, a most improved and a team goal. Their placeholders are the engine's context:
    # value, count, best, baseline, improvement_percent, team.
    {
        "name_en": "Quick and careful calls",
        "name_es": "Llamadas ágiles y cuidadosas",
        "type": "call_completed",
        "aggregate": "mean",
        "aggregate_metric": "handle_time_s",
        "aggregate_op": "<=",
        "aggregate_value": 330,
        "window_days": 7,
        "min_count": 20,
        # Only when quality and first-contact resolution held: speed bought with either
        # earns nothing.
        "guardrails": [("qa_review", "score", 5), ("first_contact_resolution", "rate", 5)],
        "effects": [
            (
                FEEDBACK,
                "Your {count} calls this week took {value} s on average, and your quality and "
                "first-contact resolution held steady. Quick and careful at once: well done.",
                "Tus {count} llamadas de esta semana duraron {value} s en promedio, y tu "
                "calidad y tu resolución al primer contacto se mantuvieron. Agilidad y cuidado "
                "a la vez: ¡bien hecho!",
            ),
            (POINTS, 25),
        ],
    },
    {
        "name_en": "Your best CSAT week",
        "name_es": "Tu mejor semana de satisfacción",
        "type": "csat_response",
        "kind": "personal_best",
        "aggregate": "mean",
        "aggregate_metric": "score",
        "window_days": 7,
        "min_count": 10,
        "baseline_windows": 4,
        "effects": [
            (
                FEEDBACK,
                "Customers rated you {value} on average in {count} surveys this week: your best "
                "in the last weeks (before, your best was {best}). Whatever you tried, it "
                "worked.",
                "Tus clientes te calificaron con {value} en promedio en {count} encuestas esta "
                "semana: tu mejor marca de las últimas semanas (antes, {best}). Lo que probaste "
                "funcionó.",
            ),
        ],
    },
    {
        "name_en": "Most improved handle time",
        "name_es": "Mayor mejora en tiempo de atención",
        "type": "call_completed",
        "kind": "most_improved",
        "aggregate": "mean",
        "aggregate_metric": "handle_time_s",
        "window_days": 7,
        "min_count": 40,
        "baseline_windows": 4,
        "margin_percent": 10,
        "guardrails": [("qa_review", "score", 5)],
        "effects": [
            (
                FEEDBACK,
                "Over {count} calls this week your average handle time went from {baseline} s "
                "to {value} s, {improvement_percent} % better, and your quality held. That is "
                "real progress, and it is yours.",
                "En {count} llamadas esta semana tu tiempo medio de atención pasó de "
                "{baseline} s a {value} s, un {improvement_percent} % mejor, y tu calidad se "
                "mantuvo. Es un progreso real, y es tuyo.",
            ),
            (POINTS, 20),
        ],
    },
    {
        "name_en": "Team goal: solved on the first contact",
        "name_es": "Meta de equipo: resuelto al primer contacto",
        "type": "first_contact_resolution",
        "kind": "team_goal",
        "aggregate": "mean",
        "aggregate_metric": "rate",
        "aggregate_value": 0.75,
        "window_days": 7,
        "min_count": 20,
        "effects": [
            (
                FEEDBACK,
                "{team} solved {value} of contacts on the first try this week (goal: 0.75), "
                "across {count} records. A goal reached together: thank you for your part.",
                "{team} resolvió {value} de los contactos al primer intento esta semana (meta: "
                "0,75), en {count} registros. Una meta alcanzada en equipo: gracias por tu "
                "parte.",
            ),
            (POINTS, 15),
        ],
    },
    {
        "name_en": "After a hard call",
        "name_es": "Después de una llamada difícil",
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


# (event type, key, English, Spanish, unit, which way is better); migration 0008 holds a
# copy, which declared them on existing installations.
DEFAULT_METRICS = [
    ("call_completed", "handle_time_s", "Handle time", "Tiempo de atención", "seconds", "lower"),
    ("call_completed", "hold_s", "Hold time", "Tiempo en espera", "seconds", "lower"),
    (
        "csat_response",
        "score",
        "Satisfaction score",
        "Puntuación de satisfacción",
        "score",
        "higher",
    ),
    ("qa_review", "score", "Quality score", "Puntuación de calidad", "score", "higher"),
    (
        "first_contact_resolution",
        "rate",
        "First-contact resolution rate",
        "Tasa de resolución al primer contacto",
        "ratio",
        "higher",
    ),
    ("first_contact_resolution", "calls", "Calls", "Llamadas", "count", "neutral"),
    ("adherence", "percent", "Adherence", "Adherencia", "percent", "higher"),
    ("escalation", "handle_time_s", "Handle time", "Tiempo de atención", "seconds", "lower"),
]


def ensure_default_event_types() -> None:
    """The built-in event types and their metrics (migrations create them; this restores
    them)."""
    types = {}
    for position, (slug, name_en, name_es) in enumerate(DEFAULT_EVENT_TYPES):
        types[slug], _created = EventType.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_es": name_es, "position": position}
        )
    for position, (slug, key, name_en, name_es, unit, direction) in enumerate(DEFAULT_METRICS):
        Metric.objects.get_or_create(
            event_type=types[slug],
            key=key,
            defaults={
                "name_en": name_en,
                "name_es": name_es,
                "unit": unit,
                "direction": direction,
                "position": position,
            },
        )


def _translate_untouched(row: Rule, texts: dict[str, str]) -> None:
    """Give Spanish to a default rule that still holds one text in both languages (what the
    migration to bilingual fields left); a text HR has since edited is theirs, kept as is.
    (The default badge gets the same from ``ensure_badge_class``.)"""
    changed = []
    for field in {name[:-3] for name in texts}:
        english, spanish = texts[f"{field}_en"], texts[f"{field}_es"]
        if getattr(row, f"{field}_es") == getattr(row, f"{field}_en") == english != spanish:
            setattr(row, f"{field}_es", spanish)
            changed.append(f"{field}_es")
    if changed:
        row.save(update_fields=sorted(changed))


@transaction.atomic
def install_default_rules() -> int:
    """Create the default rules that do not exist yet (by name in either language), and
    translate the ones an older version installed in English only. Returns how many new."""
    ensure_default_event_types()
    badge = ensure_badge_class(
        slug="customer-favourite",
        name_en="Customer Favourite",
        name_es="Favorito de los clientes",
        description_en="Five customers took the time to thank this agent in one month.",
        description_es="Cinco clientes se tomaron el tiempo de dar las gracias a esta persona "
        "en un mes.",
        criteria_en="Five customer compliments within a 30-day window.",
        criteria_es="Cinco felicitaciones de clientes en un periodo de 30 días.",
        repeatable=True,
    )
    created = 0
    for spec in DEFAULT_RULES:
        names = {"name_en": spec["name_en"], "name_es": spec["name_es"]}
        existing = Rule.objects.filter(
            Q(name_en=spec["name_en"]) | Q(name_es=spec["name_es"])
        ).first()
        if existing is not None:
            _translate_untouched(existing, names)
            continue
        rule = Rule.objects.create(
            **names,
            event_type=EventType.objects.get(slug=spec["type"]),
            condition=spec.get("condition", {}),
            aggregate=spec.get("aggregate", ""),
            aggregate_metric=spec.get("aggregate_metric", ""),
            aggregate_value=spec.get("aggregate_value"),
            window_days=spec.get("window_days"),
            min_count=spec.get("min_count", 1),
            kind=spec.get("kind", Rule.Kind.THRESHOLD),
            aggregate_op=spec.get("aggregate_op", ">="),
            baseline_windows=spec.get("baseline_windows", 4),
            margin_percent=spec.get("margin_percent", 10),
        )
        for type_slug, key, tolerance in spec.get("guardrails", ()):
            RuleGuardrail.objects.create(
                rule=rule,
                metric=Metric.objects.get(event_type__slug=type_slug, key=key),
                tolerance_percent=tolerance,
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
