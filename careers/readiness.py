"""Readiness: the share of a level's requirements a person meets, with the evidence for each.

Always computed from the records themselves (badge awards, completed enrollments, level
history, performance events, endorsements), never typed in. ``readiness_for_agents``
answers for many people with a fixed number of queries: one per kind of data plus one per
distinct metric requirement, whatever the number of people (pinned by the query-count
tests of the lead's team plans and HR's readiness view).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from django.db.models import Min
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from careers.models import CareerPlan, Enrollment, Level, LevelHistory, Promotion, Requirement
from core import numbers
from people.models import User
from performance import selectors as performance_selectors
from recognition.models import BadgeAward

# Requirement.Aggregate in the words of performance.selectors.metric_values; anything else
# (an aggregate left blank) is the mean.
_AGGREGATES: dict[str, Literal["mean", "sum", "count"]] = {
    Requirement.Aggregate.SUM: "sum",
    Requirement.Aggregate.COUNT: "count",
}


@dataclass(frozen=True)
class RequirementStatus:
    requirement: Requirement
    met: bool
    summary: str
    evidence: str
    current: float | None = None
    target: float | None = None
    events: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "requirement_id": self.requirement.pk,
            "kind": self.requirement.kind,
            "met": self.met,
            "summary": self.summary,
            "evidence": self.evidence,
            "current": self.current,
            "target": self.target,
            "events": self.events,
        }


@dataclass(frozen=True)
class Readiness:
    agent_id: int
    level: Level | None
    current: LevelHistory | None
    statuses: tuple[RequirementStatus, ...] = field(default_factory=tuple)

    @property
    def total(self) -> int:
        return len(self.statuses)

    @property
    def met_count(self) -> int:
        return sum(s.met for s in self.statuses)

    @property
    def percent(self) -> int:
        """Rounded down, so 100 means every requirement is met; a level without
        requirements is reached as soon as it is targeted."""
        if self.level is None:
            return 0
        if not self.statuses:
            return 100
        return self.met_count * 100 // self.total

    @property
    def ready(self) -> bool:
        return self.level is not None and self.met_count == self.total


def _number(value: float) -> str:
    return numbers.readable(value, decimals=1)


def _date(moment: dt.datetime) -> str:
    return date_format(timezone.localdate(moment), "SHORT_DATE_FORMAT")


def _name_of(thing: Any) -> str:
    """The name of a requirement's badge, path or event type (the check constraint
    ``requirement_fields_match_kind`` makes sure its kind's one is set)."""
    return str(getattr(thing, "name", ""))


def describe_requirement(requirement: Requirement) -> str:
    """The sentence shown for a requirement; its badge, path and event type must be loaded."""
    kind = Requirement.Kind
    if requirement.kind == kind.BADGE:
        return _("Holds the badge “%(badge)s”") % {"badge": _name_of(requirement.badge_class)}
    if requirement.kind == kind.TRAINING:
        return _("Completed the training “%(path)s”") % {
            "path": _name_of(requirement.training_path)
        }
    if requirement.kind == kind.TENURE:
        return _("At least %(days)s days in the current level") % {
            "days": requirement.min_tenure_days
        }
    if requirement.kind == kind.METRIC:
        values = {
            "type": _name_of(requirement.event_type),
            "metric": requirement.metric,
            "op": requirement.get_operator_display(),
            "threshold": _number(requirement.threshold or 0),
            "days": requirement.window_days,
        }
        if requirement.aggregate == Requirement.Aggregate.COUNT:
            return _("%(type)s: number of events %(op)s %(threshold)s over %(days)s days") % values
        if requirement.aggregate == Requirement.Aggregate.SUM:
            return _("%(type)s: total %(metric)s %(op)s %(threshold)s over %(days)s days") % values
        return _("%(type)s: average %(metric)s %(op)s %(threshold)s over %(days)s days") % values
    return _("Endorsed by the team lead")


