"""Who is how ready: HR's company readiness by target level and the agents a lead may
endorse (their home card)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from careers.models import (
    CareerPlan,
    Level,
    Promotion,
)
from careers.readiness import readiness_for_agents
from careers.selectors.plans import PlanRow, plan_rows_of, ready_for_endorsement
from people.models import Role, User
from people.selectors import get_roles


@dataclass(frozen=True)
class LevelReadiness:
    level: Level
    agents: int
    ready: int
    halfway: int
    starting: int


def company_readiness(
    *, now: dt.datetime | None = None, level_id: int | None = None
) -> tuple[list[LevelReadiness], list[PlanRow]]:
    """Readiness by target level for the whole company, and the people aiming at
    ``level_id`` (or at any level) for HR's view."""
    # select_related caches each plan on its agent (agent.career_plan): leave the agent's
    # private notes in the database (tests/unit/careers/test_plan_privacy.py).
    plans = (
        CareerPlan.objects.filter(target_level__isnull=False, agent__is_active=True)
        .select_related("agent", "target_level__track")
        .defer("private_notes")
    )
    agents = [p.agent for p in plans]
    targets = {p.agent_id: p.target_level for p in plans}
    readiness = readiness_for_agents(agents=agents, targets=targets, now=now)
    buckets: dict[int, Counter[str]] = {}
    levels: dict[int, Level] = {}
    for agent in agents:
        level = targets[agent.pk]
        if level is None:
            continue
        levels[level.pk] = level
        percent = readiness[agent.pk].percent
        bucket = "ready" if percent == 100 else "halfway" if percent >= 50 else "starting"
        buckets.setdefault(level.pk, Counter())[bucket] += 1
    summary = [
        LevelReadiness(
            level=levels[pk],
            agents=sum(counts.values()),
            ready=counts["ready"],
            halfway=counts["halfway"],
            starting=counts["starting"],
        )
        for pk, counts in buckets.items()
    ]
    summary.sort(key=lambda s: (s.level.track.position, s.level.track.name_en, s.level.position))
    target_ids = {p.agent_id: p.target_level_id for p in plans}  # the rows read above
    chosen = [a for a in agents if level_id is None or target_ids[a.pk] == level_id]
    chosen.sort(key=lambda a: (-readiness[a.pk].percent, str(a)))
    promotions = {
        p.agent_id: p
        for p in Promotion.objects.filter(
            agent_id__in=[a.pk for a in chosen], status=Promotion.Status.ENDORSED
        ).select_related("to_level")
    }
    rows = [
        PlanRow(
            agent=a,
            readiness=readiness[a.pk],
            open_promotion=promotions.get(a.pk),
            active_enrollments=0,
            overdue_enrollments=0,
        )
        for a in chosen
    ]
    return summary, rows


def ready_to_endorse(*, lead: User, now: dt.datetime | None = None) -> list[User]:
    """Agents of the teams ``lead`` leads who meet every requirement of their target level
    but the endorsement, and have no endorsement waiting for HR yet."""
    led = get_roles(lead).led_team_ids
    if not led:
        return []
    agents = list(
        User.objects.filter(memberships__team__in=led, memberships__role=Role.AGENT, is_active=True)
        .exclude(pk=lead.pk)
        .order_by("display_name", "email")
        .distinct()
    )
    return [
        row.agent
        for row in plan_rows_of(agents=agents, now=now)
        if row.open_promotion is None and ready_for_endorsement(readiness=row.readiness)
    ]


READY_TO_ENDORSE_CACHE_SECONDS = 300


def ready_to_endorse_for_home(*, lead: User) -> list[dict[str, Any]]:
    """``ready_to_endorse`` for the lead's home card, remembered five minutes per lead:
    readiness reads every requirement's facts (a dozen queries), too much for each visit
    of the home page. Endorsements given since are dropped at each read (one query), so
    nobody already endorsed stays listed; someone who became ready shows within minutes."""
    key = f"careers:ready-to-endorse:{lead.pk}"
    ready = cache.get(key)
    if ready is None:
        ready = [(person.pk, str(person)) for person in ready_to_endorse(lead=lead)]
        cache.set(key, ready, READY_TO_ENDORSE_CACHE_SECONDS)
    if not ready:
        return []
    endorsed = set(
        Promotion.objects.filter(
            agent_id__in=[pk for pk, _name in ready], status=Promotion.Status.ENDORSED
        ).values_list("agent_id", flat=True)
    )
    return [{"pk": pk, "name": name} for pk, name in ready if pk not in endorsed]
