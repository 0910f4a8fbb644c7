"""describe_rule: every kind of rule in plain words, in the reader's language, with numbers
and durations as people read them."""

import pytest
from django.utils import translation

from performance.defaults import ensure_default_event_types
from performance.models import EventType, Metric, Rule, RuleEffect, RuleGuardrail
from performance.rule_text import describe_rule, duration, format_value
from recognition.services.badges import ensure_badge_class
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _types(db):  # type: ignore[no-untyped-def]
    ensure_default_event_types()


def metric(type_slug: str, key: str) -> Metric:
    return Metric.objects.get(event_type__slug=type_slug, key=key)


def rule(type_slug: str, *, effects=(("points", 20),), **fields) -> Rule:  # type: ignore[no-untyped-def]
    made = Rule.objects.create(
        name_en="A rule",
        name_es="Una regla",
        event_type=EventType.objects.get(slug=type_slug),
        **fields,
    )
    for kind, value in effects:
        if kind == "points":
            RuleEffect.objects.create(rule=made, kind=kind, points=value)
        elif kind == "badge":
            RuleEffect.objects.create(rule=made, kind=kind, badge_class=value)
        else:
            RuleEffect.objects.create(rule=made, kind=kind, message_en="Hi", message_es="Hola")
    return made


def in_(language: str, described: Rule) -> str:
    with translation.override(language):
        return describe_rule(described)


def test_each_event_rule_names_its_event_type_condition_and_effects():
    qa = rule(
        "qa_review",
        condition={"all": [{"metric": "score", "op": ">=", "value": 90}]},
        effects=(("feedback", None), ("points", 10)),
    )

    assert in_("en", qa) == (
        "For each “QA review” event about you, when the quality score is at least 90, "
        "you get a message and 10 points."
    )
    spanish = in_("es", qa)
    assert "Evaluación de calidad" in spanish
    assert "puntuación de calidad" in spanish
    assert "10 puntos" in spanish


def test_conditions_join_with_and_or_and_nest_in_parentheses():
    calls = rule(
        "call_completed",
        condition={
            "all": [
                {"metric": "handle_time_s", "op": "<=", "value": 330},
                {
                    "any": [
                        {"metric": "hold_s", "op": "<", "value": 30},
                        {"metric": "hold_s", "op": "==", "value": 3600},
                    ]
                },
            ]
        },
    )

    assert "the handle time is at most 5 min 30 s and (the hold time is less than 30 s or " in (
        in_("en", calls)
    )
    assert "the hold time is exactly 1 h)" in in_("en", calls)


def test_threshold_over_a_week_with_minimum_cooldown_in_english_and_spanish_numbers():
    csat = rule(
        "csat_response",
        aggregate="mean",
        aggregate_metric="score",
        aggregate_op=">=",
        aggregate_value=4.5,
        window_days=7,
        min_count=10,
        cooldown_days=14,
    )

    assert in_("en", csat) == (
        "When your average satisfaction score in “CSAT response” events is at least 4.5 in a "
        "week, you get 20 points. A period counts only with at least 10 events. After it "
        "acts, it waits 14 days before acting again."
    )
    spanish = in_("es", csat)
    assert "4,5" in spanish
    assert "4.5" not in spanish
    assert "puntuación de satisfacción" in spanish
    assert "Respuesta de satisfacción" in spanish


def test_lower_is_better_threshold_reads_in_minutes_and_seconds_over_n_days():
    handle = rule(
        "call_completed",
        aggregate="mean",
        aggregate_metric="handle_time_s",
        aggregate_op="<=",
        aggregate_value=300,
        window_days=10,
        min_count=20,
    )

    assert in_("en", handle).startswith(
        "When your average handle time in “Call completed” events is at most 5 min in 10 days,"
    )
    assert "Tiempo de atención".lower() in in_("es", handle)


def test_count_over_a_month_gives_a_badge_by_name():
    badge = ensure_badge_class(
        slug="star",
        name_en="Star",
        name_es="Estrella",
        description_en="d",
        description_es="d",
        criteria_en="c",
        criteria_es="c",
    )
    compliments = rule(
        "customer_compliment",
        aggregate="count",
        aggregate_value=5,
        window_days=30,
        effects=(("badge", badge),),
    )

    assert in_("en", compliments) == (
        "When your number of “Customer compliment” events is at least 5 in a month, "
        "you get the badge “Star”."
    )
    assert "Estrella" in in_("es", compliments)


