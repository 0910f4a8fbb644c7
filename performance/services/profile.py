"""An agent's own choices about comparison ("What Cuida uses about me")."""

from __future__ import annotations

from django.db import transaction

from core.services import record_audit_event
from people.models import User
from performance.models import PerformanceProfile


@transaction.atomic
def set_team_comparison(*, actor: User, include: bool) -> PerformanceProfile:
    """Include ``actor`` in team goals, or leave them out (their events then count toward
    no team goal and they get no team-goal effect; personal rules still apply). There is
    no ``person`` argument on purpose: only the agent decides this, for themselves. A
    choice already made changes nothing and writes no audit row."""
    profile, _created = PerformanceProfile.objects.select_for_update().get_or_create(user=actor)
    if profile.team_comparison != include:
        profile.team_comparison = include
        profile.save(update_fields=["team_comparison"])
        record_audit_event(
            actor=actor,
            verb="performance.team_comparison.on" if include else "performance.team_comparison.off",
            target=profile,
        )
    return profile
