from django.db import migrations

FORBID_CHANGES = """
CREATE OR REPLACE FUNCTION recognition_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'ledger entries are append-only; post a reversing entry'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER recognition_ledger_append_only
    BEFORE UPDATE OR DELETE ON recognition_ledgerentry
    FOR EACH ROW EXECUTE FUNCTION recognition_ledger_append_only();
"""
ALLOW_CHANGES = """
DROP TRIGGER IF EXISTS recognition_ledger_append_only ON recognition_ledgerentry;
DROP FUNCTION IF EXISTS recognition_ledger_append_only();
"""

VALUES = [
    ("empathy", "Empathy", "Empatía", "Made a customer feel heard.", "Hizo que un cliente se sintiera escuchado."),
    ("first-contact-resolution", "First-contact resolution", "Resolución al primer contacto", "Solved it the first time.", "Lo resolvió a la primera."),
    ("teamwork", "Teamwork", "Trabajo en equipo", "Helped a colleague.", "Ayudó a un colega."),
    ("extra-mile", "Going the extra mile", "Ir más allá", "Did more than was asked.", "Hizo más de lo que se pedía."),
]


def forbid_changes(apps, schema_editor):
    # PostgreSQL only: the trigger backs the model's refusal at the database itself, so
    # not even raw SQL or a future bug can rewrite history. SQLite relies on the model.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID_CHANGES)


def allow_changes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_CHANGES)


def create_values(apps, schema_editor):
    ValueTag = apps.get_model("recognition", "ValueTag")
    for position, (slug, name_en, name_es, desc_en, desc_es) in enumerate(VALUES):
        ValueTag.objects.get_or_create(
            slug=slug,
            defaults={
                "name_en": name_en,
                "name_es": name_es,
                "description_en": desc_en,
                "description_es": desc_es,
                "position": position,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("recognition", "0001_initial")]

    operations = [
        migrations.RunPython(forbid_changes, allow_changes),
        migrations.RunPython(create_values, migrations.RunPython.noop),
    ]
