"""The careers demo's people: where every demo agent stands (level history, plan target,
training done or under way, badges), decided from the seed and each e-mail alone, and their
records made through the services as the person, their lead or HR would, so badges, points,
notifications and audit rows come out as in production. Only the past of the level history
is written directly, so tenure varies. A person's records are only added when they have
none yet."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from django.utils import timezone

from careers.demo.content import (
    AWARD_EVIDENCE,
    DEMO_EMAIL_SUFFIX,
    ENDORSEMENT_NOTE,
    GOALS,
    HISTORY_NOTE,
    NOTES,
    PERSONA_EMAIL,
    in_language,
    modules_in,
)
from careers.models import (
    CareerPlan,
    Enrollment,
    Goal,
    Level,
    LevelHistory,
    ModuleProgress,
    Promotion,
    Requirement,
    TrainingPath,
)
from careers.readiness import readiness_for_agents
from careers.services import plans as plan_services
from careers.services import promotions as promotion_services
from careers.services import training as training_services
from people.models import Membership, Role, User
from recognition.models import BadgeClass
from recognition.selectors import badges_of
from recognition.services.badges import award_badge


@dataclass
class Placement:
    """Where one demo agent stands: level history (oldest first), plan target, training."""

    history: list[tuple[Level, int]]  # (level, days ago it started)
    target: Level
    completed_paths: list[str] = field(default_factory=list)
    # (path slug, modules to complete, assigned by the lead with a due date)
    in_progress: list[tuple[str, int, bool]] = field(default_factory=list)
    badges: list[str] = field(default_factory=list)


def demo_agents() -> list[User]:
    """Demo agents in team, then number order: agent1.1, agent1.2, …, agent1.10, agent2.1."""
    users = User.objects.filter(
        is_active=True,
        email__endswith=DEMO_EMAIL_SUFFIX,
        memberships__role=Role.AGENT,
    ).distinct()
    return sorted(users, key=number_of)


def number_of(user: User) -> tuple[int, int]:
    local = user.email.split("@")[0].removeprefix("agent")
    team, _dot, number = local.partition(".")
    return (int(team), int(number)) if team.isdigit() and number.isdigit() else (99, user.pk)


def team_of(user: User) -> int | None:
    return (
        Membership.objects.filter(user=user, role=Role.AGENT)
        .values_list("team_id", flat=True)
        .first()
    )


def leads_by_team() -> dict[int, User]:
    memberships = Membership.objects.filter(
        role=Role.LEAD, user__email__endswith=DEMO_EMAIL_SUFFIX
    ).select_related("user")
    return {m.team_id: m.user for m in memberships.order_by("user__email")}


def place_agents(
    agents: list[User], *, levels: dict[str, Level], stars: set[int], seed: int
) -> dict[int, Placement]:
    """Decide, from the seed and each e-mail alone, where every demo agent stands. Two of
    the first team's agents (the best results for Agent II) are the "stars": one waits in
    HR's queue, the other is ready but for the endorsement."""
    agent_one, agent_two = levels["Agent I"], levels["Agent II"]
    senior, team_lead = levels["Senior Agent"], levels["Team Lead"]
    qa_one, qa_two = levels["QA Analyst I"], levels["QA Analyst II"]
    result: dict[int, Placement] = {}
    for agent in agents:
        rng = random.Random(f"{seed}:{agent.email}")  # noqa: S311 - demo data
        roll = rng.random()
        if agent.email == PERSONA_EMAIL:
            # On the way: holds the badge (recognition demo), tenure and training done, the
            # results still to reach; already learning for the level after, on their own.
            placement = Placement(
                history=[(agent_one, 150)],
                target=agent_two,
                completed_paths=["empathy-on-the-phone"],
                in_progress=[("de-escalation", 2, False)],
            )
        elif agent.pk in stars:
            placement = Placement(
                history=[(agent_one, rng.randint(200, 320))],
                target=agent_two,
                completed_paths=["empathy-on-the-phone"],
                badges=["patience"],
            )
        elif roll < 0.45:
            placement = Placement(history=[(agent_one, rng.randint(20, 300))], target=agent_two)
            _training(placement, "empathy-on-the-phone", rng, badge="patience")
        elif roll < 0.75:
            since = rng.randint(30, 400)
            placement = Placement(
                history=[(agent_one, since + rng.randint(150, 400)), (agent_two, since)],
                target=senior,
                completed_paths=["empathy-on-the-phone"],
                badges=["patience"],
            )
            _training(placement, "de-escalation", rng, badge="first-time-fix")
        elif roll < 0.87:
            since = rng.randint(120, 500)
            started_two = since + rng.randint(150, 400)
            placement = Placement(
                history=[
                    (agent_one, started_two + rng.randint(120, 300)),
                    (agent_two, started_two),
                    (senior, since),
                ],
                target=team_lead if roll < 0.82 else levels["Associate Trainer"],
                completed_paths=["empathy-on-the-phone", "de-escalation"],
                badges=["patience", "first-time-fix"],
            )
            _training(placement, "coaching-basics", rng, badge="team-anchor")
        elif roll < 0.94:
            # A career change: an experienced agent aiming at quality.
            since = rng.randint(100, 400)
            placement = Placement(
                history=[(agent_one, since + rng.randint(150, 300)), (agent_two, since)],
                target=qa_one,
                completed_paths=["empathy-on-the-phone"],
                badges=["patience"],
            )
            _training(placement, "knowledge-base-mastery", rng)
        else:
            since = rng.randint(60, 400)
            placement = Placement(
                history=[(agent_two, since + rng.randint(200, 400)), (qa_one, since)],
                target=qa_two,
                completed_paths=["empathy-on-the-phone", "knowledge-base-mastery"],
            )
            _training(placement, "coaching-basics", rng)
        result[agent.pk] = placement
    return result


