"""HR's event types and their metrics: services (audit, validation, a used metric kept),
pages and API for HR only, lists with a fixed number of queries."""

import pytest
from django.urls import reverse

from core.exceptions import ConflictError, DomainError
from core.models import AuditEvent
from performance.defaults import install_default_rules
from performance.models import EventType, Metric
from performance.services import event_types as services

pytestmark = pytest.mark.django_db


def test_hr_adds_an_event_type_with_a_code_from_its_english_name(hr_admin):
    created = services.create_event_type(
        actor=hr_admin, name_en="Chat closed", name_es="Chat cerrado"
    )
    again = services.create_event_type(actor=hr_admin, name_en="Chat closed", name_es="Otro")

    assert (created.slug, again.slug) == ("chat_closed", "chat_closed_2")
    audit = AuditEvent.objects.get(verb="event_type.created", target_id=str(created.pk))
    assert (audit.actor, audit.data) == (hr_admin, {"slug": "chat_closed"})


def test_renaming_an_event_type_keeps_its_code(hr_admin):
    calls = EventType.objects.get(slug="call_completed")

    services.update_event_type(
        actor=hr_admin, event_type=calls, name_en="Call", name_es="Llamada", active=False
    )

    calls.refresh_from_db()
    assert (calls.slug, calls.name_en, calls.active) == ("call_completed", "Call", False)
    assert AuditEvent.objects.filter(verb="event_type.updated", actor=hr_admin).exists()


def test_hr_declares_a_metric_and_it_is_audited(hr_admin):
    calls = EventType.objects.get(slug="call_completed")

    metric = services.add_metric(
        actor=hr_admin,
        event_type=calls,
        key="wrap_up_s",
        name_en="Wrap-up time",
        name_es="Tiempo de cierre",
        unit="seconds",
        direction="lower",
    )

    assert metric.event_type == calls
    assert AuditEvent.objects.filter(verb="metric.added", target_id=str(metric.pk)).exists()


@pytest.mark.parametrize(
    ("key", "field"),
    [("handle time", "key"), ("handle_time_s", "key"), ("9lives", "key"), ("", "key")],
)
def test_a_bad_or_taken_metric_key_is_refused_and_nothing_written(hr_admin, key, field):
    calls = EventType.objects.get(slug="call_completed")
    before = Metric.objects.count()

    with pytest.raises(DomainError) as refused:
        services.add_metric(
            actor=hr_admin,
            event_type=calls,
            key=key,
            name_en="X",
            name_es="X",
            unit="seconds",
            direction="sideways",
        )

    assert set(refused.value.errors) == {field, "direction"}
    assert Metric.objects.count() == before
    assert not AuditEvent.objects.filter(verb="metric.added").exists()


def test_a_metric_an_active_rule_uses_cannot_be_removed(hr_admin):
    install_default_rules()
    csat = Metric.objects.get(event_type__slug="csat_response", key="score")

    with pytest.raises(ConflictError) as refused:
        services.remove_metric(actor=hr_admin, metric=csat)

    assert refused.value.status_code == 409
    assert "Gran semana de satisfacción" in refused.value.message  # the default language
    assert Metric.objects.filter(pk=csat.pk).exists()


def test_an_unused_metric_is_removed_and_audited(hr_admin):
    hold = Metric.objects.get(event_type__slug="call_completed", key="hold_s")

    services.remove_metric(actor=hr_admin, metric=hold)

    assert not Metric.objects.filter(pk=hold.pk).exists()
    assert AuditEvent.objects.get(verb="metric.removed").data["key"] == "hold_s"


def test_only_hr_may_change_event_types(team_lead):
    with pytest.raises(DomainError):
        services.create_event_type(actor=team_lead, name_en="Sneaky", name_es="Furtivo")
    assert not EventType.objects.filter(name_en="Sneaky").exists()


# --- Pages ------------------------------------------------------------------------------------


def _page(name):  # type: ignore[no-untyped-def]
    if name == "event_type":
        return reverse("performance:event_type", args=[EventType.objects.get(slug="qa_review").pk])
    return reverse(f"performance:{name}")


ROLES = [
    ("agent", 403),
    ("team_lead", 403),
    ("other_team_lead", 403),
    ("hr_admin", 200),
    ("anonymous", 302),
]


@pytest.mark.parametrize("name", ["event_types", "event_type"])
@pytest.mark.parametrize(("persona", "expected"), ROLES)
def test_event_type_pages_are_for_hr_only(client, request, name, persona, expected):
    user = request.getfixturevalue(persona)
    if user.is_authenticated:
        client.force_login(user)

    assert client.get(_page(name)).status_code == expected