class _Facts:
    """Everything the requirements of ``levels`` need about ``agents``, read in bulk."""

    def __init__(
        self,
        *,
        agents: Sequence[User],
        requirements: Sequence[Requirement],
        current: Mapping[int, LevelHistory],
        now: dt.datetime,
    ) -> None:
        agent_ids = [a.pk for a in agents]
        by_kind: dict[str, list[Requirement]] = defaultdict(list)
        for requirement in requirements:
            by_kind[requirement.kind].append(requirement)
        self.badges: dict[tuple[int, int | None], dt.datetime] = {}
        if by_kind[Requirement.Kind.BADGE]:
            awards = (
                BadgeAward.objects.filter(
                    recipient_id__in=agent_ids,
                    badge_class_id__in={r.badge_class_id for r in by_kind["badge"]},
                    revoked_at__isnull=True,
                )
                .values("recipient_id", "badge_class_id")
                .annotate(first=Min("issued_on"))
            )
            self.badges = {(r["recipient_id"], r["badge_class_id"]): r["first"] for r in awards}
        self.paths: dict[tuple[int, int | None], dt.datetime] = {}
        if by_kind[Requirement.Kind.TRAINING]:
            completions = Enrollment.objects.filter(
                user_id__in=agent_ids,
                path_id__in={r.training_path_id for r in by_kind["training"]},
                completed_at__isnull=False,
            ).values_list("user_id", "path_id", "completed_at")
            self.paths = {(u, p): at for u, p, at in completions if at is not None}
        self.endorsements: dict[tuple[int, int], Promotion] = {}
        if by_kind[Requirement.Kind.ENDORSEMENT]:
            promotions = Promotion.objects.filter(
                agent_id__in=agent_ids,
                to_level_id__in={r.level_id for r in by_kind["endorsement"]},
                status__in=[Promotion.Status.ENDORSED, Promotion.Status.APPROVED],
            ).select_related("endorsed_by")
            self.endorsements = {(p.agent_id, p.to_level_id): p for p in promotions}
        self.metrics: dict[tuple[Any, ...], dict[int, tuple[int, float | None]]] = {}
        for requirement in by_kind[Requirement.Kind.METRIC]:
            key = _metric_key(requirement)
            if key not in self.metrics:
                self.metrics[key] = _metric_values(requirement, agent_ids=agent_ids, now=now)
        self.current = current
        self.now = now


def _metric_key(requirement: Requirement) -> tuple[Any, ...]:
    return (
        requirement.event_type_id,
        requirement.metric,
        requirement.aggregate,
        requirement.window_days,
    )


def _metric_values(
    requirement: Requirement, *, agent_ids: Sequence[int], now: dt.datetime
) -> dict[int, tuple[int, float | None]]:
    """(events counted, aggregate) per agent over the requirement's window, in one query."""
    return performance_selectors.metric_values(
        agent_ids=agent_ids,
        event_type_id=requirement.event_type_id,
        metric=requirement.metric,
        aggregate=_AGGREGATES.get(requirement.aggregate, "mean"),
        since=now - dt.timedelta(days=requirement.window_days or 0),
        until=now,
    )


