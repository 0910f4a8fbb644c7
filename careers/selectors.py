"""Reads of the careers app. Permission-checked fetches raise 404 for what the viewer may
not see; list readers hold their query shape so pages stay at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from careers.models import (
    CareerPlan,
    CareerTrack,
    CoachingNote,
    Enrollment,
    Goal,
    Level,
    LevelHistory,
    Module,
    ModuleProgress,
    Promotion,
    Requirement,
    TrainingPath,
)
from careers.readiness import Readiness, readiness_for_agents
from core.models import localized_column
from people.models import Membership, Role, Team, User
from people.permissions import is_hr, leads_agent
from people.selectors import get_active_person, get_roles
from performance.models import EventType
from recognition.models import BadgeClass


def can_view_plan(*, viewer: Any, agent: User) -> bool:
    return viewer.is_authenticated and (
        viewer.pk == agent.pk or leads_agent(viewer, agent) or is_hr(viewer)
    )


def get_agent_for_plan(*, viewer: Any, pk: int) -> User:
    agent = get_active_person(pk=pk)
    if not can_view_plan(viewer=viewer, agent=agent):
        raise Http404
    return agent


def plan_of(*, agent: User) -> CareerPlan:
    """The agent's plan, or an unsaved empty one (reading never writes)."""
    plan = CareerPlan.objects.select_related("target_level__track").filter(agent=agent).first()
    return plan or CareerPlan(agent=agent)


def goals_of(*, plan: CareerPlan) -> QuerySet[Goal]:
    if plan.pk is None:
        return Goal.objects.none()
    return plan.goals.select_related("created_by")


def coaching_notes_of(*, plan: CareerPlan) -> QuerySet[CoachingNote]:
    if plan.pk is None:
        return CoachingNote.objects.none()
    return plan.coaching_notes.select_related("author")


def level_history(*, agent: User) -> QuerySet[LevelHistory]:
    return LevelHistory.objects.filter(user=agent).select_related("level__track", "set_by")


def current_level(*, agent: User) -> LevelHistory | None:
    return level_history(agent=agent).filter(ended_at__isnull=True).first()


def promotions_of(*, agent: User) -> QuerySet[Promotion]:
    return Promotion.objects.filter(agent=agent).select_related(
        "to_level__track", "from_level", "endorsed_by", "decided_by"
    )


def open_promotion(*, agent: User) -> Promotion | None:
    return promotions_of(agent=agent).filter(status=Promotion.Status.ENDORSED).first()


def tracks(*, include_inactive: bool = False) -> QuerySet[CareerTrack]:
    requirements = Requirement.objects.select_related(
        "badge_class", "training_path", "event_type"
    ).order_by("position")
    levels = Level.objects.order_by("position").prefetch_related(
        Prefetch("requirements", queryset=requirements)
    )
    queryset = CareerTrack.objects.prefetch_related(Prefetch("levels", queryset=levels))
    return queryset if include_inactive else queryset.filter(active=True)


def get_track(*, pk: int) -> CareerTrack:
    return get_object_or_404(tracks(include_inactive=True), pk=pk)


def get_level(*, pk: int) -> Level:
    return get_object_or_404(Level.objects.select_related("track"), pk=pk)


def get_requirement(*, pk: int) -> Requirement:
    return get_object_or_404(Requirement.objects.select_related("level__track"), pk=pk)


def levels_for_targets() -> QuerySet[Level]:
    return Level.objects.filter(track__active=True).select_related("track")


def training_catalog(
    *,
    track_id: int | None = None,
    max_minutes: int | None = None,
    include_archived: bool = False,
) -> QuerySet[TrainingPath]:
    queryset = TrainingPath.objects.select_related("track", "badge_class").annotate(
        total_minutes=Sum("modules__estimated_minutes"), module_count=Count("modules")
    )
    if not include_archived:
        queryset = queryset.filter(active=True, module_count__gt=0)
    if track_id:
        queryset = queryset.filter(track_id=track_id)
    if max_minutes:
        queryset = queryset.filter(total_minutes__lte=max_minutes)
    return queryset.order_by("name_en")


def get_path(*, pk: int) -> TrainingPath:
    return get_object_or_404(TrainingPath.objects.select_related("track", "badge_class"), pk=pk)


def path_modules(*, path: TrainingPath) -> QuerySet[Module]:
    return path.modules.order_by("position").prefetch_related("questions__choices")


def get_module(*, pk: int) -> Module:
    return get_object_or_404(Module.objects.select_related("path"), pk=pk)


def enrollments_of(*, user: User) -> QuerySet[Enrollment]:
    """The person's enrollments with ``module_count`` and ``done_count`` for progress bars."""
    return (
        Enrollment.objects.filter(user=user)
        .select_related("path", "assigned_by")
        .annotate(
            module_count=Count("path__modules", distinct=True),
            done_count=Count(
                "progress", filter=Q(progress__completed_at__isnull=False), distinct=True
            ),
        )
        .order_by("completed_at", "due_on", "-created_at")
    )


