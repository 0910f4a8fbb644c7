"""Performance's HR services refuse anyone outside HR themselves (issue 13), whatever route
reaches them; ``actor=None`` is the system (the ``create_api_key`` command, the simulator)
only where the service says so."""

from collections.abc import Callable
from typing import Any

import pytest

from core.exceptions import PermissionDeniedError
from core.models import AuditEvent
from performance.models import AgentMapping, ApiKey, EventType, Integration, PerformanceEvent, Rule
from performance.services import csv_import, keys, mappings, processing, rules

pytestmark = pytest.mark.django_db

CSV = (
    b"external_id,email,type,occurred_at,metric_score\n"
    b"qa-1,a@example.test,qa_review,2025-03-14Z,9\n"
)


def _calls(integration: Integration, teammate: Any) -> dict[str, Callable[[Any], Any]]:
    key, _secret = keys.create_api_key(actor=None, integration=integration)
    return {
        "create_integration": lambda actor: keys.create_integration(actor=actor, name="QA tool"),
        "create_api_key": lambda actor: keys.create_api_key(actor=actor, integration=integration),
        "revoke_api_key": lambda actor: keys.revoke_api_key(actor=actor, key_id=key.pk),
        "create_agent_mapping": lambda actor: mappings.create_agent_mapping(
            actor=actor, integration=integration, external_agent_id="T-1", user=teammate
        ),
        "save_rule": lambda actor: rules.save_rule(
            actor=actor,
            rule=None,
            name_en="Top QA",
            name_es="Mejor calidad",
            event_type=EventType.objects.get(slug="qa_review"),
            condition={},
            effects=[{"kind": "points", "points": 5}],
        ),
        "import_events_csv": lambda actor: csv_import.import_events_csv(
            actor=actor, integration=integration, data=CSV
        ),
        "retry_failed_events": lambda actor: processing.retry_failed_events(actor=actor),
    }


def _state() -> dict[str, Any]:
    return {
        "integrations": Integration.objects.count(),
        "keys": list(ApiKey.objects.values_list("pk", "revoked_at")),
        "mappings": AgentMapping.objects.count(),
        "rules": Rule.objects.count(),
        "events": PerformanceEvent.objects.count(),
        "audit": AuditEvent.objects.count(),
    }


@pytest.mark.parametrize(
    "service",
    [
        "create_integration",
        "create_api_key",
        "revoke_api_key",
        "create_agent_mapping",
        "save_rule",
        "import_events_csv",
        "retry_failed_events",
    ],
)
@pytest.mark.parametrize("persona", ["agent", "team_lead", "staff_user"])
def test_only_hr_may_call_the_hr_services(request, teammate, service, persona):
    # given an integration with a key, and someone outside HR
    integration = keys.create_integration(actor=None, name="Telephony")
    call = _calls(integration, teammate)[service]
    actor = request.getfixturevalue(persona)
    before = _state()

    # when they call the service directly, without any page in front of it
    with pytest.raises(PermissionDeniedError):
        call(actor)

    # then nothing was written
    assert _state() == before


@pytest.mark.parametrize("service", ["create_integration", "create_api_key", "save_rule"])
def test_hr_may(hr_admin, teammate, service):
    integration = keys.create_integration(actor=None, name="Telephony")

    assert _calls(integration, teammate)[service](hr_admin)


@pytest.mark.parametrize(
    "service", ["create_integration", "create_api_key", "revoke_api_key", "create_agent_mapping"]
)
def test_the_system_may_set_integrations_up(teammate, service):
    integration = keys.create_integration(actor=None, name="Telephony")

    assert _calls(integration, teammate)[service](None)
