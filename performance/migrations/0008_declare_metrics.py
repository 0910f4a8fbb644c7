"""Declare the metrics the built-in event types carry, and any metric an existing rule
already uses, so every rule stays valid now that rules may use declared metrics only."""

from django.db import migrations

# (event type, key, English, Spanish, unit, direction): kept in step with
# ``performance.defaults.DEFAULT_METRICS`` (a migration must not import app code).
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


def _condition_metrics(condition):
    if not isinstance(condition, dict):
        return
    for group in ("all", "any"):
        for item in condition.get(group) or []:
            yield from _condition_metrics(item)
    if isinstance(condition.get("metric"), str):
        yield condition["metric"]


def declare(apps, schema_editor):
    EventType = apps.get_model("performance", "EventType")
    Metric = apps.get_model("performance", "Metric")
    Rule = apps.get_model("performance", "Rule")
    types = {t.slug: t for t in EventType.objects.all()}
    for position, (slug, key, name_en, name_es, unit, direction) in enumerate(DEFAULT_METRICS):
        if slug in types:
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
    for rule in Rule.objects.all():
        used = set(_condition_metrics(rule.condition))
        if rule.aggregate_metric:
            used.add(rule.aggregate_metric)
        for key in used:
            Metric.objects.get_or_create(
                event_type_id=rule.event_type_id,
                key=key,
                defaults={"name_en": key, "name_es": key, "position": 100},
            )


class Migration(migrations.Migration):
    dependencies = [("performance", "0007_metrics_and_fair_rules")]

    operations = [migrations.RunPython(declare, migrations.RunPython.noop)]