def get_enrollment_for_user(*, user: Any, pk: int) -> Enrollment:
    return get_object_or_404(enrollments_of(user=user), pk=pk)


def enrollment_progress(*, enrollment: Enrollment) -> dict[int, ModuleProgress]:
    return {p.module_id: p for p in enrollment.progress.all()}


@dataclass(frozen=True)
class PlanRow:
    agent: User
    readiness: Readiness
    open_promotion: Promotion | None
    active_enrollments: int
    overdue_enrollments: int


def _plan_rows(*, agents: list[User], now: dt.datetime | None = None) -> list[PlanRow]:
    now = now or timezone.now()
    readiness = readiness_for_agents(agents=agents, now=now)
    ids = [a.pk for a in agents]
    promotions = {
        p.agent_id: p
        for p in Promotion.objects.filter(
            agent_id__in=ids, status=Promotion.Status.ENDORSED
        ).select_related("to_level")
    }
    today = timezone.localdate(now)
    enrollment_counts = {
        row["user_id"]: row
        for row in Enrollment.objects.filter(user_id__in=ids, completed_at__isnull=True)
        .values("user_id")
        .annotate(active=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))
    }
    return [
        PlanRow(
            agent=agent,
            readiness=readiness[agent.pk],
            open_promotion=promotions.get(agent.pk),
            active_enrollments=enrollment_counts.get(agent.pk, {}).get("active", 0),
            overdue_enrollments=enrollment_counts.get(agent.pk, {}).get("overdue", 0),
        )
        for agent in agents
    ]


def team_plan_rows(*, team: Team, now: dt.datetime | None = None) -> list[PlanRow]:
    """One row per agent of ``team``: level, target, readiness, endorsement, training."""
    agents = list(
        User.objects.filter(
            memberships__team=team, memberships__role=Role.AGENT, is_active=True
        ).order_by("display_name", "email")
    )
    return _plan_rows(agents=agents, now=now)


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
    chosen = [a for a in agents if level_id is None or targets[a.pk].pk == level_id]  # type: ignore[union-attr]
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


def promotion_queue() -> QuerySet[Promotion]:
    return (
        Promotion.objects.filter(status=Promotion.Status.ENDORSED)
        .select_related("agent", "to_level__track", "from_level", "endorsed_by")
        .order_by("created_at", "id")
    )


def pending_promotions_count(*, viewer: Any) -> int:
    return promotion_queue().count() if is_hr(viewer) else 0


def get_promotion_for_user(*, viewer: Any, pk: int) -> Promotion:
    promotion = get_object_or_404(
        Promotion.objects.select_related(
            "agent", "to_level__track", "from_level", "endorsed_by", "decided_by"
        ),
        pk=pk,
    )
    if not can_view_plan(viewer=viewer, agent=promotion.agent):
        raise Http404
    return promotion


def team_agents(*, team: Team) -> QuerySet[User]:
    return User.objects.filter(
        pk__in=Membership.objects.filter(team=team, role=Role.AGENT).values("user_id"),
        is_active=True,
    )


# --- The agent's and the lead's pages (careers/views.py) ---------------------------------


def track_ladder(*, track_id: int) -> list[Level]:
    levels = Level.objects.filter(track_id=track_id).select_related("track")
    return list(levels.order_by("position"))


def target_levels_for(*, current: LevelHistory | None) -> QuerySet[Level]:
    """Levels a plan may aim at: those of active tracks, above the current level in its own
    track (``plans.set_target_level`` refuses the others)."""
    levels = levels_for_targets().order_by("track__position", "track__name_en", "position")
    if current is not None:
        levels = levels.exclude(
            track_id=current.level.track_id, position__lte=current.level.position
        )
    return levels


def plan_for_viewer(*, viewer: Any, agent: User) -> CareerPlan:
    """The plan as ``viewer`` may read it. For anyone but the agent the private notes are
    never loaded and read as empty, so no template can show them by mistake. The instance
    is for reading only: services fetch and lock their own copy before writing."""
    if viewer.pk == agent.pk:
        return plan_of(agent=agent)
    plan = (
        CareerPlan.objects.select_related("target_level__track")
        .defer("private_notes")
        .filter(agent=agent)
        .first()
    ) or CareerPlan(agent=agent)
    plan.private_notes = ""
    return plan


def ready_for_endorsement(*, readiness: Readiness) -> bool:
    """Every requirement but the lead's endorsement is met: the endorsement itself is what
    the lead is about to give, so it cannot count against endorsing."""
    return readiness.level is not None and all(
        s.met for s in readiness.statuses if s.requirement.kind != Requirement.Kind.ENDORSEMENT
    )


def career_summary(*, agent: User, now: dt.datetime | None = None) -> PlanRow:
    """Current level, readiness for the target and training counts for the home page card."""
    return _plan_rows(agents=[agent], now=now)[0]


def enrollments_by_path(*, user: Any) -> dict[int, Enrollment]:
    return {e.path_id: e for e in Enrollment.objects.filter(user=user)}


# --- HR's careers pages (careers/hr_views.py) ----------------------------------------------