def test_the_page_shows_how_a_metric_reads_and_the_code_to_copy(client, hr_admin):
    client.force_login(hr_admin)
    calls = EventType.objects.get(slug="call_completed")

    page = client.get(reverse("performance:event_type", args=[calls.pk])).content.decode()

    assert "Handle time · seconds · lower is better" in page
    assert 'value="call_completed" readonly' in page


def test_hr_adds_a_metric_from_the_page_and_a_bad_key_is_a_field_error(client, hr_admin):
    client.force_login(hr_admin)
    calls = EventType.objects.get(slug="call_completed")
    url = reverse("performance:metric_add", args=[calls.pk])
    body = {"name_en": "Wrap-up", "name_es": "Cierre", "unit": "seconds", "direction": "lower"}

    bad = client.post(url, {**body, "key": "wrap up"})
    good = client.post(url, {**body, "key": "wrap_up_s"})

    assert bad.status_code == 400
    assert 'id="id_new_key_error"' in bad.content.decode()
    assert good.status_code == 302
    assert calls.metrics.filter(key="wrap_up_s").exists()


def test_removing_a_used_metric_from_the_page_says_which_rules(client, hr_admin):
    install_default_rules()
    csat = Metric.objects.get(event_type__slug="csat_response", key="score")
    client.force_login(hr_admin)

    response = client.post(reverse("performance:metric_remove", args=[csat.pk]), follow=True)

    assert "Great CSAT week" in response.content.decode()
    assert Metric.objects.filter(pk=csat.pk).exists()


def test_metric_actions_refuse_a_lead(client, team_lead):
    hold = Metric.objects.get(event_type__slug="call_completed", key="hold_s")
    client.force_login(team_lead)

    response = client.post(reverse("performance:metric_remove", args=[hold.pk]))

    assert response.status_code == 403
    assert Metric.objects.filter(pk=hold.pk).exists()


def test_event_types_list_query_count_is_fixed(client, hr_admin, django_assert_max_num_queries):
    client.force_login(hr_admin)
    for n in range(10):
        services.create_event_type(actor=hr_admin, name_en=f"Type {n}", name_es=f"Tipo {n}")

    with django_assert_max_num_queries(9):
        response = client.get(reverse("performance:event_types"))

    assert response.status_code == 200


# --- API --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agent", 403), ("team_lead", 403), ("other_team_lead", 403), ("hr_admin", 200)],
)
def test_event_types_api_is_for_hr_only(api_client, request, persona, expected):
    api_client.force_authenticate(request.getfixturevalue(persona))

    assert api_client.get(reverse("api:event-types")).status_code == expected


def test_event_types_api_refuses_anonymous(api_client):
    assert api_client.get(reverse("api:event-types")).status_code in (401, 403)


def test_api_lists_types_with_metrics_in_fixed_queries(
    api_client, hr_admin, django_assert_max_num_queries
):
    api_client.force_authenticate(hr_admin)

    with django_assert_max_num_queries(4):
        response = api_client.get(reverse("api:event-types"))

    calls = next(t for t in response.json() if t["slug"] == "call_completed")
    assert {"key": "handle_time_s", "direction": "lower", "unit": "seconds"}.items() <= next(
        m for m in calls["metrics"] if m["key"] == "handle_time_s"
    ).items()


def test_api_creates_a_type_adds_and_deletes_a_metric(api_client, hr_admin):
    api_client.force_authenticate(hr_admin)

    created = api_client.post(
        reverse("api:event-types"), {"name_en": "Chat closed", "name_es": "Chat cerrado"}
    )
    pk = created.json()["id"]
    metric = api_client.post(
        reverse("api:metric-create", args=[pk]),
        {
            "key": "wait_s",
            "name_en": "Wait",
            "name_es": "Espera",
            "unit": "seconds",
            "direction": "lower",
        },
    )
    taken = api_client.post(
        reverse("api:metric-create", args=[pk]),
        {
            "key": "wait_s",
            "name_en": "Wait",
            "name_es": "Espera",
            "unit": "seconds",
            "direction": "lower",
        },
    )
    removed = api_client.delete(reverse("api:metric-detail", args=[metric.json()["id"]]))

    assert (created.status_code, created.json()["slug"]) == (201, "chat_closed")
    assert metric.status_code == 201
    assert taken.status_code == 400
    assert "key" in taken.json()["errors"]
    assert removed.status_code == 204


def test_api_refuses_to_delete_a_used_metric_with_409(api_client, hr_admin):
    install_default_rules()
    csat = Metric.objects.get(event_type__slug="csat_response", key="score")
    api_client.force_authenticate(hr_admin)

    response = api_client.delete(reverse("api:metric-detail", args=[csat.pk]))

    assert response.status_code == 409
    assert "Gran semana de satisfacción" in response.json()["detail"]
