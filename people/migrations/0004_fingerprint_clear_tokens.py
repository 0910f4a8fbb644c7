"""DRF's authtoken app kept every personal API key in clear (``authtoken_token``). Each key
becomes a fingerprint in ``people.ApiToken``, so the scripts holding it keep working, then
the clear-text table goes. There is no way back: the keys are no longer anywhere."""

import datetime as dt
import hashlib

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder
from django.utils.dateparse import parse_datetime

LEGACY_TABLE = "authtoken_token"


def _aware(value):
    if isinstance(value, str):  # SQLite hands back text
        value = parse_datetime(value)
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def fingerprint_clear_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return  # installed after authtoken was dropped: there never were clear keys
    ApiToken = apps.get_model("people", "ApiToken")
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {quote('key')}, user_id, created FROM {quote(LEGACY_TABLE)}")
        rows = cursor.fetchall()
    tokens = []
    for key, user_id, created in rows:
        token = ApiToken(
            user_id=user_id,
            # The first characters let the owner recognise the key; 128 bits stay secret.
            prefix=key[:8],
            key_hash=hashlib.sha256(key.encode()).hexdigest(),
        )
        if _aware(created) is not None:
            token.created_at = _aware(created)
        tokens.append(token)
    ApiToken.objects.bulk_create(tokens, ignore_conflicts=True)
    schema_editor.execute(f"DROP TABLE {quote(LEGACY_TABLE)}")
    # authtoken's migrations no longer describe the database; were the app ever installed
    # again, they must run again.
    MigrationRecorder(connection).migration_qs.filter(app="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [("people", "0003_api_tokens")]

    operations = [migrations.RunPython(fingerprint_clear_tokens, migrations.RunPython.noop)]