def _training(placement: Placement, slug: str, rng: random.Random, *, badge: str = "") -> None:
    """The path towards the target: done (a third), under way (two fifths) or not started;
    and sometimes the target's badge already."""
    modules = modules_in(slug)
    roll = rng.random()
    if roll < 0.33:
        placement.completed_paths.append(slug)
    elif roll < 0.75:
        placement.in_progress.append((slug, rng.randint(0, modules - 1), rng.random() < 0.5))
    if badge and rng.random() < 0.4:
        placement.badges.append(badge)


def find_stars(agents: list[User], *, level: Level) -> set[int]:
    """The two agents of the first team (not the persona) who meet the most of ``level``'s
    metric requirements on the demo's performance events."""
    team = [a for a in agents if number_of(a)[0] == 1 and a.email != PERSONA_EMAIL]
    readiness = readiness_for_agents(agents=team, targets={a.pk: level for a in team})

    def score(agent: User) -> tuple[int, float, str]:
        metrics = [
            s for s in readiness[agent.pk].statuses if s.requirement.kind == Requirement.Kind.METRIC
        ]
        margin = sum((s.current or 0) / (s.target or 1) for s in metrics)
        return (-sum(s.met for s in metrics), -margin, agent.email)

    return {a.pk for a in sorted(team, key=score)[:2]}


def seed_person(
    agent: User,
    placement: Placement,
    *,
    hr: User,
    lead: User | None,
    paths: dict[str, TrainingPath],
    badges: dict[str, BadgeClass],
    seed: int,
) -> None:
    """The agent's level history, plan, badges, training, goals and coaching note, each
    only when missing."""
    rng = random.Random(f"{seed}:{agent.email}:records")  # noqa: S311 - demo data
    if not LevelHistory.objects.filter(user=agent).exists():
        _write_history(agent, placement, hr=hr, lead=lead)
    plan = plan_services.ensure_plan(agent=agent)
    if plan.target_level_id is None:
        plan_services.set_target_level(actor=agent, agent=agent, level_id=placement.target.pk)
    for slug in placement.badges:
        _award(agent, badges[slug], lead=lead)
    for slug in placement.completed_paths:
        _train(agent, paths[slug], modules=None, rng=rng)
    for slug, done, assigned in placement.in_progress:
        _train(agent, paths[slug], modules=done, assigned_by=lead if assigned else None, rng=rng)
    if not plan.goals.exists():
        _add_goals(agent, lead=lead, rng=rng)
    if lead is not None and not plan.coaching_notes.exists():
        plan_services.add_coaching_note(
            actor=lead, agent=agent, text=rng.choice(in_language(NOTES, lead.preferred_language))
        )


