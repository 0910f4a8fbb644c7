"""The default rules of the fair kinds fire plausibly on the simulator's contact center
(issue 15): for some agents and teams, never for everyone; most improved only for a few
of the agents the simulator puts on a learning curve."""

import datetime as dt
from unittest import mock

import pytest
from django.utils import timezone

from people.models import Role
from performance import simulator
from performance.defaults import install_default_rules
from performance.models import PerformanceEvent, Rule, RuleFiring
from performance.services import processing
from tests.factories import MembershipFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db

TEAMS, AGENTS_PER_TEAM, WEEKS = 3, 6, 8


def test_each_fair_kind_fires_for_some_and_not_for_everyone_over_eight_simulated_weeks():
    # given the default rules and three teams of six agents with eight weeks of work
    install_default_rules()
    for t in range(TEAMS):
        team = TeamFactory(name=f"Equipo {t}")
        for _ in range(AGENTS_PER_TEAM):
            MembershipFactory(team=team, role=Role.AGENT, user=UserFactory())
    integration = simulator.simulator_integration("Simulated center")
    with mock.patch("performance.services.ingestion.enqueue_processing"):
        simulator.run_simulation(
            agents=simulator.simulation_agents(),
            days=7 * WEEKS,
            end_date=timezone.localdate() - dt.timedelta(days=1),
            seed=7,
            calls_per_day=20,
            send=simulator.direct_sender(integration),
            integration=integration,
        )

    # when every event is processed, in the order they happened
    ids = list(PerformanceEvent.objects.order_by("occurred_at", "id").values_list("id", flat=True))
    for start in range(0, len(ids), 200):
        processing.process_events(event_ids=ids[start : start + 200])

    # then each kind rewarded some agents (or teams), and none rewarded everyone
    agents = TEAMS * AGENTS_PER_TEAM
    guarded = set(
        RuleFiring.objects.filter(rule__kind=Rule.Kind.THRESHOLD)
        .exclude(rule__guardrails=None)
        .values_list("agent_id", flat=True)
    )
    best = set(
        RuleFiring.objects.filter(rule__kind=Rule.Kind.PERSONAL_BEST).values_list(
            "agent_id", flat=True
        )
    )
    improved = set(
        RuleFiring.objects.filter(rule__kind=Rule.Kind.MOST_IMPROVED).values_list(
            "agent_id", flat=True
        )
    )
    teams = set(
        RuleFiring.objects.filter(rule__kind=Rule.Kind.TEAM_GOAL).values_list("team_id", flat=True)
    )
    assert 0 < len(guarded) < agents
    assert 0 < len(best) < agents
    assert 0 < len(improved) <= agents // 4  # only some of those on a learning curve
    assert 0 < len(teams) < TEAMS
    # and the outage hours the simulator flags never counted
    assert PerformanceEvent.objects.filter(excluded=True).exists()
