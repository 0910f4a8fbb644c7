import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.utils import timezone

from performance import simulator
from performance.defaults import ensure_default_event_types
from performance.demo import seed_demo_performance
from performance.models import Feedback, Integration, PerformanceEvent
from performance.services.keys import create_api_key, create_integration
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# A Monday-to-Wednesday stretch well in the past: three working days, no "future" cut-off.
END = dt.date(2025, 3, 12)
NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def _events(agents, *, days=3, end=END, seed=7, calls=100):
    return list(
        simulator.generate_events(
            agents=agents, days=days, end_date=end, seed=seed, calls_per_day=calls, now=NOW
        )
    )


def _run(agents, *, integration, days=3, end=END, seed=7, calls=100):
    return simulator.run_simulation(
        agents=agents,
        days=days,
        end_date=end,
        seed=seed,
        calls_per_day=calls,
        send=simulator.direct_sender(integration),
        integration=integration,
    )


def test_generates_the_same_events_for_the_same_seed(agent, teammate):
    agents = simulator.simulation_agents(limit=2)

    first, second = _events(agents), _events(agents)

    assert first == second
    assert len({e["external_id"] for e in first}) == len(first)
    assert _events(agents, seed=8) != first


def test_external_ids_do_not_depend_on_the_seed_so_a_rerun_never_doubles_events(agent):
    agents = simulator.simulation_agents(limit=1)

    ids_seed_7 = {e["external_id"] for e in _events(agents, seed=7) if "call" in e["type"]}
    ids_seed_8 = {e["external_id"] for e in _events(agents, seed=8) if "call" in e["type"]}

    assert ids_seed_7 & ids_seed_8


def test_volumes_are_roughly_as_specified_for_two_agents_over_three_days(agent, teammate):
    # given two agents and three working days (Mon 10 to Wed 12 March 2025)
    agents = simulator.simulation_agents(limit=2)

    # when
    by_type = Counter(e["type"] for e in _events(agents))

    # then: ~100 calls a day, ~15 % answered surveys, one FCR and adherence a day
    assert 2 * 3 * 80 <= by_type["call_completed"] <= 2 * 3 * 120
    assert 0.10 <= by_type["csat_response"] / by_type["call_completed"] <= 0.20
    assert by_type["first_contact_resolution"] == 6
    assert by_type["adherence"] == 6
    assert by_type["qa_review"] <= 2
    assert by_type["customer_compliment"] <= 6
    assert by_type["escalation"] <= 4


