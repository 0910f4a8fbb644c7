"""Bulk data for bench/bench_readiness.py: agents, one career track whose second level asks
for every kind of requirement, the agents' career records, and a year of performance events
(a QA review a week, a few CSAT answers and one adherence figure a working day).

Import after ``support`` (which sets Django up).
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Iterator
from typing import Any

from builders import create_users
from django.db import transaction
from django.utils import timezone

from careers.models import CareerPlan, Enrollment, Level, LevelHistory, Promotion
from careers.services import tracks as track_services
from careers.services import training as training_services
from people.models import User
from performance.models import EventType, Integration, PerformanceEvent
from recognition.models import BadgeAward, BadgeClass

BATCH = 10000
CSAT_PER_DAY = (2, 3, 4, 5)  # answers per working day, equally likely: ~3.5 on average
SHIFT_START_UTC = 13  # 9:00 in the Americas; the hour does not matter to the windows
SHIFT_SECONDS = 8 * 3600
QA_WINDOW, CSAT_WINDOW, ADHERENCE_WINDOW = 90, 30, 365
TYPE_SLUGS = ("qa_review", "csat_response", "adherence")


def create_agents(count: int) -> list[User]:
    joined = timezone.now() - dt.timedelta(days=800)
    users = [
        User(email=f"agent{i:05d}@bench.example", display_name=f"Agent {i:05d}", date_joined=joined)
        for i in range(count)
    ]
    return create_users(users, batch_size=BATCH)


def create_career(hr: User) -> tuple[Level, dict[str, Any]]:
    """One track of three levels through the services; level 2 has every requirement kind."""
    types = {t.slug: t for t in EventType.objects.filter(slug__in=TYPE_SLUGS)}
    badge = BadgeClass.objects.create(
        slug="bench-patience",
        name_en="Patience Pro",
        name_es="Paciencia de oro",
        description_en="Stayed calm and kind with a very difficult customer.",
        description_es="Mantuvo la calma y la amabilidad con un cliente muy difícil.",
        criteria_en="A lead saw it on a call.",
        criteria_es="Un líder lo vio en una llamada.",
    )
    path = training_services.create_path(
        actor=hr, name_en="De-escalation", name_es="Desescalada", points=0
    )
    training_services.add_module(
        actor=hr, path=path, title_en="Listen first", title_es="Escucha primero", body_en="…"
    )
    track = track_services.create_track(
        actor=hr, name_en="Customer Service", name_es="Atención al cliente"
    )
    for name in ("Agent I", "Agent II", "Senior Agent"):
        track_services.add_level(actor=hr, track=track, name_en=name, name_es=name)
    level_one, level_two = track.levels.get(position=1), track.levels.get(position=2)

    def add(kind: str, **fields: Any) -> None:
        track_services.add_requirement(actor=hr, level=level_two, kind=kind, **fields)

    add("badge", badge_class_id=badge.pk)
    add("training", training_path_id=path.pk)
    add("tenure", min_tenure_days=180)
    for slug, metric, threshold, window in (
        ("qa_review", "score", 85, QA_WINDOW),
        ("csat_response", "score", 4.2, CSAT_WINDOW),
        ("adherence", "percent", 92, ADHERENCE_WINDOW),
    ):
        add(
            "metric",
            event_type_id=types[slug].pk,
            metric=metric,
            aggregate="mean",
            operator=">=",
            threshold=threshold,
            window_days=window,
            min_events=1,
        )
    add("endorsement")
    return level_two, {"level_one": level_one, "badge": badge, "path": path, "types": types}


def create_career_records(
    agents: list[User], hr: User, level_two: Level, parts: dict[str, Any], rng: random.Random
) -> dict[str, int]:
    """Level history, plans, and some badges, completed paths and endorsements, in bulk."""
    now = timezone.now()
    history, plans, awards, enrollments, promotions = [], [], [], [], []
    for agent in agents:
        started = now - dt.timedelta(days=rng.randint(0, 730), hours=rng.randint(0, 23))
        history.append(
            LevelHistory(user=agent, level=parts["level_one"], started_at=started, set_by=hr)
        )
        plans.append(CareerPlan(agent=agent, target_level=level_two))
        if rng.random() < 0.4:
            awards.append(
                BadgeAward(
                    badge_class=parts["badge"],
                    recipient=agent,
                    evidence_text="Bench",
                    recipient_salt=secrets.token_hex(8),
                )
            )
        if rng.random() < 0.5:
            enrollments.append(Enrollment(user=agent, path=parts["path"], completed_at=now))
        if rng.random() < 0.05:
            promotions.append(
                Promotion(
                    agent=agent,
                    from_level=parts["level_one"],
                    to_level=level_two,
                    endorsed_by=hr,
                    readiness_percent=0,
                )
            )
    LevelHistory.objects.bulk_create(history, batch_size=BATCH)
    CareerPlan.objects.bulk_create(plans, batch_size=BATCH)
    BadgeAward.objects.bulk_create(awards, batch_size=BATCH)
    Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)
    Promotion.objects.bulk_create(promotions, batch_size=BATCH)
    return {
        "badges": len(awards),
        "completed paths": len(enrollments),
        "endorsements": len(promotions),
    }


def agent_events(
    agent_id: int, *, days: list[dt.datetime], types: dict[str, int], rng: random.Random
) -> Iterator[tuple[int, str, dt.datetime, dict[str, Any]]]:
    """(event type id, external id, occurred_at, metrics) of one agent's working days."""
    qa_mean = rng.uniform(76, 94)
    adherence_mean = rng.uniform(88, 97)
    # Weights of CSAT 1..5: most customers give 4 or 5, some agents a bit more often.
    lift = rng.uniform(-0.15, 0.25)
    csat_weights = [0.03, 0.04, 0.08, 0.25, 0.60 * (1 + lift)]
    qa_weekday = rng.randrange(5)
    qa, csat, adherence = types["qa_review"], types["csat_response"], types["adherence"]
    for n, start in enumerate(days):
        if start.weekday() >= 5:
            continue
        stamp = f"{agent_id}-{n}"
        yield (
            adherence,
            f"a-{stamp}",
            start + dt.timedelta(seconds=SHIFT_SECONDS),
            {"percent": round(min(100.0, max(75.0, rng.gauss(adherence_mean, 3))), 1)},
        )
        for k in range(rng.choice(CSAT_PER_DAY)):
            yield (
                csat,
                f"c-{stamp}-{k}",
                start + dt.timedelta(seconds=rng.randrange(SHIFT_SECONDS)),
                {"score": rng.choices((1, 2, 3, 4, 5), weights=csat_weights)[0]},
            )
        if start.weekday() == qa_weekday:
            yield (
                qa,
                f"q-{stamp}",
                start + dt.timedelta(seconds=rng.randrange(SHIFT_SECONDS)),
                {"score": min(100, max(50, round(rng.gauss(qa_mean, 7))))},
            )