def test_personal_best_over_the_previous_windows_follows_the_metric_direction():
    higher = rule(
        "qa_review",
        kind="personal_best",
        aggregate="mean",
        aggregate_metric="score",
        window_days=7,
        baseline_windows=4,
        min_count=3,
    )
    lower = rule(
        "call_completed",
        kind="personal_best",
        aggregate="mean",
        aggregate_metric="handle_time_s",
        window_days=7,
        baseline_windows=1,
    )

    assert in_("en", higher).startswith(
        "When your average quality score in “QA review” events in a week is higher than your "
        "best of the previous 4 periods, you get 20 points. A period counts only with at "
        "least 3 events."
    )
    assert "is lower than in the previous period, you get 20 points." in in_("en", lower)


def test_most_improved_says_margin_and_chance_with_spanish_numbers():
    improved = rule(
        "csat_response",
        kind="most_improved",
        aggregate="mean",
        aggregate_metric="score",
        window_days=7,
        baseline_windows=4,
        margin_percent=12.5,
        min_count=20,
    )

    english = in_("en", improved)
    assert "is higher than your average of the previous 4 periods by more than 12.5%" in english
    assert "beyond chance" in english
    assert "at least 20 events" in english
    assert "12,5" in in_("es", improved)


def test_team_goal_for_a_named_team_or_for_your_team_with_guardrails():
    team = TeamFactory(name="Soporte")
    named = rule(
        "adherence",
        kind="team_goal",
        aggregate="mean",
        aggregate_metric="percent",
        aggregate_value=92,
        window_days=7,
        team=team,
    )
    yours = rule(
        "call_completed",
        kind="team_goal",
        aggregate="mean",
        aggregate_metric="handle_time_s",
        aggregate_op="<=",
        aggregate_value=90.5,
        window_days=7,
    )
    RuleGuardrail.objects.create(rule=yours, metric=metric("qa_review", "score"))

    assert in_("en", named) == (
        "Team goal for Soporte: when the team's average adherence in “Schedule adherence” "
        "events is at least 92% in a week, everyone in the team gets 20 points."
    )
    english = in_("en", yours)
    assert english.startswith("Team goal for your team: when the team's average handle time")
    assert "is at most 1 min 30.5 s" in english
    assert "Only if the team's quality score did not get worse in the same period." in english


def test_personal_guardrail_with_a_tolerance():
    guarded = rule(
        "call_completed",
        aggregate="mean",
        aggregate_metric="handle_time_s",
        aggregate_op="<=",
        aggregate_value=300,
        window_days=7,
    )
    RuleGuardrail.objects.create(
        rule=guarded, metric=metric("qa_review", "score"), tolerance_percent=5
    )
    RuleGuardrail.objects.create(rule=guarded, metric=metric("first_contact_resolution", "rate"))

    assert (
        "Only if your quality score did not get worse by more than 5% and your first-contact "
        "resolution rate did not get worse in the same period."
    ) in in_("en", guarded)


def test_an_undeclared_metric_falls_back_to_its_key_and_no_effect_says_so():
    odd = rule(
        "qa_review",
        condition={"metric": "empathy", "op": ">", "value": 0.75},
        effects=(),
    )

    assert in_("en", odd) == (
        "For each “QA review” event about you, when the empathy is more than 0.75, "
        "nothing happens yet: it has no effect."
    )
    assert "0,75" in in_("es", odd)


def test_break_suggestions_and_plain_events():
    escalation = rule("escalation", effects=(("break", None),))

    assert in_("en", escalation) == (
        "For each “Escalation” event about you, you get a break suggestion."
    )


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (45, "45 s"),
        (4.5, "4.5 s"),
        (300, "5 min"),
        (330, "5 min 30 s"),
        (3900, "1 h 5 min"),
        (3601, "1 h 1 s"),
        (0, "0 s"),
    ],
)
def test_durations_read_naturally(seconds, text):
    with translation.override("en"):
        assert duration(seconds) == text


def test_values_follow_their_unit_and_the_readers_decimal_separator():
    with translation.override("es"):
        assert format_value(4.5, "score") == "4,5"
        assert format_value(0.85, "ratio") == "0,85"
        assert format_value(92.25, "percent").startswith("92,2")
        assert format_value("n/a", None) == "n/a"
