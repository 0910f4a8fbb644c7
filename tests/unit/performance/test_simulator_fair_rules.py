"""The simulator gives the fair rules something to find: agents on a learning curve, teams
around the first-contact goal, and an outage hour's calls flagged excluded."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from zoneinfo import ZoneInfo

from performance import simulator

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
END = dt.date(2025, 5, 30)  # a Friday
ZONE = ZoneInfo("America/Mexico_City")
AGENTS = [
    simulator.SimAgent(pk=pk, email=f"a{pk}@example.com", time_zone=ZONE, team_id=pk % 6)
    for pk in range(1, 61)
]


def _events(seed: int = 11, days: int = 70, agents=AGENTS, calls: int = 20):  # type: ignore[no-untyped-def]
    return list(
        simulator.generate_events(
            agents=agents, days=days, end_date=END, seed=seed, calls_per_day=calls, now=NOW
        )
    )


def test_the_same_seed_gives_the_same_events_and_another_seed_others():
    assert _events(days=14) == _events(days=14)
    assert _events(days=14) != _events(seed=12, days=14)


def test_some_agents_get_quicker_week_after_week_and_most_hold_steady():
    # given ten weeks of calls
    weekly: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for event in _events():
        if event["type"] == "call_completed" and not event.get("excluded"):
            week = dt.datetime.fromisoformat(event["occurred_at"]).isocalendar()[1]
            weekly[int(event["email"][1:].split("@")[0])][week].append(
                event["metrics"]["handle_time_s"]
            )
    # when each agent's best four-week stretch of improvement is measured
    improvers = 0
    for weeks in weekly.values():
        medians = [statistics.median(weeks[w]) for w in sorted(weeks)]
        drops = [medians[i] / medians[i + 4] for i in range(len(medians) - 4)]
        if max(drops) > 1.15:
            improvers += 1
    # then a share of agents (the learners) improved by more than 15 % over four weeks
    assert 5 <= improvers <= 30


def test_teams_first_contact_resolution_sits_around_the_goal_and_some_reach_it():
    by_team: dict[int, list[float]] = defaultdict(list)
    team_of = {a.email: a.team_id for a in AGENTS}
    for event in _events(days=28):
        if event["type"] == "first_contact_resolution":
            by_team[team_of[event["email"]]].append(event["metrics"]["rate"])
    means = [statistics.mean(rates) for rates in by_team.values()]
    assert all(0.68 <= mean <= 0.82 for mean in means)
    assert any(mean >= 0.75 for mean in means)


def test_an_outage_hours_calls_are_flagged_excluded_with_the_reason():
    events = _events()
    excluded = [e for e in events if e.get("excluded")]
    assert excluded
    assert {e["type"] for e in excluded} == {"call_completed"}
    assert {e["exclusion_reason"] for e in excluded} == {simulator.OUTAGE_REASON}
    # an outage is an hour for everyone on shift: every flagged call of a day lies in it
    by_day: dict[str, list[dt.datetime]] = defaultdict(list)
    for event in excluded:
        at = dt.datetime.fromisoformat(event["occurred_at"])
        by_day[at.date().isoformat()].append(at)
    for moments in by_day.values():
        assert max(moments) - min(moments) < dt.timedelta(hours=1)
    # and most calls are not excluded
    calls = [e for e in events if e["type"] == "call_completed"]
    assert len(excluded) < 0.05 * len(calls)