def test_metrics_are_in_their_realistic_ranges(agent):
    events = _events(simulator.simulation_agents(limit=1), days=28)

    def values(kind, metric):
        return [e["metrics"][metric] for e in events if e["type"] == kind]

    handle = sorted(values("call_completed", "handle_time_s"))
    assert 150 <= handle[len(handle) // 2] <= 600
    assert all(1 <= s <= 5 for s in values("csat_response", "score"))
    assert sum(values("csat_response", "score")) / len(values("csat_response", "score")) > 3.8
    assert all(0 <= r <= 1 for r in values("first_contact_resolution", "rate"))
    assert all(80 <= p <= 100 for p in values("adherence", "percent"))
    assert 3 <= len(values("qa_review", "score")) <= 5  # one per week
    assert all(60 <= s <= 100 for s in values("qa_review", "score"))
    assert min(values("escalation", "handle_time_s"), default=720) >= 720
    compliments = [e for e in events if e["type"] == "customer_compliment"]
    assert all(e["text"] for e in compliments)


def test_weekends_are_quiet(agent):
    saturday = dt.date(2025, 3, 15)

    assert (
        _events(simulator.simulation_agents(limit=1), days=2, end=saturday + dt.timedelta(1)) == []
    )


def test_leaves_out_events_later_than_now(agent):
    agents = simulator.simulation_agents(limit=1)
    noon = dt.datetime.combine(END, dt.time(12), tzinfo=agents[0].time_zone)

    events = list(simulator.generate_events(agents=agents, days=1, end_date=END, seed=1, now=noon))

    assert events
    assert all(dt.datetime.fromisoformat(e["occurred_at"]) <= noon for e in events)


def test_every_generated_event_is_accepted_and_a_second_run_stores_nothing(
    agent, teammate, django_capture_on_commit_callbacks
):
    # given
    integration = simulator.simulator_integration()
    agents = simulator.simulation_agents(limit=2)

    # when
    with django_capture_on_commit_callbacks(execute=True):
        first = _run(agents, integration=integration, calls=30)
    second = _run(agents, integration=integration, calls=30)

    # then
    assert first.rejected == 0
    assert first.accepted == first.events == first.created > 0
    assert second.created == 0
    assert PerformanceEvent.objects.count() == first.events
    assert not PerformanceEvent.objects.filter(status=PerformanceEvent.Status.PENDING).exists()


def test_a_longer_run_after_a_shorter_one_adds_only_the_new_days(agent):
    integration = simulator.simulator_integration()
    agents = simulator.simulation_agents(limit=1)
    _run(agents, integration=integration, days=1, calls=10)

    totals = _run(agents, integration=integration, days=3, calls=10)

    assert totals.duplicates > 0
    assert totals.created == totals.accepted
    assert PerformanceEvent.objects.count() == totals.events


def test_agents_are_active_team_agents_first_by_email(agent, teammate, team_lead, hr_admin):
    gone = MembershipFactory(user=UserFactory(email="aaa@example.test", is_active=False)).user

    agents = simulator.simulation_agents(limit=10)

    assert [a.email for a in agents] == sorted([agent.email, teammate.email])
    assert gone.email not in [a.email for a in agents]


def test_command_simulates_and_says_when_there_are_fewer_agents(agent):
    out = io.StringIO()

    call_command(
        "simulate_contact_center",
        "--agents=5",
        "--days=2",
        "--end-date=2025-03-12",
        "--calls-per-day=10",
        "--seed=3",
        stdout=out,
        stderr=io.StringIO(),
    )

    output = out.getvalue()
    assert "Only 1 active agents found" in output
    assert "0 rejected" in output
    integration = Integration.objects.get(name=simulator.DEFAULT_INTEGRATION)
    stored = PerformanceEvent.objects.filter(integration=integration).count()
    assert stored > 0
    assert f"New events stored: {stored}." in output


def test_command_default_end_date_is_today_and_skips_the_future(agent):
    call_command(
        "simulate_contact_center", "--agents=1", "--days=3", "--calls-per-day=5",
        stdout=io.StringIO(), stderr=io.StringIO(),
    )  # fmt: skip

    latest = PerformanceEvent.objects.order_by("-occurred_at").first()
    assert latest is None or latest.occurred_at <= timezone.now()


def test_demo_seeding_is_idempotent_and_processes_the_events(
    django_capture_on_commit_callbacks,
):
    # given three demo agents (the demo organisation itself is seeded by people.demo)
    for n in range(3):
        MembershipFactory(user=UserFactory(email=f"agent{n}@demo.cuida.test"))
    MembershipFactory(user=UserFactory(email="not-a-demo@example.test"))

    # when
    with django_capture_on_commit_callbacks(execute=True):
        added = seed_demo_performance(days=8)
    again = seed_demo_performance(days=8)

    # then
    assert added == PerformanceEvent.objects.count() > 0
    assert again == 0
    assert not PerformanceEvent.objects.filter(agent__email__endswith="@example.test").exists()
    assert not PerformanceEvent.objects.exclude(status=PerformanceEvent.Status.PROCESSED).exists()
    assert Feedback.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_post_to_mode_sends_the_batches_to_the_api(live_server, agent):
    # given an integration with an API key (and the event types a flushed database lacks)
    ensure_default_event_types()
    integration = create_integration(actor=None, name="Genesys")
    _key, secret = create_api_key(actor=None, integration=integration)
    out = io.StringIO()

    # when
    call_command(
        "simulate_contact_center",
        "--agents=1",
        "--days=1",
        "--end-date=2025-03-12",
        "--calls-per-day=20",
        f"--post-to={live_server.url}/api/v1/events/",
        f"--api-key={secret}",
        stdout=out,
        stderr=io.StringIO(),
    )

    # then
    stored = PerformanceEvent.objects.filter(integration=integration).count()
    assert stored > 0
    assert f"{stored} accepted, 0 duplicates, 0 rejected" in out.getvalue()
    assert not Integration.objects.filter(name=simulator.DEFAULT_INTEGRATION).exists()
