"""The rules editor without JSON: condition rows, kinds, guardrails, warnings, a condition
written through the API kept as it is, and the metric choices following the event type."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from performance.defaults import install_default_rules
from performance.models import EventType, Metric, Rule, RuleEffect
from tests.factories import TeamFactory
from tests.unit.performance.test_pages import rule_post

pytestmark = pytest.mark.django_db


def call_rule(**overrides):  # type: ignore[no-untyped-def]
    """Mean handle time ≤ 300 s over a week with at least 20 calls, lower is better."""
    return rule_post(
        **{
            "name_en": "Quick and calm",
            "name_es": "Rápido y sereno",
            "event_type": EventType.objects.get(slug="call_completed").pk,
            "condition-0-metric": "",
            "condition-0-op": "",
            "condition-0-value": "",
            "aggregate": "mean",
            "aggregate_metric": "handle_time_s",
            "aggregate_op": "<=",
            "aggregate_value": "300",
            "window_days": "7",
            "min_count": "20",
            **overrides,
        }
    )


def test_hr_creates_a_lower_is_better_rule_from_rows(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:rule_create"), call_rule())

    assert response.status_code == 302
    rule = Rule.objects.get(name_en="Quick and calm")
    assert rule.condition == {}
    assert (rule.aggregate, rule.aggregate_metric, rule.aggregate_op) == (
        "mean",
        "handle_time_s",
        "<=",
    )
    assert (rule.aggregate_value, rule.window_days, rule.min_count) == (300, 7, 20)
    assert not [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]


def test_greater_or_equal_on_handle_time_is_saved_with_a_warning(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:rule_create"), call_rule(aggregate_op=">="), follow=True
    )

    assert response.status_code == 200
    assert Rule.objects.get(name_en="Quick and calm").aggregate_op == ">="
    assert "rewards it getting worse" in response.content.decode()


def test_condition_rows_join_with_any(client, hr_admin):
    client.force_login(hr_admin)

    client.post(
        reverse("performance:rule_create"),
        call_rule(
            match="any",
            **{
                "condition-0-metric": "handle_time_s",
                "condition-0-op": "<=",
                "condition-0-value": "240",
                "condition-1-metric": "hold_s",
                "condition-1-op": "<",
                "condition-1-value": "30.5",
            },
        ),
    )

    assert Rule.objects.get().condition == {
        "any": [
            {"metric": "handle_time_s", "op": "<=", "value": 240},
            {"metric": "hold_s", "op": "<", "value": 30.5},
        ]
    }


def test_an_unknown_aggregate_metric_is_refused(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:rule_create"), call_rule(aggregate_metric="bogus"))

    assert response.status_code == 400
    assert 'id="id_aggregate_metric_error"' in response.content.decode()
    assert not Rule.objects.exists()


def test_a_guardrail_row_is_saved(client, hr_admin):
    qa_score = Metric.objects.get(event_type__slug="qa_review", key="score")
    client.force_login(hr_admin)
    page = client.get(reverse("performance:rule_create")).content.decode()
    assert f'<option value="{qa_score.pk}">QA review · Quality score (score)</option>' in page

    response = client.post(
        reverse("performance:rule_create"),
        call_rule(
            **{"guardrails-0-metric": str(qa_score.pk), "guardrails-0-tolerance_percent": "5"}
        ),
    )

    assert response.status_code == 302
    guardrail = Rule.objects.get().guardrails.get()
    assert (guardrail.metric, guardrail.tolerance_percent) == (qa_score, 5)


def test_a_team_goal_for_a_team_without_agents_is_an_error_on_the_team(client, hr_admin):
    empty = TeamFactory(name="Nobody yet")
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:rule_create"), call_rule(kind="team_goal", team=str(empty.pk))
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "This team has no members yet." in page.split('id="id_team_error">', 1)[1]
    assert not Rule.objects.exists()


def test_a_nested_condition_is_shown_read_only_and_kept(client, hr_admin):
    # given a rule written through the API with a group inside a group
    install_default_rules()
    rule = Rule.objects.get(name_en="Excellent QA review")
    nested = {"any": [{"all": [{"metric": "score", "op": ">=", "value": 95}]}]}
    Rule.objects.filter(pk=rule.pk).update(condition=nested)
    client.force_login(hr_admin)

    # when HR opens it, then saves a new name with the rows posted empty
    page = client.get(reverse("performance:rule_edit", args=[rule.pk])).content.decode()
    response = client.post(
        reverse("performance:rule_edit", args=[rule.pk]),
        rule_post(
            name_en="Excellent QA", **{"condition-0-metric": "", "effects-INITIAL_FORMS": "2"}
        ),
    )

    # then
    assert 'id="locked-condition"' in page
    assert "edit it through the API" in page
    assert 'name="condition-0-metric"' not in page
    assert response.status_code == 302
    rule.refresh_from_db()
    assert (rule.name_en, rule.condition) == ("Excellent QA", nested)


def test_changing_the_event_type_redraws_its_metrics_and_writes_nothing(client, hr_admin):
    client.force_login(hr_admin)
    body = call_rule(action="refresh", name_en="Draft")

    over_htmx = client.post(reverse("performance:rule_create"), body, HTTP_HX_REQUEST="true")
    without_js = client.post(reverse("performance:rule_create"), body)

    fragment = over_htmx.content.decode()
    assert over_htmx.status_code == 200
    assert fragment.startswith('<div id="rule-editor">')
    assert '<option value="handle_time_s">Handle time (seconds)</option>' in fragment
    assert '<option value="score"' not in fragment
    assert 'value="Draft"' in fragment
    assert without_js.status_code == 200
    assert "<html" in without_js.content.decode()
    assert 'class="field-error"' not in without_js.content.decode()
    assert not Rule.objects.exists()


def test_preview_of_unsaved_settings_writes_nothing(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:rule_create"), call_rule(action="preview"), HTTP_HX_REQUEST="true"
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert page.startswith('<section id="rule-draft-preview"')
    assert "No event of the last 30 days would make this rule fire." in page
    assert not Rule.objects.exists()
    assert not RuleEffect.objects.exists()


# Session, user, roles and navigation, then rules, metrics, guardrails and effects: the
# same with the default rules or ten more.
RULES_LIST_QUERIES = 11


def test_rules_list_query_count_does_not_grow_with_rules(
    client, hr_admin, django_assert_max_num_queries
):
    install_default_rules()
    client.force_login(hr_admin)
    with django_assert_max_num_queries(RULES_LIST_QUERIES):
        client.get(reverse("performance:rules"))
    defaults = Rule.objects.count()
    for n in range(10):
        client.post(reverse("performance:rule_create"), call_rule(name_en=f"Rule {n}"))
    assert Rule.objects.count() == defaults + 10

    with django_assert_max_num_queries(RULES_LIST_QUERIES):
        response = client.get(reverse("performance:rules"))

    assert response.status_code == 200
