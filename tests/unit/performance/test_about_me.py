"""'What Cuida uses about me': who may read it, what it says, and the opt-out of team goals."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from performance.defaults import ensure_default_event_types
from performance.models import (
    EventType,
    PerformanceEvent,
    PerformanceProfile,
    Rule,
    RuleEffect,
    RuleFiring,
)
from performance.services.keys import create_integration
from performance.services.profile import set_team_comparison
from recognition.services.profile import set_leaderboard_opt_in
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

ABOUT_ME = reverse("performance:about_me")
OPT_OUT = reverse("performance:team_comparison")


def about(person) -> str:  # type: ignore[no-untyped-def]
    return reverse("performance:person_about", kwargs={"pk": person.pk})


@pytest.fixture
def integration(db):  # type: ignore[no-untyped-def]
    ensure_default_event_types()
    return create_integration(actor=None, name="Contact center")


def make_event(integration, person, slug, n, **fields):  # type: ignore[no-untyped-def]
    return PerformanceEvent.objects.create(
        integration=integration,
        external_id=f"{person.pk}-{slug}-{n}",
        agent=person,
        event_type=EventType.objects.get(slug=slug),
        occurred_at=fields.pop("occurred_at", timezone.now() - dt.timedelta(hours=n)),
        **fields,
    )


@pytest.fixture
def qa_rule(integration):  # type: ignore[no-untyped-def]
    rule = Rule.objects.create(
        name_en="Excellent QA review",
        name_es="Evaluación de calidad excelente",
        event_type=EventType.objects.get(slug="qa_review"),
        condition={"all": [{"metric": "score", "op": ">=", "value": 90}]},
    )
    RuleEffect.objects.create(rule=rule, kind="points", points=10)
    return rule


@pytest.fixture
def agent_events(integration, agent, qa_rule):  # type: ignore[no-untyped-def]
    """Two QA reviews (one led to the rule) and an excluded call, for ``agent``."""
    kept = make_event(integration, agent, "qa_review", 1, metrics={"score": 95})
    make_event(integration, agent, "qa_review", 2, metrics={"score": 70}, text="Rushed close")
    make_event(
        integration,
        agent,
        "call_completed",
        3,
        metrics={"handle_time_s": 330},
        excluded=True,
        exclusion_reason="Telephony outage",
    )
    RuleFiring.objects.create(rule=qa_rule, agent=agent, key=f"rule:{qa_rule.pk}:e:1", event=kept)
    return kept


# --- Who may read it ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("viewer", "status"),
    [
        ("agent", 200),
        ("teammate", 404),
        ("other_team_agent", 404),
        ("team_lead", 200),
        ("other_team_lead", 404),
        ("hr_admin", 200),
    ],
)
def test_a_persons_page_is_theirs_their_leads_and_hrs(client, request, agent, viewer, status):
    client.force_login(request.getfixturevalue(viewer))

    response = client.get(about(agent))

    assert response.status_code == status


@pytest.mark.parametrize("viewer", ["agent", "team_lead", "hr_admin", "other_team_agent"])
def test_everyone_signed_in_has_their_own_page(client, request, viewer):
    client.force_login(request.getfixturevalue(viewer))

    assert client.get(ABOUT_ME).status_code == 200


@pytest.mark.parametrize("url", [ABOUT_ME, "person", OPT_OUT])
def test_anonymous_visitors_go_to_sign_in(client, agent, url):
    target = about(agent) if url == "person" else url

    response = client.post(target) if target == OPT_OUT else client.get(target)

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not PerformanceProfile.objects.exists()


def test_a_deactivated_persons_page_is_not_found(client, agent, hr_admin):
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    client.force_login(hr_admin)

    assert client.get(about(agent)).status_code == 404


# --- What it says -----------------------------------------------------------------------------


@pytest.mark.usefixtures("agent_events")
def test_the_page_lists_arriving_types_rules_in_words_and_excluded_events(client, agent):
    client.force_login(agent)

    html = client.get(ABOUT_ME).content.decode()

    # what arrives: the type, its count, its metrics and whether text is stored
    assert 'id="arriving-qa_review"' in html
    assert "2 events" in html
    assert "Quality score (in score): Higher is better" in html
    assert "Free text is stored: 1 of these events carries words" in html
    assert "1 excluded from rules" in html
    # the rule on it, in words
    assert (
        "For each “QA review” event about you, when the quality score is at least 90, "
        "you get 10 points."
    ) in html
    # recent events: metrics by name and unit, the exclusion and its reason, the rule fired
    assert "Handle time: 5 min 30 s" in html
    assert "Excluded: Telephony outage" in html
    assert "Led to: Excellent QA review" in html
    # what is never used, and the choices
    assert "wellbeing check-ins" in html
    assert "Leave me out of team goals" in html
    assert "Show me on leaderboards" in html


@pytest.mark.usefixtures("agent_events")
def test_spanish_readers_read_names_numbers_and_the_reason_in_spanish(client, agent):
    agent.preferred_language = "es"
    agent.save(update_fields=["preferred_language"])
    make_event_type = EventType.objects.get(slug="csat_response")
    PerformanceEvent.objects.create(
        integration=PerformanceEvent.objects.first().integration,
        external_id="csat-1",
        agent=agent,
        event_type=make_event_type,
        occurred_at=timezone.now(),
        metrics={"score": 4.5},
    )
    client.force_login(agent)

    html = client.get(ABOUT_ME).content.decode()

    assert "Evaluación de calidad excelente" in html
    assert "Puntuación de satisfacción: 4,5" in html
    assert "puntuación de calidad" in html
    assert "10 puntos" in html
    assert "Telephony outage" in html
    assert "Tiempo de atención: 5 min 30 s" in html


def test_a_lead_reads_the_same_explanation_and_the_choices_read_only(
    client, agent, team_lead, agent_events
):
    set_team_comparison(actor=agent, include=False)
    client.force_login(team_lead)

    html = client.get(about(agent)).content.decode()

    assert "when the quality score is at least 90" in html
    assert "Excluded: Telephony outage" in html
    assert "Left out of team goals" in html
    assert f"Only {agent} can change these choices." in html
    assert reverse("performance:team_comparison") not in html
    assert reverse("recognition:leaderboard_opt_in") not in html


def test_empty_states(client, agent):
    client.force_login(agent)

    html = client.get(ABOUT_ME).content.decode()

    assert "No events about you arrived in the last 90 days." in html
    assert "No events about you yet." in html


def test_team_goals_of_another_team_and_inactive_rules_are_not_listed(client, agent, integration):
    def goal(name, **fields):  # type: ignore[no-untyped-def]
        return Rule.objects.create(
            name_en=name,
            name_es=name,
            event_type=EventType.objects.get(slug="adherence"),
            kind="team_goal",
            aggregate="mean",
            aggregate_metric="percent",
            aggregate_value=90,
            window_days=7,
            **fields,
        )

    goal("Every team's goal")
    goal("Our goal", team=agent.memberships.get().team)
    goal("Their goal", team=TeamFactory(name="Ventas"))
    goal("Retired goal", active=False)
    client.force_login(agent)

    html = client.get(ABOUT_ME).content.decode()

    assert "Every team&#x27;s goal" in html
    assert "Our goal" in html
    assert "Team goal for your team" in html
    assert "Their goal" not in html
    assert "Retired goal" not in html


def test_the_page_costs_the_same_queries_whatever_the_rules_and_events(
    client, agent, integration, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for i in range(n):
            rule = Rule.objects.create(
                name_en=f"Rule {i}",
                name_es=f"Regla {i}",
                event_type=EventType.objects.get(slug="qa_review"),
                condition={"metric": "score", "op": ">=", "value": 80 + i},
            )
            RuleEffect.objects.create(rule=rule, kind="points", points=i + 1)
            RuleEffect.objects.create(rule=rule, kind="feedback", message_en="Hi")
            for slug in ("qa_review", "call_completed"):
                event = make_event(
                    integration, agent, slug, 100 * n + i, metrics={"score": 90}, text="x"
                )
                RuleFiring.objects.create(
                    rule=rule, agent=agent, key=f"k:{rule.pk}:{event.pk}", event=event
                )

    client.force_login(agent)
    add(1)
    client.get(ABOUT_ME)  # warm the session and the caches
    with django_assert_max_num_queries(20) as few:
        client.get(ABOUT_ME)
    add(12)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(ABOUT_ME)
    assert response.content.decode().count("you get") >= 13


# --- Choices -----------------------------------------------------------------------------------


def test_an_agent_leaves_team_goals_and_comes_back(client, agent):
    client.force_login(agent)

    left = client.post(OPT_OUT, {"include": "0"}, follow=True)

    assert left.redirect_chain[-1][0].startswith(ABOUT_ME)
    assert "Your events no longer count toward team goals." in left.content.decode()
    assert PerformanceProfile.objects.get(user=agent).team_comparison is False
    client.post(OPT_OUT, {"include": "1"})
    assert PerformanceProfile.objects.get(user=agent).team_comparison is True


def test_the_opt_out_post_changes_only_the_senders_own_choice(client, agent, team_lead, hr_admin):
    for someone in (team_lead, hr_admin):
        client.force_login(someone)
        client.post(OPT_OUT, {"include": "0", "user": agent.pk, "pk": agent.pk})

    assert not PerformanceProfile.objects.filter(user=agent).exists()
    assert PerformanceProfile.objects.get(user=team_lead).team_comparison is False


def test_the_opt_out_only_takes_post(client, agent):
    client.force_login(agent)

    assert client.get(OPT_OUT).status_code == 405


def test_the_leaderboard_choice_shows_and_comes_back_here(client, agent):
    set_leaderboard_opt_in(user=agent, opt_in=True)
    client.force_login(agent)

    html = client.get(ABOUT_ME).content.decode()
    response = client.post(
        reverse("recognition:leaderboard_opt_in"), {"opt_in": "0", "next": ABOUT_ME + "#choices"}
    )

    assert "Hide me from leaderboards" in html
    assert response["Location"] == ABOUT_ME + "#choices"


def test_set_team_comparison_audits_a_change_and_nothing_else(agent):
    profile = set_team_comparison(actor=agent, include=False)
    set_team_comparison(actor=agent, include=False)  # the same choice again

    assert profile.user == agent
    assert profile.team_comparison is False
    audit = AuditEvent.objects.get()
    assert audit.actor == agent
    assert audit.verb == "performance.team_comparison.off"
    assert audit.target_type == "performance.performanceprofile"
    assert audit.target_id == str(profile.pk)

    set_team_comparison(actor=agent, include=True)

    assert AuditEvent.objects.filter(verb="performance.team_comparison.on").count() == 1
