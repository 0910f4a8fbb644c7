import io

import pytest
from django.core.management import call_command

from core.keys import fingerprint
from performance.models import ApiKey, Integration
from performance.services.keys import authenticate_key

pytestmark = pytest.mark.django_db


def test_command_creates_the_integration_and_prints_a_working_key_once():
    out, err = io.StringIO(), io.StringIO()

    call_command("create_api_key", "--integration", "Genesys", stdout=out, stderr=err)

    secret = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert Integration.objects.get().name == "Genesys"
    assert key.key_hash == fingerprint(secret)
    assert secret not in {key.prefix, key.key_hash, key.name}
    assert authenticate_key(secret).pk == key.pk
    assert "will not be shown again" in err.getvalue()


def test_command_reuses_an_existing_integration():
    call_command(
        "create_api_key", "--integration", "QA tool", stdout=io.StringIO(), stderr=io.StringIO()
    )
    call_command(
        "create_api_key", "--integration", "qa tool", stdout=io.StringIO(), stderr=io.StringIO()
    )

    assert Integration.objects.count() == 1
    assert ApiKey.objects.count() == 2
