from django.db import migrations

TAGS = [
    ("tired", "Tired", "Cansancio"),
    ("proud", "Proud", "Orgullo"),
    ("overwhelmed", "Overwhelmed", "Agobio"),
    ("tough-call", "Tough call", "Llamada difícil"),
    ("supported", "Supported", "Apoyo"),
    ("bored", "Bored", "Aburrimiento"),
    ("grateful", "Grateful", "Gratitud"),
    ("lonely", "Lonely", "Soledad"),
]

RESOURCES = [
    (
        "Take a short pause",
        "Toma una pausa corta",
        "Two minutes away from the headset help more than they seem: stand up, breathe "
        "slowly, drink some water.",
        "Dos minutos lejos de la diadema ayudan más de lo que parece: ponte de pie, respira "
        "despacio, toma agua.",
    ),
    (
        "Talk to someone",
        "Habla con alguien",
        "Your lead can make room for a chat, and HR can put you in touch with the employee "
        "assistance programme. Asking is a sign of strength.",
        "Tu líder puede hacer un espacio para conversar y RR. HH. puede ponerte en contacto con "
        "el programa de apoyo al empleado. Pedir ayuda es una fortaleza.",
    ),
]


def create_defaults(apps, schema_editor):
    MoodTag = apps.get_model("wellbeing", "MoodTag")
    CareResource = apps.get_model("wellbeing", "CareResource")
    for position, (slug, name_en, name_es) in enumerate(TAGS):
        MoodTag.objects.get_or_create(
            slug=slug, defaults={"name_en": name_en, "name_es": name_es, "position": position}
        )
    if not CareResource.objects.exists():
        for position, (title_en, title_es, body_en, body_es) in enumerate(RESOURCES):
            CareResource.objects.create(
                title_en=title_en,
                title_es=title_es,
                body_en=body_en,
                body_es=body_es,
                position=position,
            )


class Migration(migrations.Migration):
    dependencies = [("wellbeing", "0001_initial")]

    operations = [migrations.RunPython(create_defaults, migrations.RunPython.noop)]
