"""A contact-center simulator: realistic performance events for existing agents.

Used by ``manage.py simulate_contact_center`` (load tests, trying the API) and by the demo
data (``performance.demo``). Everything is derived from ``(seed, agent, day)`` or
``(seed, agent, ISO week)``, and every ``external_id`` from ``(agent, day, type, n)``, so a
re-run produces the same events and the ingestion service stores none of them twice.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from people.models import Membership, Role, User
from performance import simulator_trends as trends
from performance.models import Integration, PerformanceEvent
from performance.simulator_senders import (
    DEFAULT_INTEGRATION,
    PostError,
    Sender,
    direct_sender,
    http_sender,
    simulator_integration,
)

__all__ = [
    "DEFAULT_INTEGRATION",
    "PostError",
    "Sender",
    "direct_sender",
    "http_sender",
    "simulator_integration",
]

DEFAULT_CALLS_PER_DAY = 100
SHIFT_START_HOUR = 9
SHIFT_HOURS = 8
CSAT_SHARE = 0.15
# Customers answer CSAT surveys generously: most give 4 or 5.
CSAT_WEIGHTS = (0.03, 0.04, 0.08, 0.25, 0.60)
COMPLIMENTS_PER_WEEK = ((0, 0.35), (1, 0.40), (2, 0.25))
# A few agents have a gift for it: customers thank them more often (and the default
# compliment rules get to fire in the demo).
WARM_SHARE = 0.15
WARM_COMPLIMENTS_PER_WEEK = ((1, 0.30), (2, 0.40), (3, 0.30))
ESCALATIONS_PER_WEEK = ((0, 0.30), (1, 0.45), (2, 0.25))
# First-contact resolution: each team has its own level, around the default team goal
# (0.75), so some teams reach it and some do not; agents vary around their team's level.
TEAM_FCR_RANGE = (0.72, 0.78)
AGENT_FCR_SPREAD = 0.05
# Some weeks the telephony goes down for an hour: the calls of that hour are sent flagged
# excluded, as a tool that knows about its outage would, so no rule counts them.
OUTAGE_WEEK_SHARE = 0.3
OUTAGE_REASON = "Telephony outage"

COMPLIMENTS = [
    "Muchas gracias por tu paciencia, por fin funciona mi internet.",
    "Gracias por explicarme todo con tanta calma. ¡Excelente atención!",
    "La agente fue muy amable y resolvió mi problema en una sola llamada.",
    "Me ayudaste a recuperar mi cuenta en minutos. ¡Mil gracias!",
    "Gracias por no colgarme y quedarte hasta que quedó resuelto.",
    "Qué gusto que te atiendan así de bien. Gracias de corazón.",
    "Thank you so much for your patience, my connection is finally working.",
    "The agent was friendly, clear and fixed my billing issue on the first call.",
    "Thanks for staying on the line until everything was sorted. Great service!",
    "You made a stressful day so much easier. Thank you!",
    "Really appreciated how you explained the new plan step by step.",
]


@dataclass(frozen=True)
class SimAgent:
    pk: int
    email: str
    time_zone: ZoneInfo
    # The agent's team (its first, by id): teammates share a first-contact resolution level.
    team_id: int | None = None


@dataclass
class BatchAnswer:
    number: int
    size: int
    accepted: int
    duplicates: int
    rejected: int
    errors: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class SimulationTotals:
    agents: int = 0
    batches: int = 0
    events: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    created: int | None = None  # rows really stored (direct mode only)
    elapsed: float = 0.0
    first_errors: list[dict[str, Any]] = field(default_factory=list)

    def add(self, answer: BatchAnswer) -> None:
        self.batches += 1
        self.events += answer.size
        self.accepted += answer.accepted
        self.duplicates += answer.duplicates
        self.rejected += answer.rejected
        if len(self.first_errors) < 10:
            self.first_errors.extend(answer.errors[: 10 - len(self.first_errors)])


# --- Who ---------------------------------------------------------------------------------


def simulation_agents(*, limit: int | None = None, email_suffix: str = "") -> list[SimAgent]:
    """Active agents of some team, by e-mail: the first ``limit`` of them."""
    users: QuerySet[User] = (
        User.objects.filter(is_active=True, memberships__role=Role.AGENT)
        .distinct()
        .order_by("email")
    )
    if email_suffix:
        users = users.filter(email__endswith=email_suffix)
    if limit is not None:
        users = users[:limit]
    teams: dict[int, int] = {}
    for user_id, team_id in (
        Membership.objects.filter(role=Role.AGENT, user__in=[u.pk for u in users])
        .order_by("-team_id")
        .values_list("user_id", "team_id")
    ):
        teams[user_id] = team_id  # the lowest team id wins
    return [
        SimAgent(pk=u.pk, email=u.email, time_zone=_zone(u.time_zone), team_id=teams.get(u.pk))
        for u in users
    ]


def _zone(value: Any) -> ZoneInfo:
    if isinstance(value, ZoneInfo):
        return value
    return ZoneInfo(str(value or settings.TIME_ZONE))


# --- What --------------------------------------------------------------------------------


def _rng(*parts: object) -> random.Random:
    # A string seed is hashed with SHA-512 by ``random``: stable across processes and
    # independent of PYTHONHASHSEED, which is what makes re-runs identical.
    return random.Random(":".join(str(p) for p in parts))  # noqa: S311 - simulation only


def _lognormal(rng: random.Random, *, median: float, sigma: float, low: int, high: int) -> int:
    return int(min(high, max(low, round(rng.lognormvariate(math.log(median), sigma)))))


def _pick(rng: random.Random, table: Sequence[tuple[int, float]]) -> int:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights=weights)[0]


@dataclass(frozen=True)
class _Profile:
    """What kind of agent this is: some are a bit better at some things, as in life."""

    csat_lift: float
    qa_mean: float
    adherence_mean: float
    fcr_mean: float
    warm: bool
    learner: bool = False
    # Where in its learning cycle the agent's week 0 falls (learners only).
    learning_offset: int = 0


def _profile(seed: int, agent: SimAgent) -> _Profile:
    rng = _rng(seed, agent.pk, "profile")
    team_rng = _rng(seed, "team", agent.team_id if agent.team_id is not None else agent.pk)
    team_fcr = team_rng.uniform(*TEAM_FCR_RANGE)
    return _Profile(
        csat_lift=rng.uniform(-0.15, 0.25),
        qa_mean=rng.uniform(74, 92),
        adherence_mean=rng.uniform(89, 97),
        fcr_mean=team_fcr + rng.uniform(-AGENT_FCR_SPREAD, AGENT_FCR_SPREAD),
        warm=rng.random() < WARM_SHARE,
        learner=rng.random() < trends.LEARNER_SHARE,
        learning_offset=rng.randrange(trends.LEARNING_CYCLE_WEEKS),
    )


@dataclass(frozen=True)
class _WeekPlan:
    """Which weekday (0 = Monday) each weekly event falls on."""

    qa_day: int
    compliment_days: tuple[int, ...]
    escalation_days: tuple[int, ...]
    # The outage of the week, if any: (weekday, hour into the shift), the same for everyone.
    outage: tuple[int, int] | None = None


def _week_plan(seed: int, agent: SimAgent, day: dt.date, profile: _Profile) -> _WeekPlan:
    year, week, _weekday = day.isocalendar()
    rng = _rng(seed, agent.pk, f"{year}-W{week:02d}")
    compliments = WARM_COMPLIMENTS_PER_WEEK if profile.warm else COMPLIMENTS_PER_WEEK
    return _WeekPlan(
        qa_day=rng.randrange(5),
        compliment_days=tuple(rng.randrange(5) for _ in range(_pick(rng, compliments))),
        escalation_days=tuple(rng.randrange(5) for _ in range(_pick(rng, ESCALATIONS_PER_WEEK))),
        outage=_outage(seed, year, week),
    )


def _outage(seed: int, year: int, week: int) -> tuple[int, int] | None:
    rng = _rng(seed, "outage", f"{year}-W{week:02d}")
    if rng.random() >= OUTAGE_WEEK_SHARE:
        return None
    return rng.randrange(5), rng.randrange(SHIFT_HOURS)


def _csat_score(rng: random.Random, lift: float) -> int:
    weights = list(CSAT_WEIGHTS)
    # A positive lift moves weight from the low scores to 5; a negative one the other way.
    shift = lift * weights[4]
    weights[4] += shift
    weights[0] = max(0.005, weights[0] - shift / 2)
    weights[1] = max(0.005, weights[1] - shift / 2)
    return rng.choices([1, 2, 3, 4, 5], weights=weights)[0]


def agent_day_events(
    *, agent: SimAgent, day: dt.date, seed: int, calls_per_day: int
) -> list[dict[str, Any]]:
    """Every event of one agent's working day (none at weekends), sorted by time."""
    weekday = day.weekday()
    if weekday >= 5:
        return []
    rng = _rng(seed, agent.pk, day.isoformat())
    profile = _profile(seed, agent)
    plan = _week_plan(seed, agent, day, profile)
    shift_start = dt.datetime.combine(day, dt.time(SHIFT_START_HOUR), tzinfo=agent.time_zone)
    shift_seconds = SHIFT_HOURS * 3600
    stamp = day.strftime("%Y%m%d")
    events: list[dict[str, Any]] = []

    outage: tuple[dt.datetime, dt.datetime] | None = None
    if plan.outage is not None and plan.outage[0] == weekday:
        outage_starts = shift_start + dt.timedelta(hours=plan.outage[1])
        outage = (outage_starts, outage_starts + dt.timedelta(hours=1))

    def event(kind: str, n: int, at: dt.datetime, metrics: dict[str, Any], text: str = "") -> None:
        item: dict[str, Any] = {
            "external_id": f"sim-{agent.pk}-{stamp}-{kind}-{n}",
            "email": agent.email,
            "type": kind,
            "occurred_at": at.isoformat(timespec="seconds"),
            "metrics": metrics,
        }
        if text:
            item["text"] = text
        if kind == "call_completed" and outage is not None and outage[0] <= at < outage[1]:
            item["excluded"] = True
            item["exclusion_reason"] = OUTAGE_REASON
        events.append(item)

    def moment() -> dt.datetime:
        return shift_start + dt.timedelta(seconds=rng.randrange(shift_seconds))

    calls = max(0, round(rng.gauss(calls_per_day, calls_per_day * 0.08)))
    call_times = sorted(moment() for _ in range(calls))
    median_handle = trends.handle_time_median(
        learner=profile.learner, offset=profile.learning_offset, day=day
    )
    for n, at in enumerate(call_times):
        handle = _lognormal(rng, median=median_handle, sigma=0.3, low=60, high=1800)
        hold = _lognormal(rng, median=45, sigma=0.6, low=5, high=600) if rng.random() < 0.3 else 0
        event("call_completed", n, at, {"handle_time_s": handle, "hold_s": hold})
        if rng.random() < CSAT_SHARE:
            answered = at + dt.timedelta(seconds=handle + rng.randrange(60, 1800))
            event("csat_response", n, answered, {"score": _csat_score(rng, profile.csat_lift)})

    end_of_shift = shift_start + dt.timedelta(seconds=shift_seconds)
    fcr = min(1.0, max(0.0, rng.gauss(profile.fcr_mean, 0.06)))
    event("first_contact_resolution", 0, end_of_shift, {"rate": round(fcr, 3), "calls": calls})
    adherence = min(100.0, max(80.0, rng.gauss(profile.adherence_mean, 3)))
    event("adherence", 0, end_of_shift, {"percent": round(adherence, 1)})
    if plan.qa_day == weekday:
        score = min(100, max(60, round(rng.gauss(profile.qa_mean, 7))))
        event("qa_review", 0, moment(), {"score": score})
    for n, compliment_day in enumerate(plan.compliment_days):
        if compliment_day == weekday:
            event("customer_compliment", n, moment(), {}, text=rng.choice(COMPLIMENTS))
    for n, escalation_day in enumerate(plan.escalation_days):
        if escalation_day == weekday:
            handle = _lognormal(rng, median=1500, sigma=0.35, low=720, high=5400)
            event("escalation", n, moment(), {"handle_time_s": handle})
    events.sort(key=lambda e: (e["occurred_at"], e["external_id"]))
    return events


