from django.db import migrations

EVENT_TYPES = [
    ("call_completed", "Call completed", "Llamada completada"),
    ("csat_response", "CSAT response", "Respuesta de satisfacción"),
    ("qa_review", "QA review", "Evaluación de calidad"),
    ("adherence", "Schedule adherence", "Adherencia al horario"),
    ("first_contact_resolution", "First-contact resolution", "Resolución al primer contacto"),
    ("customer_compliment", "Customer compliment", "Felicitación de un cliente"),
    ("escalation", "Escalation", "Escalamiento"),
]


def create_event_types(apps, schema_editor):
    EventType = apps.get_model("performance", "EventType")
    for position, (slug, name_en, name_es) in enumerate(EVENT_TYPES):
        EventType.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_es": name_es, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("performance", "0001_initial")]

    operations = [migrations.RunPython(create_event_types, migrations.RunPython.noop)]