def _write_history(agent: User, placement: Placement, *, hr: User, lead: User | None) -> None:
    """The level history with its past dates, each promotion approved by HR on the day."""
    now = timezone.now()
    previous: Level | None = None
    rows = []
    for index, (level, days_ago) in enumerate(placement.history):
        started = now - dt.timedelta(days=days_ago, hours=(agent.pk * 7) % 24)
        ended = (
            now - dt.timedelta(days=placement.history[index + 1][1])
            if index + 1 < len(placement.history)
            else None
        )
        promotion = None
        if previous is not None:
            promotion = Promotion.objects.create(
                agent=agent,
                from_level=previous,
                to_level=level,
                status=Promotion.Status.APPROVED,
                endorsed_by=lead,
                readiness_percent=100,
                decided_by=hr,
                decided_at=started,
            )
            Promotion.objects.filter(pk=promotion.pk).update(
                created_at=started - dt.timedelta(days=6), updated_at=started
            )
        rows.append(
            LevelHistory(
                user=agent,
                level=level,
                started_at=started,
                ended_at=ended,
                promotion=promotion,
                set_by=hr,
                note="" if promotion else HISTORY_NOTE,
            )
        )
        previous = level
    LevelHistory.objects.bulk_create(rows)


def _award(agent: User, badge: BadgeClass, *, lead: User | None) -> None:
    """The lead awards ``badge`` through recognition's service, unless the agent holds it
    (the recognition demo gives the persona one)."""
    if badges_of(user=agent).filter(badge_class=badge).exists():
        return
    award_badge(
        badge_class=badge,
        recipient=agent,
        awarded_by=lead,
        evidence_text=AWARD_EVIDENCE,
        idempotency_key=f"demo-careers-{badge.slug}-{agent.pk}",
    )


def _train(
    agent: User,
    path: TrainingPath,
    *,
    modules: int | None,
    rng: random.Random,
    assigned_by: User | None = None,
) -> None:
    """Complete the first ``modules`` modules of ``path`` (all when None), answering the
    quizzes right, exactly as the agent would; a lead may have assigned it first."""
    enrollment = Enrollment.objects.filter(user=agent, path=path).first()
    if enrollment is None and assigned_by is not None:
        due = timezone.localdate() + dt.timedelta(days=rng.randint(14, 45))
        enrollment = training_services.assign_path(
            actor=assigned_by, agent=agent, path=path, due_on=due
        )
    elif enrollment is None:
        enrollment = training_services.enroll(user=agent, path=path)
    if enrollment.completed_at is not None:
        return
    done = set(
        ModuleProgress.objects.filter(
            enrollment=enrollment, completed_at__isnull=False
        ).values_list("module_id", flat=True)
    )
    chosen = list(path.modules.order_by("position").prefetch_related("questions__choices"))
    for module in chosen[: len(chosen) if modules is None else modules]:
        if module.pk in done:
            continue
        answers = {
            q.pk: next(c.pk for c in q.choices.all() if c.correct) for q in module.questions.all()
        }
        training_services.complete_module(
            user=agent,
            enrollment_id=enrollment.pk,
            module_id=module.pk,
            answers=answers if module.has_quiz else None,
        )


def _add_goals(agent: User, *, lead: User | None, rng: random.Random) -> None:
    today = timezone.localdate()
    texts = rng.sample(in_language(GOALS, agent.preferred_language), k=3)
    for number, text in enumerate(texts):
        author = lead if (number == 0 and lead is not None) else agent
        goal = plan_services.add_goal(
            actor=author,
            agent=agent,
            text=text,
            due_on=today + dt.timedelta(days=rng.randint(10, 90)),
        )
        status = rng.choice([Goal.Status.OPEN, Goal.Status.IN_PROGRESS, Goal.Status.DONE])
        if status != Goal.Status.OPEN:
            plan_services.update_goal(actor=agent, goal_id=goal.pk, status=status)


def endorse_a_teammate(
    agents: list[User], *, stars: set[int], target: Level, leads: dict[int, User]
) -> None:
    """The first team's lead endorses one of the stars, so HR's queue is not empty. Only
    once: after HR decide (or the lead withdraws), the next run leaves it be."""
    team = [a for a in agents if number_of(a)[0] == 1]
    team_id = team_of(team[0]) if team else None
    lead = leads.get(team_id) if team_id is not None else None
    candidates = sorted((a for a in team if a.pk in stars), key=number_of)
    if lead is None or not candidates:
        return
    candidate = candidates[0]
    # The level history's promotions are all approved; any other status in the team is
    # this endorsement (waiting, declined or withdrawn), and the candidate, an Agent I,
    # has a promotion only once it was endorsed.
    endorsed_before = (
        Promotion.objects.filter(agent__in=team).exclude(status=Promotion.Status.APPROVED).exists()
        or Promotion.objects.filter(agent=candidate).exists()
    )
    if (
        endorsed_before
        or not CareerPlan.objects.filter(agent=candidate, target_level=target).exists()
    ):
        return
    promotion_services.endorse(
        actor=lead,
        agent=candidate,
        note=in_language(ENDORSEMENT_NOTE, lead.preferred_language),
    )