def create_events(
    agents: list[User], *, months: int, types: dict[str, EventType], rng: random.Random
) -> int:
    """Every agent's events up to an hour ago, through ``bulk_create`` in batches."""
    integration = Integration.objects.create(name="Bench contact center")
    type_ids = {slug: t.pk for slug, t in types.items()}
    last = (timezone.now() - dt.timedelta(hours=1)).replace(microsecond=0)
    total_days = round(months * 365 / 12)
    first_day = (last - dt.timedelta(days=total_days)).date()
    # Each day's shift start; the shift of the last day may end after ``last``, so its
    # events are cut off there (events are never in the future).
    days = [
        dt.datetime.combine(
            first_day + dt.timedelta(days=d), dt.time(SHIFT_START_UTC), tzinfo=dt.UTC
        )
        for d in range(total_days + 1)
    ]
    received = timezone.now()
    rows: list[PerformanceEvent] = []
    stored = 0
    with transaction.atomic():
        for agent in agents:
            for type_id, external_id, occurred_at, metrics in agent_events(
                agent.pk, days=days, types=type_ids, rng=rng
            ):
                if occurred_at > last:
                    continue
                rows.append(
                    PerformanceEvent(
                        integration=integration,
                        external_id=external_id,
                        agent_id=agent.pk,
                        event_type_id=type_id,
                        occurred_at=occurred_at,
                        metrics=metrics,
                        received_at=received,
                        status=PerformanceEvent.Status.PROCESSED,
                        processed_at=received,
                    )
                )
            if len(rows) >= BATCH:
                PerformanceEvent.objects.bulk_create(rows, batch_size=BATCH)
                stored += len(rows)
                rows = []
        PerformanceEvent.objects.bulk_create(rows, batch_size=BATCH)
        stored += len(rows)
    return stored