def active_badges() -> QuerySet[BadgeClass]:
    return BadgeClass.objects.filter(active=True).order_by(localized_column("name"))


def active_paths() -> QuerySet[TrainingPath]:
    return TrainingPath.objects.filter(active=True).order_by("name_en")


def active_tracks() -> QuerySet[CareerTrack]:
    return CareerTrack.objects.filter(active=True)


def active_event_types() -> QuerySet[EventType]:
    return EventType.objects.filter(active=True).order_by("position", "slug")


def agent_teams(*, agent_ids: Iterable[int]) -> dict[int, Team]:
    """Each agent's team (agents belong to one), in one query."""
    memberships = Membership.objects.filter(
        user_id__in=list(agent_ids), role=Role.AGENT
    ).select_related("team")
    return {m.user_id: m.team for m in memberships}


@dataclass(frozen=True)
class PromotionRow:
    promotion: Promotion
    team: Team | None
    readiness_now: Readiness


def promotion_rows(
    *, promotions: Sequence[Promotion], now: dt.datetime | None = None
) -> list[PromotionRow]:
    """HR's queue rows: the endorsement with its snapshot, the agent's team and their
    readiness for the endorsed level today, at a fixed number of queries."""
    promotions = list(promotions)
    agents = [p.agent for p in promotions]
    readiness = readiness_for_agents(
        agents=agents, targets={p.agent_id: p.to_level for p in promotions}, now=now
    )
    teams = agent_teams(agent_ids=[a.pk for a in agents])
    return [
        PromotionRow(promotion=p, team=teams.get(p.agent_id), readiness_now=readiness[p.agent_id])
        for p in promotions
    ]


# --- Readers of the careers API (careers/api.py) ------------------------------------------


def get_level_detail(*, pk: int) -> Level:
    requirements = Requirement.objects.select_related(
        "badge_class", "training_path", "event_type"
    ).order_by("position")
    return get_object_or_404(
        Level.objects.select_related("track").prefetch_related(
            Prefetch("requirements", queryset=requirements)
        ),
        pk=pk,
    )


def get_path_detail(*, pk: int) -> TrainingPath:
    """A path (archived ones too) with its catalog totals, modules and quiz in 4 queries."""
    modules = Module.objects.order_by("position").prefetch_related("questions__choices")
    return get_object_or_404(
        training_catalog(include_archived=True).prefetch_related(
            Prefetch("modules", queryset=modules)
        ),
        pk=pk,
    )


def get_module_with_quiz(*, pk: int) -> Module:
    return get_object_or_404(
        Module.objects.select_related("path").prefetch_related("questions__choices"), pk=pk
    )


def enrollment_modules(*, enrollment: Enrollment) -> QuerySet[Module]:
    return Module.objects.filter(path_id=enrollment.path_id).order_by("position")


def find_enrollment(*, user: Any, path: TrainingPath) -> Enrollment | None:
    return Enrollment.objects.filter(user=user, path=path).first()


def promotions_for_viewer(*, viewer: Any) -> QuerySet[Promotion]:
    """HR: the endorsements waiting for a decision. Anyone else: their own promotions and,
    for a lead, every promotion of the agents of the teams they lead."""
    if is_hr(viewer):
        return promotion_queue().select_related("decided_by")
    led_teams = Membership.objects.filter(user=viewer, role=Role.LEAD).values("team_id")
    led_agents = Membership.objects.filter(team_id__in=led_teams, role=Role.AGENT).values("user_id")
    return (
        Promotion.objects.filter(Q(agent_id__in=led_agents) | Q(agent_id=viewer.pk))
        .select_related("agent", "to_level__track", "from_level", "endorsed_by", "decided_by")
        .order_by("-created_at", "-id")
    )


# --- Home page (careers/home.py) ----------------------------------------------------------


def next_training_due(*, user: Any) -> Enrollment | None:
    """The unfinished training whose due date comes first (overdue ones included)."""
    return (
        Enrollment.objects.filter(user=user, completed_at__isnull=True, due_on__isnull=False)
        .select_related("path")
        .order_by("due_on", "id")
        .first()
    )


def ready_to_endorse(*, lead: Any, now: dt.datetime | None = None) -> list[User]:
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
        for row in _plan_rows(agents=agents, now=now)
        if row.open_promotion is None and ready_for_endorsement(readiness=row.readiness)
    ]


def people_placed_on_track(*, track: CareerTrack) -> int:
    """People who hold a level of ``track`` now or aim for one: reordering its levels
    changes what their promotions mean, so the track editor asks to confirm first."""
    holders = LevelHistory.objects.filter(level__track=track, ended_at__isnull=True).values(
        "user_id"
    )
    aiming = CareerPlan.objects.filter(target_level__track=track).values("agent_id")
    return User.objects.filter(Q(pk__in=holders) | Q(pk__in=aiming)).count()


READY_TO_ENDORSE_CACHE_SECONDS = 300


def ready_to_endorse_for_home(*, lead: Any) -> list[dict[str, Any]]:
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
