"""The default rule set holds one bilingual example of each fair kind, with its guardrails,
valid by the editor's own checks, and installs once however often it is run."""

from __future__ import annotations

import pytest

from performance.defaults import DEFAULT_RULES, install_default_rules
from performance.models import Rule, RuleGuardrail
from performance.rule_engine import PLACEHOLDER
from performance.services.rules import GuardrailInput, rule_field_errors, rule_warnings

pytestmark = pytest.mark.django_db

# What the engine puts in each kind's context (shared spec, "Semantics").
CONTEXT = {
    Rule.Kind.THRESHOLD: {"value", "count", "days"},
    Rule.Kind.PERSONAL_BEST: {"value", "count", "best"},
    Rule.Kind.MOST_IMPROVED: {"value", "count", "baseline", "improvement_percent"},
    Rule.Kind.TEAM_GOAL: {"value", "count", "team"},
}


def test_one_rule_of_each_new_kind_is_installed_with_its_guardrails():
    install_default_rules()
    kinds = set(Rule.objects.values_list("kind", flat=True))
    assert {"personal_best", "most_improved", "team_goal"} <= kinds
    handle_time = Rule.objects.get(name_en="Quick and careful calls")
    assert (handle_time.aggregate_op, handle_time.aggregate_value) == ("<=", 330)
    assert sorted(str(g.metric) for g in handle_time.guardrails.all()) == [
        "first_contact_resolution.rate",
        "qa_review.score",
    ]
    improved = Rule.objects.get(kind="most_improved")
    assert [str(g.metric) for g in improved.guardrails.all()] == ["qa_review.score"]
    assert improved.min_count == 40
    assert Rule.objects.get(kind="team_goal").team is None  # every team on its own


def test_installing_twice_creates_nothing_more():
    install_default_rules()
    counts = (Rule.objects.count(), RuleGuardrail.objects.count())
    assert install_default_rules() == 0
    assert (Rule.objects.count(), RuleGuardrail.objects.count()) == counts


def test_every_default_rule_passes_the_editors_checks_without_warnings():
    install_default_rules()
    for rule in Rule.objects.prefetch_related("guardrails__metric__event_type"):
        checked = {
            "condition": rule.condition,
            "aggregate": rule.aggregate,
            "aggregate_metric": rule.aggregate_metric,
            "aggregate_op": rule.aggregate_op,
            "event_type": rule.event_type,
            "kind": rule.kind,
        }
        guardrails = [
            GuardrailInput(g.metric.event_type, g.metric.key, g.tolerance_percent)
            for g in rule.guardrails.all()
        ]
        assert (
            rule_field_errors(
                **checked,
                aggregate_value=rule.aggregate_value,
                window_days=rule.window_days,
                min_count=rule.min_count,
                baseline_windows=rule.baseline_windows,
                margin_percent=rule.margin_percent,
                guardrails=guardrails,
            )
            == {}
        ), rule.name_en
        assert rule_warnings(**checked) == [], rule.name_en


@pytest.mark.parametrize(
    "spec", [s for s in DEFAULT_RULES if s.get("kind")], ids=lambda s: s["name_en"]
)
def test_the_new_kinds_messages_use_only_what_the_engine_provides_in_both_languages(spec):
    for effect in spec["effects"]:
        if effect[0] != "feedback":
            continue
        english, spanish = effect[1], effect[2]
        assert english != spanish
        used_en = set(PLACEHOLDER.findall(english))
        assert used_en == set(PLACEHOLDER.findall(spanish))
        assert used_en <= CONTEXT[spec["kind"]]
