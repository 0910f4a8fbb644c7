"""What ``save_rule`` refuses for the fair rule kinds (issue 15): a clear field error and
nothing written; and what it only warns about."""

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation

from core.exceptions import DomainError
from core.models import AuditEvent
from performance.models import EventType, Rule, RuleGuardrail
from performance.services.rules import GuardrailInput, rule_warnings, save_rule
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


POINTS = [{"kind": "points", "points": 10}]


def _calls() -> EventType:
    return EventType.objects.get(slug="call_completed")


def _save(hr_admin: Any, **fields: Any) -> Rule:
    base: dict[str, Any] = {
        "actor": hr_admin,
        "rule": None,
        "name_en": "Calm week",
        "name_es": "Semana tranquila",
        "event_type": _calls(),
        "condition": {},
        "aggregate": "mean",
        "aggregate_metric": "handle_time_s",
        "aggregate_op": "<=",
        "aggregate_value": 300,
        "window_days": 7,
        "min_count": 20,
        "effects": POINTS,
    }
    return save_rule(**{**base, **fields})


def _refused(hr_admin: Any, **fields: Any) -> dict[str, list[str]]:
    with pytest.raises(DomainError) as refusal:
        _save(hr_admin, **fields)
    assert not Rule.objects.exists()
    assert not AuditEvent.objects.exists()
    return refusal.value.errors


def test_a_lower_is_better_rule_with_guardrails_is_saved_with_its_audit_row(hr_admin):
    rule = _save(
        hr_admin,
        guardrails=[
            GuardrailInput(event_type=EventType.objects.get(slug="qa_review"), metric="score"),
            GuardrailInput(
                event_type=EventType.objects.get(slug="first_contact_resolution"),
                metric="rate",
                tolerance_percent=5,
            ),
        ],
    )

    guarded = {
        (g.metric.event_type.slug, g.metric.key, g.tolerance_percent)
        for g in RuleGuardrail.objects.filter(rule=rule)
    }
    assert guarded == {("qa_review", "score", 0), ("first_contact_resolution", "rate", 5)}
    assert AuditEvent.objects.filter(verb="rule.saved").count() == 1


def test_a_condition_on_an_unknown_metric_is_refused(hr_admin):
    errors = _refused(hr_admin, condition={"all": [{"metric": "speed", "op": ">=", "value": 1}]})

    assert "“speed” is not a metric of “Call completed”" in errors["condition"][0]


def test_an_aggregate_of_an_unknown_metric_is_refused(hr_admin):
    errors = _refused(hr_admin, aggregate_metric="handle_time")

    assert "“handle_time” is not a metric" in errors["aggregate_metric"][0]


def test_a_team_goal_for_a_team_without_agents_is_refused(hr_admin):
    errors = _refused(hr_admin, kind="team_goal", team=TeamFactory(name="Night shift"))

    assert errors["team"] == ["This team has no members yet."]


def test_a_team_goal_for_a_team_with_agents_is_saved(hr_admin, agent):
    team = agent.memberships.get().team

    rule = _save(hr_admin, kind="team_goal", team=team)

    assert rule.team == team


def test_a_guardrail_on_a_metric_its_event_type_never_carries_is_refused(hr_admin):
    errors = _refused(
        hr_admin,
        guardrails=[
            GuardrailInput(event_type=EventType.objects.get(slug="qa_review"), metric="rate")
        ],
    )

    assert errors["guardrails"] == ["“QA review” never carries “rate”."]


def test_a_guardrail_on_a_per_event_rule_is_refused(hr_admin):
    errors = _refused(
        hr_admin,
        aggregate="",
        aggregate_metric="",
        window_days=None,
        aggregate_value=None,
        guardrails=[
            GuardrailInput(event_type=EventType.objects.get(slug="qa_review"), metric="score")
        ],
    )

    assert "choose an aggregate and a window first" in errors["guardrails"][0]


def test_most_improved_needs_an_average_and_two_events_a_window(hr_admin):
    errors = _refused(
        hr_admin, kind="most_improved", aggregate="sum", min_count=1, aggregate_value=None
    )

    assert errors["aggregate"] == ["Most improved compares averages: choose the average."]
    assert "at least two events" in errors["min_count"][0]


def test_a_personal_best_on_a_context_only_metric_is_refused(hr_admin):
    errors = _refused(
        hr_admin,
        kind="personal_best",
        event_type=EventType.objects.get(slug="first_contact_resolution"),
        aggregate_metric="calls",
    )

    assert "context only" in errors["aggregate_metric"][0]


def test_a_personal_best_needs_no_threshold(hr_admin):
    rule = _save(hr_admin, kind="personal_best", aggregate_value=None, baseline_windows=6)

    assert (rule.kind, rule.baseline_windows, rule.aggregate_value) == ("personal_best", 6, None)


def test_at_least_on_a_lower_is_better_metric_is_a_warning_not_a_refusal(hr_admin):
    warnings = rule_warnings(
        condition={"all": [{"metric": "hold_s", "op": ">=", "value": 10}]},
        aggregate="mean",
        aggregate_metric="handle_time_s",
        aggregate_op=">=",
        event_type=_calls(),
    )
    rule = _save(hr_admin, aggregate_op=">=")

    assert warnings == [
        "“Hold time” is better when lower: “>=” rewards it getting worse.",
        "“Handle time” is better when lower: “>=” rewards it getting worse.",
    ]
    assert rule.aggregate_op == ">="


def test_the_right_direction_raises_no_warning():
    assert (
        rule_warnings(
            condition={},
            aggregate="mean",
            aggregate_metric="handle_time_s",
            aggregate_op="<=",
            event_type=_calls(),
        )
        == []
    )