def generate_events(
    *,
    agents: Sequence[SimAgent],
    days: int,
    end_date: dt.date,
    seed: int,
    calls_per_day: int = DEFAULT_CALLS_PER_DAY,
    now: dt.datetime | None = None,
) -> Iterator[dict[str, Any]]:
    """The events of ``days`` days ending on ``end_date``, day by day, agent by agent.
    Events that would lie in the future (later today) are left out."""
    now = now or timezone.now()
    start = end_date - dt.timedelta(days=days - 1)
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        for agent in agents:
            for item in agent_day_events(
                agent=agent, day=day, seed=seed, calls_per_day=calls_per_day
            ):
                if dt.datetime.fromisoformat(item["occurred_at"]) <= now:
                    yield item


def in_batches(events: Iterable[dict[str, Any]], *, size: int) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for item in events:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def encode_batch(batch: Sequence[dict[str, Any]]) -> bytes:
    """The request body of a batch: compact and stable, so a resent batch is recognised."""
    return json.dumps(list(batch), ensure_ascii=False, separators=(",", ":")).encode()


# --- Where to: ``performance.simulator_senders`` (re-exported here) ------------------------


def run_simulation(
    *,
    agents: Sequence[SimAgent],
    days: int,
    end_date: dt.date,
    seed: int,
    send: Sender,
    calls_per_day: int = DEFAULT_CALLS_PER_DAY,
    batch_size: int | None = None,
    integration: Integration | None = None,
    on_batch: Callable[[BatchAnswer], None] | None = None,
) -> SimulationTotals:
    """Generate the events and hand them to ``send`` in batches; count the answers. With
    ``integration`` (direct mode), also count the rows really stored: a resent batch is
    answered as it was the first time, so the answers alone over-count on a re-run."""
    started = time.monotonic()
    size = min(batch_size or settings.EVENTS_MAX_BATCH, settings.EVENTS_MAX_BATCH)
    totals = SimulationTotals(agents=len(agents))
    before = _stored(integration)
    events = generate_events(
        agents=agents, days=days, end_date=end_date, seed=seed, calls_per_day=calls_per_day
    )
    for number, batch in enumerate(in_batches(events, size=size), start=1):
        answer = send(batch, encode_batch(batch))
        result = BatchAnswer(
            number=number,
            size=len(batch),
            accepted=answer["accepted"],
            duplicates=answer["duplicates"],
            rejected=answer["rejected"],
            errors=[r for r in answer["results"] if r["status"] == "rejected"],
        )
        totals.add(result)
        if on_batch is not None:
            on_batch(result)
    if integration is not None:
        totals.created = _stored(integration) - before
    totals.elapsed = time.monotonic() - started
    return totals


def _stored(integration: Integration | None) -> int:
    if integration is None:
        return 0
    return PerformanceEvent.objects.filter(integration=integration).count()