def _status(
    requirement: Requirement, *, agent: User, facts: _Facts, summary: str
) -> RequirementStatus:
    kind = requirement.kind
    if kind == Requirement.Kind.BADGE:
        since = facts.badges.get((agent.pk, requirement.badge_class_id))
        evidence = (
            _("Held since %(date)s.") % {"date": _date(since)} if since else _("Not held yet.")
        )
        return RequirementStatus(requirement, since is not None, summary, evidence)
    if kind == Requirement.Kind.TRAINING:
        done = facts.paths.get((agent.pk, requirement.training_path_id))
        evidence = (
            _("Completed on %(date)s.") % {"date": _date(done)} if done else _("Not completed yet.")
        )
        return RequirementStatus(requirement, done is not None, summary, evidence)
    if kind == Requirement.Kind.TENURE:
        current = facts.current.get(agent.pk)
        start = current.started_at if current is not None else agent.date_joined
        days = max(0, (facts.now - start).days)
        needed = requirement.min_tenure_days or 0
        if current is not None:
            evidence = _("%(days)s days as %(level)s.") % {
                "days": days,
                "level": current.level.name,
            }
        else:
            evidence = _("%(days)s days since joining (no level yet).") % {"days": days}
        return RequirementStatus(
            requirement, days >= needed, summary, evidence, float(days), float(needed)
        )
    if kind == Requirement.Kind.METRIC:
        count, value = facts.metrics[_metric_key(requirement)].get(agent.pk, (0, None))
        threshold = float(requirement.threshold or 0)
        if count < requirement.min_events or value is None:
            evidence = _("Only %(count)s of the %(needed)s events needed in the period.") % {
                "count": count,
                "needed": requirement.min_events,
            }
            return RequirementStatus(requirement, False, summary, evidence, value, threshold, count)
        # AVG/SUM of floats can land a hair under a threshold met on paper (92.0 read as
        # 91.99999999999999): core.numbers.compare treats such neighbours as equal.
        met = numbers.compare(value, requirement.operator or ">=", threshold)
        evidence = _("Now %(value)s over %(count)s events (needs %(op)s %(threshold)s).") % {
            "value": _number(value),
            "count": count,
            "op": requirement.get_operator_display(),
            "threshold": _number(threshold),
        }
        return RequirementStatus(requirement, met, summary, evidence, value, threshold, count)
    promotion = facts.endorsements.get((agent.pk, requirement.level_id))
    evidence = (
        _("Endorsed by %(lead)s on %(date)s.")
        % {
            "lead": promotion.endorsed_by or _("a former lead"),
            "date": _date(promotion.created_at),
        }
        if promotion
        else _("Not endorsed yet.")
    )
    return RequirementStatus(requirement, promotion is not None, summary, evidence)


def current_levels(*, agent_ids: Iterable[int]) -> dict[int, LevelHistory]:
    rows = LevelHistory.objects.filter(user_id__in=list(agent_ids), ended_at__isnull=True)
    return {row.user_id: row for row in rows.select_related("level__track")}


def readiness_for_agents(
    *,
    agents: Sequence[User],
    targets: Mapping[int, Level | None] | None = None,
    now: dt.datetime | None = None,
) -> dict[int, Readiness]:
    """Readiness of each agent for ``targets[agent.pk]`` (default: their plan's target)."""
    now = now or timezone.now()
    agents = list(agents)
    ids = [a.pk for a in agents]
    if targets is None:
        plans = CareerPlan.objects.filter(agent_id__in=ids, target_level__isnull=False)
        targets = {p.agent_id: p.target_level for p in plans.select_related("target_level__track")}
    level_ids = {level.pk for level in targets.values() if level is not None}
    requirements: dict[int, list[Requirement]] = defaultdict(list)
    if level_ids:
        rows = (
            Requirement.objects.filter(level_id__in=level_ids)
            .select_related("badge_class", "training_path", "event_type")
            .order_by("level_id", "position")
        )
        for requirement in rows:
            requirements[requirement.level_id].append(requirement)
    current = current_levels(agent_ids=ids)
    wanted = [r for level_id in level_ids for r in requirements[level_id]]
    facts = _Facts(agents=agents, requirements=wanted, current=current, now=now)
    # Written once per requirement, not once per person: the sentence is the same for all.
    summaries = {r.pk: describe_requirement(r) for r in wanted}
    result = {}
    for agent in agents:
        level = targets.get(agent.pk)
        statuses = tuple(
            _status(r, agent=agent, facts=facts, summary=summaries[r.pk])
            for r in (requirements[level.pk] if level is not None else [])
        )
        result[agent.pk] = Readiness(agent.pk, level, current.get(agent.pk), statuses)
    return result


def readiness_of(
    *, agent: User, level: Level | None = None, now: dt.datetime | None = None
) -> Readiness:
    """One agent's readiness for ``level`` (default: the target of their plan)."""
    targets = None if level is None else {agent.pk: level}
    return readiness_for_agents(agents=[agent], targets=targets, now=now)[agent.pk]
