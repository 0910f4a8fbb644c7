"""/api/v1/rules/: HR's rules as JSON (list, create, retrieve, replace, preview), with the
editor's checks: a bad rule is a 400 that writes nothing; a suspicious one is saved with a
warning (shared/design.md invariants 5 and 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from core.models import AuditEvent
from performance.models import EventType, PerformanceEvent, Rule, RuleEffect, RuleGuardrail
from performance.services.keys import create_api_key, create_integration
from performance.services.rules import save_rule
from recognition.services.badges import ensure_badge_class
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

LIST = reverse("api:performance-rules")


def detail(rule: Rule) -> str:
    return reverse("api:performance-rule", args=[rule.pk])


def preview(rule: Rule) -> str:
    return reverse("api:performance-rule-preview", args=[rule.pk])


def handle_time_rule(team_id: int | None = None, **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name_en": "Calm, quick calls",
        "name_es": "Llamadas tranquilas y ágiles",
        "event_type": "call_completed",
        "kind": "threshold",
        "condition": {},
        "aggregate": "mean",
        "aggregate_metric": "handle_time_s",
        "aggregate_op": "<=",
        "aggregate_value": 330,
        "window_days": 7,
        "min_count": 20,
        "cooldown_days": 0,
        "baseline_windows": 4,
        "margin_percent": 10,
        "team": team_id,
        "active": True,
        "guardrails": [
            {"event_type": "qa_review", "metric": "score", "tolerance_percent": 5},
            {"event_type": "first_contact_resolution", "metric": "rate", "tolerance_percent": 0},
        ],
        "effects": [
            {
                "kind": "feedback",
                "message_en": "Mean handle time {value} s over {count} calls.",
                "message_es": "Tiempo medio de {value} s en {count} llamadas.",
                "points": 0,
                "badge_class": None,
            },
            {
                "kind": "points",
                "message_en": "",
                "message_es": "",
                "points": 25,
                "badge_class": None,
            },
        ],
    }
    body.update(fields)
    return body


@pytest.fixture
def rule(hr_admin) -> Rule:
    return save_rule(
        actor=hr_admin,
        rule=None,
        name_en="Top QA",
        name_es="Mejor calidad",
        event_type=EventType.objects.get(slug="qa_review"),
        condition={"all": [{"metric": "score", "op": ">=", "value": 90}]},
        effects=[{"kind": "feedback", "message_en": "Scored {score}", "message_es": "{score}"}],
    )


def client_for(user: Any) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_login(user)
    return client


def nothing_written() -> dict[str, int]:
    return {
        "rules": Rule.objects.count(),
        "effects": RuleEffect.objects.count(),
        "guardrails": RuleGuardrail.objects.count(),
        "audit": AuditEvent.objects.filter(verb="rule.saved").count(),
    }


# --- Who may reach it ---------------------------------------------------------------------


PERSONAS = ["agent", "team_lead", "other_team_lead", "anonymous"]


def _calls(rule: Rule, team_id: int) -> list[tuple[str, str, dict[str, Any] | None]]:
    return [
        ("get", LIST, None),
        ("post", LIST, handle_time_rule()),
        ("get", detail(rule), None),
        ("put", detail(rule), handle_time_rule()),
        ("get", preview(rule), None),
    ]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_hr_reach_any_rules_endpoint(request, persona, rule, team):
    # given someone who is not HR
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    client = client_for(user)
    before = nothing_written()
    for method, url, body in _calls(rule, team.pk):
        # when they call each endpoint
        response = getattr(client, method)(url, body, format="json")
        # then they are refused and nothing changes
        assert response.status_code == 403, (method, url)
        assert set(response.json()) == {"detail", "errors"}
    assert nothing_written() == before


def test_an_integration_key_reaches_no_rules_endpoint(rule, team):
    # given an integration's API key, which pushes events and nothing else
    integration = create_integration(actor=None, name="Telephony")
    _key, secret = create_api_key(actor=None, integration=integration, name="prod")
    client = APIClient()
    before = nothing_written()
    for method, url, body in _calls(rule, team.pk):
        response = getattr(client, method)(
            url, body, format="json", HTTP_AUTHORIZATION=f"Api-Key {secret}"
        )
        assert response.status_code in (401, 403), (method, url)
    assert nothing_written() == before


def test_hr_reach_every_rules_endpoint(hr_admin, rule):
    client = client_for(hr_admin)
    assert client.get(LIST).status_code == 200
    created = client.post(LIST, handle_time_rule(), format="json")
    assert created.status_code == 201
    assert client.get(detail(rule)).status_code == 200
    assert client.put(detail(rule), handle_time_rule(), format="json").status_code == 200
    assert client.get(preview(rule)).status_code == 200


# --- Reading ------------------------------------------------------------------------------


def test_the_list_is_paginated_and_its_queries_do_not_grow_with_rules(
    hr_admin, django_assert_max_num_queries
):
    # given a dozen rules, each with effects and guardrails, one of them a badge
    badge = ensure_badge_class(
        slug="calm-voice",
        name_en="Calm voice",
        name_es="Voz serena",
        description_en="Calm",
        description_es="Calma",
        criteria_en="Calm calls",
        criteria_es="Llamadas serenas",
        repeatable=True,
    )
    client = client_for(hr_admin)
    for number in range(12):
        effects = handle_time_rule()["effects"]
        effects.append({"kind": "badge", "badge_class": badge.slug})
        body = handle_time_rule(name_en=f"Rule {number}", name_es=f"Regla {number}")
        body["effects"] = effects
        assert client.post(LIST, body, format="json").status_code == 201
    # when HR list them
    with django_assert_max_num_queries(10):
        response = client.get(LIST, {"page_size": 10})
    # then one page answers, with each rule's effects and guardrails
    body = response.json()
    assert body["count"] == 12
    assert len(body["results"]) == 10
    assert body["results"][0]["effects"][-1]["badge_class"] == "calm-voice"
    assert len(body["results"][0]["guardrails"]) == 2


def test_a_rule_round_trips_as_json(hr_admin, team, agent):
    # given a team goal sent as JSON
    client = client_for(hr_admin)
    sent = handle_time_rule(
        team_id=team.pk,
        kind="team_goal",
        event_type="first_contact_resolution",
        aggregate_metric="rate",
        aggregate_op=">=",
        aggregate_value=0.75,
        guardrails=[{"event_type": "qa_review", "metric": "score", "tolerance_percent": 5.0}],
        condition={"all": [{"metric": "calls", "op": ">=", "value": 1}]},
    )
    # when it is created and read back
    created = client.post(LIST, sent, format="json")
    read = client.get(reverse("api:performance-rule", args=[created.json()["id"]])).json()
    # then what comes back is what was sent
    assert created.status_code == 201
    assert created.json()["warnings"] == []
    for field, value in sent.items():
        assert read[field] == value, field
    # and sending it back unchanged (PUT) changes nothing
    again = client.put(reverse("api:performance-rule", args=[read["id"]]), read, format="json")
    assert again.status_code == 200
    assert {k: v for k, v in again.json().items() if k != "warnings"} == read


def test_an_update_replaces_effects_and_guardrails_and_is_audited(hr_admin, rule):
    client = client_for(hr_admin)
    body = handle_time_rule(guardrails=[], active=False)
    response = client.put(detail(rule), body, format="json")
    assert response.status_code == 200
    rule.refresh_from_db()
    assert rule.event_type.slug == "call_completed"
    assert not rule.active
    assert [e.kind for e in rule.effects.order_by("id")] == ["feedback", "points"]
    assert not rule.guardrails.exists()
    assert AuditEvent.objects.filter(verb="rule.saved", target_id=str(rule.pk)).count() >= 2


def test_an_unknown_rule_is_404(hr_admin):
    client = client_for(hr_admin)
    assert client.get(reverse("api:performance-rule", args=[999_999])).status_code == 404
    assert (
        client.put(
            reverse("api:performance-rule", args=[999_999]), handle_time_rule(), format="json"
        ).status_code
        == 404
    )


def test_the_preview_lists_recent_events_that_would_fire(hr_admin, rule, agent):
    # given two recent QA reviews, one good enough for the rule
    integration = create_integration(actor=None, name="QA tool")
    for external_id, score in (("qa-1", 95), ("qa-2", 60)):
        PerformanceEvent.objects.create(
            integration=integration,
            external_id=external_id,
            agent=agent,
            event_type=rule.event_type,
            occurred_at=timezone.now() - dt.timedelta(days=1),
            metrics={"score": score},
        )
    # when HR preview the rule
    response = client_for(hr_admin).get(preview(rule))
    # then the good one is there, with whom, when and the values the messages would use
    assert response.status_code == 200
    [hit] = response.json()
    assert hit["agent"] == "Ana Agent"
    assert hit["context"]["score"] == 95
    assert hit["occurred_at"]


# --- Bad input: a 400 with the field, nothing written ------------------------------------


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"aggregate_metric": "talk_time_s"}, "aggregate_metric"),
        ({"condition": {"all": [{"metric": "talk_time_s", "op": ">", "value": 1}]}}, "condition"),
        ({"condition": {"metric": "handle_time_s", "op": "≈", "value": 1}}, "condition"),
        ({"condition": ["not", "an", "object"]}, "condition"),
        ({"condition": {"all": []}}, "condition"),
        (
            {"guardrails": [{"event_type": "call_completed", "metric": "score"}]},
            "guardrails",
        ),
        ({"guardrails": [{"event_type": "no_such_type", "metric": "score"}]}, "guardrails"),
        ({"event_type": "no_such_type"}, "event_type"),
        ({"team": 999_999, "kind": "team_goal"}, "team"),
        ({"kind": "fastest"}, "kind"),
        ({"aggregate": "median"}, "aggregate"),
        ({"window_days": 0}, "window_days"),
        ({"name_es": ""}, "name_es"),
        ({"effects": []}, "effects"),
        ({"effects": [{"kind": "badge", "badge_class": "no-such-badge"}]}, "effects"),
        ({"effects": [{"kind": "points", "points": 0}]}, "effects"),
        ({"kind": "most_improved", "min_count": 1}, "min_count"),
        ({"kind": "personal_best", "aggregate_metric": "hold_s", "baseline_windows": 0}, None),
    ],
)
def test_a_bad_rule_is_a_400_naming_its_field_and_writes_nothing(hr_admin, rule, fields, field):
    client = client_for(hr_admin)
    before = nothing_written()
    for method, url in (("post", LIST), ("put", detail(rule))):
        response = getattr(client, method)(url, handle_time_rule(**fields), format="json")
        assert response.status_code == 400, (method, response.json())
        body = response.json()
        assert set(body) == {"detail", "errors"}
        if field is not None:
            assert field in body["errors"], body
    assert nothing_written() == before
    rule.refresh_from_db()
    assert rule.event_type.slug == "qa_review"


def test_a_team_goal_for_a_team_without_members_is_refused(hr_admin):
    empty_team = TeamFactory(name="Nuevo equipo")
    before = nothing_written()
    response = client_for(hr_admin).post(
        LIST, handle_time_rule(team_id=empty_team.pk, kind="team_goal"), format="json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["team"] == ["This team has no members yet."]
    assert nothing_written() == before


def test_a_guardrail_on_a_metric_its_event_type_never_carries_is_refused(hr_admin):
    before = nothing_written()
    response = client_for(hr_admin).post(
        LIST,
        handle_time_rule(guardrails=[{"event_type": "qa_review", "metric": "handle_time_s"}]),
        format="json",
    )
    assert response.status_code == 400
    assert "never carries" in response.json()["errors"]["guardrails"][0]
    assert nothing_written() == before


def test_an_unknown_metric_is_refused_by_name(hr_admin):
    response = client_for(hr_admin).post(
        LIST, handle_time_rule(aggregate_metric="talk_time_s"), format="json"
    )
    assert response.status_code == 400
    assert "talk_time_s" in response.json()["errors"]["aggregate_metric"][0]
    assert not Rule.objects.exists()


def test_ge_on_a_lower_is_better_metric_saves_with_a_warning(hr_admin):
    # given "mean handle time ≥ 330 s", which rewards slower calls
    body = handle_time_rule(aggregate_op=">=")
    # when HR send it
    response = client_for(hr_admin).post(LIST, body, format="json")
    # then it is saved, and the answer says why it looks wrong
    assert response.status_code == 201
    [warning] = response.json()["warnings"]
    assert warning == "“Handle time” is better when lower: “>=” rewards it getting worse."
    assert Rule.objects.get(pk=response.json()["id"]).aggregate_op == ">="
