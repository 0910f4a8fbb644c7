from django.db import migrations

# A row trigger (0002) never fires on TRUNCATE, which empties the table in one statement.
# The statement-level trigger closes that gap. ``cuida.allow_ledger_truncate`` is the one
# deliberate way through: the test suite's flush sets it for its own transaction only
# (tests/conftest.py), like an operator who drops a trigger would have to mean it.
FORBID_TRUNCATE = """
CREATE OR REPLACE FUNCTION recognition_ledger_no_truncate() RETURNS trigger AS $$
BEGIN
    IF current_setting('cuida.allow_ledger_truncate', true) = 'on' THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'ledger entries are append-only; post a reversing entry'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER recognition_ledger_no_truncate
    BEFORE TRUNCATE ON recognition_ledgerentry
    FOR EACH STATEMENT EXECUTE FUNCTION recognition_ledger_no_truncate();
"""
ALLOW_TRUNCATE = """
DROP TRIGGER IF EXISTS recognition_ledger_no_truncate ON recognition_ledgerentry;
DROP FUNCTION IF EXISTS recognition_ledger_no_truncate();
"""


def forbid_truncate(apps, schema_editor):
    # PostgreSQL only, like 0002: SQLite has no TRUNCATE and relies on the model.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORBID_TRUNCATE)


def allow_truncate(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_TRUNCATE)


class Migration(migrations.Migration):
    dependencies = [("recognition", "0004_kudos_from_customer")]

    operations = [migrations.RunPython(forbid_truncate, allow_truncate)]
