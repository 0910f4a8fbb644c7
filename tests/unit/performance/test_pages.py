"""Performance pages: the agent's feedback inbox, a team's feedback for its leads, and HR's
integrations, rules and processing status."""

import datetime as dt
import json
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from performance.defaults import install_default_rules
from performance.models import (
    AgentMapping,
    ApiKey,
    EventType,
    Feedback,
    Integration,
    PerformanceEvent,
    Rule,
    RuleFiring,
)
from performance.services.ingestion import ingest_events
from performance.services.keys import authenticate_key, create_api_key, create_integration
from recognition.models import Kudos
from wellbeing import services as wellbeing_services

pytestmark = pytest.mark.django_db

HR_PAGES = ["integrations", "status", "rules", "rule_create", "rule_edit", "rule_preview"]


@pytest.fixture
def integration(db):  # type: ignore[no-untyped-def]
    return create_integration(actor=None, name="Contact center")


@pytest.fixture
def rules(db):  # type: ignore[no-untyped-def]
    install_default_rules()


@pytest.fixture
def send(integration, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """``send(event, ...)`` ingests a batch; Celery runs eagerly, so it is processed too."""

    def _send(*events):  # type: ignore[no-untyped-def]
        with django_capture_on_commit_callbacks(execute=True):
            return ingest_events(
                integration=integration, events=list(events), body=json.dumps(events).encode()
            )

    return _send


def event(person, type_, **fields):  # type: ignore[no-untyped-def]
    return {
        "external_id": fields.pop("external_id", uuid.uuid4().hex),
        "email": person.email,
        "type": type_,
        "occurred_at": fields.pop("occurred_at", timezone.now().isoformat()),
        **fields,
    }


def qa_review(person, score=95, **fields):  # type: ignore[no-untyped-def]
    return event(person, "qa_review", metrics={"score": score}, **fields)


def compliment(person, text="Ana solved it in one call, thank you!"):  # type: ignore[no-untyped-def]
    return event(person, "customer_compliment", text=text)


def bulk_feedback(person, count, *, start=0):  # type: ignore[no-untyped-def]
    Feedback.objects.bulk_create(
        Feedback(
            agent=person,
            kind=Feedback.Kind.PRAISE,
            message=f"Great work #{n}",
            idempotency_key=f"test:{person.pk}:{n}",
        )
        for n in range(start, start + count)
    )


def rows(prefix, count, filled=()):  # type: ignore[no-untyped-def]
    """A formset's management fields and ``count`` rows, the first ones ``filled``."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(count),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": str(count),
    }
    for n, row in enumerate(filled):
        data.update({f"{prefix}-{n}-{field}": value for field, value in row.items()})
    return data


def rule_post(**overrides):  # type: ignore[no-untyped-def]
    """A valid "new rule" form body: "score ≥ 98" as a condition row, one feedback effect,
    three empty effect rows and no guardrail."""
    data = {
        "name_en": "Top QA score",
        "name_es": "Mejor nota de calidad",
        "event_type": EventType.objects.get(slug="qa_review").pk,
        "kind": "threshold",
        "match": "all",
        "aggregate": "",
        "aggregate_metric": "",
        "aggregate_op": ">=",
        "aggregate_value": "",
        "window_days": "",
        "min_count": "1",
        "cooldown_days": "0",
        "baseline_windows": "4",
        "margin_percent": "10",
        "team": "",
        "active": "on",
        **rows("condition", 5, [{"metric": "score", "op": ">=", "value": "98"}]),
        **rows("guardrails", 3),
        **rows(
            "effects",
            4,
            [
                {
                    "kind": "feedback",
                    "message_en": "A {score} QA review. Superb!",
                    "message_es": "Una evaluación de {score}. ¡Excelente!",
                }
            ],
        ),
    }
    data.update(overrides)
    return data


# --- Agent feedback inbox ----------------------------------------------------------------------


def test_inbox_needs_signing_in(client):
    response = client.get(reverse("performance:inbox"))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_inbox_shows_my_feedback_and_not_my_teammates(client, agent, teammate, rules, send):
    # given
    send(qa_review(agent, score=95), compliment(teammate, text="Tomás was a star"))
    client.force_login(agent)

    # when
    page = client.get(reverse("performance:inbox")).content.decode()

    # then
    assert "Your QA review scored 95. Great attention to detail!" in page
    assert "Tomás was a star" not in page
    assert 'class="card feedback feedback-praise unread"' in page


def test_empty_inbox_says_what_will_arrive(client, hr_admin):
    client.force_login(hr_admin)

    response = client.get(reverse("performance:inbox"))

    assert response.status_code == 200
    assert "No feedback yet." in response.content.decode()


def test_kind_filter_shows_one_kind(client, agent, rules, send):
    send(qa_review(agent), compliment(agent, text="So patient with me"), event(agent, "escalation"))
    client.force_login(agent)

    compliments = client.get(reverse("performance:inbox"), {"kind": "compliment"})
    breaks = client.get(reverse("performance:inbox"), {"kind": "break"})
    unknown = client.get(reverse("performance:inbox"), {"kind": "nonsense"})

    assert "So patient with me" in compliments.content.decode()
    assert "QA review scored" not in compliments.content.decode()
    page = breaks.content.decode()
    assert "That sounded like a tough call." in page
    assert reverse("wellbeing:check_in") in page
    assert "So patient with me" not in page
    assert "QA review scored" in unknown.content.decode()  # an unknown kind shows everything


def test_opening_the_inbox_marks_nothing_read(client, agent, rules, send):
    send(qa_review(agent))
    client.force_login(agent)

    client.get(reverse("performance:inbox"))

    assert Feedback.objects.filter(agent=agent, read_at__isnull=True).count() == 1


def test_mark_all_read_clears_the_navigation_count(client, agent, teammate, rules, send):
    # given
    send(qa_review(agent), qa_review(agent), qa_review(teammate))
    client.force_login(agent)
    before = client.get(reverse("home")).content.decode()
    assert 'id="unread-feedback-count"' in before
    assert 'aria-label="2 new">2</span>' in before

    # when
    response = client.post(reverse("performance:mark_read"), follow=True)

    # then
    assert "2 messages marked as read." in response.content.decode()
    assert 'id="unread-feedback-count"' not in response.content.decode()
    assert not Feedback.objects.filter(agent=agent, read_at__isnull=True).exists()
    assert Feedback.objects.filter(agent=teammate, read_at__isnull=True).count() == 1


def test_agents_without_feedback_see_no_count(client, agent):
    client.force_login(agent)

    page = client.get(reverse("home")).content.decode()

    assert reverse("performance:inbox") in page
    assert 'id="unread-feedback-count"' not in page


def test_sharing_a_compliment_puts_it_on_the_kudos_feed_once(client, agent, teammate, send):
    # given
    send(compliment(agent, text="Ana fixed my router in five minutes"))
    feedback = Feedback.objects.get(agent=agent, kind=Feedback.Kind.COMPLIMENT)
    client.force_login(agent)
    inbox = client.get(reverse("performance:inbox")).content.decode()
    assert "Ana fixed my router in five minutes" in inbox
    assert "Share to the kudos feed" in inbox

    # when
    first = client.post(reverse("performance:share_compliment", args=[feedback.pk]), follow=True)
    second = client.post(reverse("performance:share_compliment", args=[feedback.pk]), follow=True)

    # then
    assert "on the kudos feed for everyone to read" in first.content.decode()
    assert "You already shared this compliment." in second.content.decode()
    assert Kudos.objects.filter(from_customer=True).count() == 1
    page = second.content.decode()
    assert "Shared" in page
    assert "Share to the kudos feed" not in page
    client.force_login(teammate)
    feed = client.get(reverse("recognition:feed")).content.decode()
    assert "Ana fixed my router in five minutes" in feed


def test_nobody_shares_someone_elses_compliment(client, agent, teammate, send):
    send(compliment(agent))
    feedback = Feedback.objects.get(agent=agent)
    client.force_login(teammate)

    response = client.post(reverse("performance:share_compliment", args=[feedback.pk]))

    assert response.status_code == 404
    assert not Kudos.objects.exists()


def test_inbox_query_count_does_not_grow_with_feedback(
    client, agent, django_assert_max_num_queries
):
    client.force_login(agent)
    bulk_feedback(agent, 10)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("performance:inbox")).status_code == 200

    bulk_feedback(agent, 990, start=10)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("performance:inbox"), {"page": 3})

    assert response.status_code == 200
    assert "Page 3 of 50" in response.content.decode()


# --- Lead: team feedback -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 404),
        ("teammate", 404),
        ("team_lead", 200),
        ("other_team_lead", 404),
        ("hr_admin", 200),
        ("anonymous", 302),
    ],
)
def test_team_feedback_is_for_the_teams_leads_and_hr(client, team, persona, expected, request):
    user = request.getfixturevalue(persona)
    if user.is_authenticated:
        client.force_login(user)

    response = client.get(reverse("performance:team_feedback", args=[team.pk]))

    assert response.status_code == expected


def test_team_feedback_lists_only_the_teams_agents_and_no_wellbeing(
    client, team, agent, other_team_agent, team_lead, rules, send
):
    # given
    send(qa_review(agent, score=96), qa_review(other_team_agent, score=97))
    wellbeing_services.record_check_in(
        user=agent,
        mood=1,
        energy=1,
        stress=5,
        tag_slugs=[],
        note="Private: rough day at home",
        shared_with_lead=True,
    )
    client.force_login(team_lead)

    # when
    page = client.get(reverse("performance:team_feedback", args=[team.pk])).content.decode()

    # then
    assert "Ana Agent" in page
    assert "Your QA review scored 96." in page
    assert "Olga Outsider" not in page
    assert "scored 97" not in page
    assert "rough day" not in page


def test_team_feedback_filters_by_kind(client, team, agent, team_lead, rules, send):
    send(qa_review(agent), event(agent, "escalation"))
    client.force_login(team_lead)

    page = client.get(
        reverse("performance:team_feedback", args=[team.pk]), {"kind": "break"}
    ).content.decode()

    assert "That sounded like a tough call." in page
    assert "QA review scored" not in page


def test_team_feedback_query_count_does_not_grow_with_feedback(
    client, team, agent, teammate, team_lead, django_assert_max_num_queries
):
    client.force_login(team_lead)
    bulk_feedback(agent, 5)
    bulk_feedback(teammate, 5)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("performance:team_feedback", args=[team.pk])).status_code == 200

    bulk_feedback(agent, 495, start=5)
    bulk_feedback(teammate, 495, start=5)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("performance:team_feedback", args=[team.pk]))

    assert response.status_code == 200
    assert "Page 1 of 40" in response.content.decode()


# --- HR: access ----------------------------------------------------------------------------------


def _hr_url(name):  # type: ignore[no-untyped-def]
    if name in ("rule_edit", "rule_preview"):
        install_default_rules()
        return reverse(f"performance:{name}", args=[Rule.objects.order_by("pk").first().pk])
    return reverse(f"performance:{name}")


@pytest.mark.parametrize("name", HR_PAGES)
@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),
        ("teammate", 403),
        ("team_lead", 403),
        ("other_team_lead", 403),
        ("hr_admin", 200),
        ("anonymous", 302),
    ],
)
def test_hr_pages_are_for_hr_only(client, name, persona, expected, request):
    user = request.getfixturevalue(persona)
    if user.is_authenticated:
        client.force_login(user)

    response = client.get(_hr_url(name))

    assert response.status_code == expected


def test_hr_actions_refuse_everyone_else(client, team_lead, integration):
    key, _secret = create_api_key(actor=None, integration=integration)
    client.force_login(team_lead)

    responses = [
        client.post(reverse("performance:integrations"), {"name": "Sneaky"}),
        client.post(reverse("performance:api_key_create", args=[integration.pk])),
        client.post(reverse("performance:api_key_revoke", args=[key.pk])),
        client.post(
            reverse("performance:agent_mapping_create", args=[integration.pk]),
            {"external_agent_id": "A-1", "email": team_lead.email},
        ),
        client.post(reverse("performance:retry_failed")),
        client.post(reverse("performance:rule_create"), rule_post()),
    ]

    assert [r.status_code for r in responses] == [403] * len(responses)
    assert ApiKey.objects.count() == 1
    assert ApiKey.objects.get().revoked_at is None
    assert not Integration.objects.filter(name="Sneaky").exists()
    assert not AgentMapping.objects.exists()
    assert not Rule.objects.exists()


def test_hr_navigation_links_to_performance(client, hr_admin):
    client.force_login(hr_admin)

    page = client.get(reverse("performance:rules")).content.decode()

    assert f'href="{reverse("performance:status")}"' in page
    assert f'href="{reverse("performance:integrations")}"' in page
    assert 'aria-current="page">Rules</a>' in page


# --- HR: integrations and keys -------------------------------------------------------------------


def test_hr_adds_an_integration(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:integrations"), {"name": "Telephony"}, follow=True)

    assert Integration.objects.filter(name="Telephony").exists()
    assert "Telephony" in response.content.decode()
    assert AuditEvent.objects.filter(verb="integration.created", actor=hr_admin).exists()


def test_a_taken_integration_name_is_a_field_error(client, hr_admin, integration):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:integrations"), {"name": "contact CENTER"})

    assert response.status_code == 400
    assert "Already used." in response.content.decode()
    assert Integration.objects.count() == 1


def test_new_api_key_is_shown_once_and_only_its_hash_is_stored(client, hr_admin, integration):
    # given
    client.force_login(hr_admin)

    # when
    response = client.post(
        reverse("performance:api_key_create", args=[integration.pk]), {"name": "Dialer"}
    )

    # then
    page = response.content.decode()
    assert response.status_code == 200
    assert "Copy it now: it will not be shown again." in page
    assert "no-store" in response["Cache-Control"]
    key = ApiKey.objects.get()
    secret = page.split('id="new-api-key" class="secret" type="text" value="')[1].split('"')[0]
    assert secret.startswith(f"cuida_{key.prefix}_")
    assert authenticate_key(secret) == key
    stored = [str(getattr(key, field.attname)) for field in ApiKey._meta.concrete_fields]
    assert all(secret not in value for value in stored)
    assert secret not in json.dumps(list(AuditEvent.objects.values_list("data", flat=True)))
    assert secret not in str(client.session.items())
    again = client.get(reverse("performance:integrations")).content.decode()
    assert secret not in again
    assert f"{key.prefix}…" in again


def test_revoking_a_key_refuses_it_from_then_on(client, hr_admin, integration):
    key, secret = create_api_key(actor=None, integration=integration)
    client.force_login(hr_admin)

    response = client.post(reverse("performance:api_key_revoke", args=[key.pk]), follow=True)

    key.refresh_from_db()
    assert key.revoked_at is not None
    assert authenticate_key(secret) is None
    assert "Revoked on" in response.content.decode()
    assert AuditEvent.objects.filter(verb="api_key.revoked", actor=hr_admin).exists()


def test_revoking_an_unknown_key_is_404(client, hr_admin):
    client.force_login(hr_admin)

    assert client.post(reverse("performance:api_key_revoke", args=[999])).status_code == 404


def test_hr_maps_an_agent_id_and_ingestion_uses_it(client, hr_admin, agent, integration, send):
    # given
    client.force_login(hr_admin)
    url = reverse("performance:agent_mapping_create", args=[integration.pk])

    # when
    created = client.post(url, {"external_agent_id": " AG-7 ", "email": agent.email.upper()})
    again = client.post(url, {"external_agent_id": "AG-7", "email": agent.email})
    nobody = client.post(url, {"external_agent_id": "AG-8", "email": "ghost@example.test"})

    # then
    assert created.status_code == 302
    mapping = AgentMapping.objects.get()
    assert (mapping.external_agent_id, mapping.user) == ("AG-7", agent)
    assert again.status_code == 409
    assert "This id is already mapped for Contact center." in again.content.decode()
    assert nobody.status_code == 400
    assert "No active person has this email." in nobody.content.decode()
    assert AuditEvent.objects.filter(verb="agent_mapping.created").count() == 1
    answer = send(
        {
            "external_id": "x-1",
            "agent_external_id": "AG-7",
            "type": "call_completed",
            "occurred_at": timezone.now().isoformat(),
        }
    )
    assert answer["accepted"] == 1


def test_hr_cannot_map_an_agent_id_to_themselves(client, hr_admin, integration):
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:agent_mapping_create", args=[integration.pk]),
        {"external_agent_id": "AG-9", "email": hr_admin.email},
    )

    assert response.status_code == 403
    assert "Nobody maps an agent id to themselves" in response.content.decode()
    assert not AgentMapping.objects.exists()
    assert not AuditEvent.objects.filter(verb="agent_mapping.created").exists()


def test_integrations_page_empty_state(client, hr_admin):
    client.force_login(hr_admin)

    page = client.get(reverse("performance:integrations")).content.decode()

    assert "No integrations yet." in page


# --- HR: processing status -----------------------------------------------------------------------


def test_status_counts_events_and_lists_failures(client, hr_admin, agent, send):
    # given
    send(qa_review(agent), qa_review(agent), qa_review(agent, external_id="broken-1"))
    PerformanceEvent.objects.filter(external_id="broken-1").update(
        status=PerformanceEvent.Status.FAILED, attempts=5, last_error="ValueError: boom"
    )
    client.force_login(hr_admin)

    # when
    page = client.get(reverse("performance:status")).content.decode()

    # then
    assert '<dd id="count-processed">2</dd>' in page
    assert '<dd id="count-failed">1</dd>' in page
    assert '<dd id="count-pending">0</dd>' in page
    assert '<dd id="count-last-24h">3</dd>' in page
    assert "broken-1" in page
    assert "ValueError: boom" in page
    assert "Retry failed events" in page


def test_retry_sends_failed_events_back_to_processing(
    client, hr_admin, agent, rules, send, django_capture_on_commit_callbacks
):
    # given
    send(qa_review(agent, external_id="broken-1"))
    Feedback.objects.all().delete()
    RuleFiring.objects.all().delete()
    PerformanceEvent.objects.update(status=PerformanceEvent.Status.FAILED, attempts=5)
    client.force_login(hr_admin)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("performance:retry_failed"), follow=True)

    # then
    assert "1 failed event is back in the queue." in response.content.decode()
    assert PerformanceEvent.objects.get().status == PerformanceEvent.Status.PROCESSED
    assert Feedback.objects.filter(agent=agent).count() == 1
    assert '<dd id="count-failed">0</dd>' in response.content.decode()
    assert AuditEvent.objects.filter(verb="events.retried", actor=hr_admin).exists()


def test_status_page_without_events(client, hr_admin, django_assert_max_num_queries):
    client.force_login(hr_admin)

    # 9, and the exclusion form's two choice lists (event types, teams)
    with django_assert_max_num_queries(11):
        page = client.get(reverse("performance:status")).content.decode()

    assert "No failed events." in page
    assert "Retry failed events" not in page


# --- HR: rules ---------------------------------------------------------------------------------


def test_rules_list_summarises_each_rule(client, hr_admin, rules):
    client.force_login(hr_admin)

    page = client.get(reverse("performance:rules")).content.decode()

    assert "Great CSAT week" in page
    assert "Average of a metric (Satisfaction score) ≥ 4.5 over 7-day windows" in page
    assert "with at least 10 events" in page
    assert "Events where Quality score ≥ 90" in page
    assert "Points: +30" in page
    assert "Badge: Customer Favourite" in page


def test_rules_list_empty_state(client, hr_admin):
    client.force_login(hr_admin)

    assert "No rules yet." in client.get(reverse("performance:rules")).content.decode()


def test_hr_creates_a_rule_with_effects(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:rule_create"),
        rule_post(**{"effects-1-kind": "points", "effects-1-points": "15"}),
    )

    assert response.status_code == 302
    rule = Rule.objects.get(name_en="Top QA score")
    assert rule.condition == {"all": [{"metric": "score", "op": ">=", "value": 98}]}
    effects = sorted(rule.effects.values_list("kind", "points", "message_en"))
    assert effects == [("feedback", 0, "A {score} QA review. Superb!"), ("points", 15, "")]
    assert AuditEvent.objects.filter(verb="rule.saved", actor=hr_admin).exists()


def test_a_metric_of_another_type_is_an_error_on_its_row_and_writes_nothing(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:rule_create"),
        rule_post(**{"condition-0-metric": "handle_time_s"}),
    )

    assert response.status_code == 400
    page = response.content.decode()
    error = page.split('id="id_condition-0-metric_error">', 1)[1].split("</p>", 1)[0]
    assert "“handle_time_s” is not a metric of this event type." in error
    assert not Rule.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_window_without_its_settings_shows_each_reason_on_its_field(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:rule_create"), rule_post(aggregate="mean"))

    page = response.content.decode()
    assert response.status_code == 400
    window_error = page.split('id="id_window_days_error">', 1)[1].split("</p>", 1)[0]
    assert "A windowed rule needs a window of 1 to 366 days." in window_error
    metric_error = page.split('id="id_aggregate_metric_error">', 1)[1].split("</p>", 1)[0]
    assert "Name the metric to aggregate." in metric_error
    assert not Rule.objects.exists()


def test_a_rule_needs_an_effect_and_complete_effect_rows(client, hr_admin):
    client.force_login(hr_admin)

    no_effect = client.post(
        reverse("performance:rule_create"),
        rule_post(**{"effects-0-kind": "", "effects-0-message_en": "", "effects-0-message_es": ""}),
    )
    cleared_kind = client.post(
        reverse("performance:rule_create"), rule_post(**{"effects-0-kind": ""})
    )
    half_row = client.post(
        reverse("performance:rule_create"),
        rule_post(**{"effects-1-kind": "badge"}),
    )

    assert no_effect.status_code == 400
    assert "Add at least one effect." in no_effect.content.decode()
    assert "Choose the kind of effect, or clear this row." in cleared_kind.content.decode()
    assert half_row.status_code == 400
    assert "Choose the badge." in half_row.content.decode()
    assert not Rule.objects.exists()


def test_hr_edits_a_rule(client, hr_admin, rules):
    rule = Rule.objects.get(name_en="Excellent QA review")
    client.force_login(hr_admin)
    form = client.get(reverse("performance:rule_edit", args=[rule.pk])).content.decode()
    assert "Your QA review scored {score}." in form
    assert '<option value="score" selected>Quality score (score)</option>' in form
    assert 'name="condition-0-value" value="90"' in form

    response = client.post(
        reverse("performance:rule_edit", args=[rule.pk]),
        rule_post(name_en="Excellent QA review", active="", **{"effects-INITIAL_FORMS": "2"}),
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.active is False
    assert rule.condition["all"][0]["value"] == 98
    assert list(rule.effects.values_list("kind", flat=True)) == ["feedback"]


def test_preview_lists_events_that_would_fire_and_writes_nothing(
    client, hr_admin, agent, rules, send
):
    # given
    send(qa_review(agent, score=93, external_id="qa-93"), qa_review(agent, score=40))
    rule = Rule.objects.get(name_en="Excellent QA review")
    firings, feedback = RuleFiring.objects.count(), Feedback.objects.count()
    client.force_login(hr_admin)

    # when
    page = client.get(reverse("performance:rule_preview", args=[rule.pk])).content.decode()

    # then
    assert "qa-93" in page
    assert "Ana Agent" in page
    assert "<dt>score</dt><dd>93</dd>" in page
    assert "A preview writes nothing" in page
    assert (RuleFiring.objects.count(), Feedback.objects.count()) == (firings, feedback)


def test_preview_empty_state(client, hr_admin, rules):
    rule = Rule.objects.get(name_en="After a hard call")
    client.force_login(hr_admin)

    page = client.get(reverse("performance:rule_preview", args=[rule.pk])).content.decode()

    assert "No event of the last 30 days would make this rule fire." in page


def test_preview_ignores_events_older_than_thirty_days(client, hr_admin, agent, rules, send):
    old = (timezone.now() - dt.timedelta(days=40)).isoformat()
    send(qa_review(agent, score=99, external_id="qa-old", occurred_at=old))
    rule = Rule.objects.get(name_en="Excellent QA review")
    client.force_login(hr_admin)

    page = client.get(reverse("performance:rule_preview", args=[rule.pk])).content.decode()

    assert "qa-old" not in page


# --- Admin ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "model",
    ["integration", "eventtype", "rule", "apikey", "agentmapping", "performanceevent", "feedback"],
)
def test_admin_lists_open(client, staff_user, agent, rules, send, model):
    send(qa_review(agent))
    client.force_login(staff_user)

    assert client.get(reverse(f"admin:performance_{model}_changelist")).status_code == 200


def test_admin_never_shows_a_key_hash(client, staff_user, integration):
    key, _secret = create_api_key(actor=None, integration=integration)
    client.force_login(staff_user)

    page = client.get(reverse("admin:performance_apikey_change", args=[key.pk])).content.decode()

    assert key.prefix in page
    assert key.key_hash not in page
    assert client.get(reverse("admin:performance_apikey_add")).status_code == 403


def test_admin_refuses_a_malformed_rule_condition(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:performance_rule_add"),
        {
            "name_en": "Broken",
            "name_es": "Rota",
            "event_type": EventType.objects.get(slug="qa_review").pk,
            "condition": '{"metric": "score"}',
            "aggregate": "",
            "aggregate_op": ">=",
            "min_count": "1",
            "cooldown_days": "0",
            "effects-TOTAL_FORMS": "0",
            "effects-INITIAL_FORMS": "0",
            "effects-MIN_NUM_FORMS": "0",
            "effects-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 200
    assert "A comparison has exactly" in response.content.decode()
    assert not Rule.objects.exists()
