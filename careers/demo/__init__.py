"""Demo careers: three tracks, four training paths with real content, and every demo agent
on a level with a plan, goals, a coaching note and some training done.

Called by ``seed_demo`` through ``CareersConfig.demo_seeder``. The texts are data
(``content.yaml``, read by ``content.py``); ``catalog.py`` makes the tracks, paths and
requirements through careers' services and ``records.py`` the people's records. Idempotent:
catalog rows are found by their code (slug) and a track or path is only built when missing;
people's records (level history, plan target, goals, notes, enrollments, badges, the
endorsement) are only added when the person has none yet.
"""

from __future__ import annotations

from django.db import transaction

from careers.demo.catalog import ensure_badges, ensure_catalog
from careers.demo.content import HR_EMAIL, PERSONA_EMAIL, SEED
from careers.demo.records import (
    demo_agents,
    endorse_a_teammate,
    find_stars,
    leads_by_team,
    place_agents,
    seed_person,
    team_of,
)
from careers.models import (
    CareerTrack,
    CoachingNote,
    Enrollment,
    Goal,
    Level,
    LevelHistory,
    Promotion,
    Requirement,
    TrainingPath,
)
from people.models import User

__all__ = ["PERSONA_EMAIL", "seed_demo_careers"]


def seed_demo_careers(*, seed: int = SEED) -> int:
    """Create the careers demo (see the module docstring); returns how many records were
    added now: tracks, levels, requirements, paths, modules and people's career records."""
    hr = User.objects.filter(email=HR_EMAIL).first()
    agents = demo_agents()
    if hr is None or not agents:
        return 0
    before = _count()
    with transaction.atomic():
        badges = ensure_badges()
        tracks, paths = ensure_catalog(hr=hr, badges=badges)
        levels = {
            level.name_en: level
            for level in Level.objects.filter(track__in=tracks.values()).select_related("track")
        }
        leads = leads_by_team()
        stars = find_stars(agents, level=levels["Agent II"])
        placements = place_agents(agents, levels=levels, stars=stars, seed=seed)
        for agent in agents:
            team_id = team_of(agent)
            seed_person(
                agent,
                placements[agent.pk],
                hr=hr,
                lead=leads.get(team_id) if team_id is not None else None,
                paths=paths,
                badges=badges,
                seed=seed,
            )
        endorse_a_teammate(agents, stars=stars, target=levels["Agent II"], leads=leads)
    return _count() - before


def _count() -> int:
    models = (
        CareerTrack,
        Level,
        Requirement,
        TrainingPath,
        LevelHistory,
        Goal,
        CoachingNote,
        Enrollment,
        Promotion,
    )
    return sum(model.objects.count() for model in models)
