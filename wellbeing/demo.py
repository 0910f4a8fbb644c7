"""Two months of demo check-ins so trend pages have something to show after `make run`."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from people.models import Membership, Role
from wellbeing.models import CheckIn, MoodTag
from wellbeing.services.trends import publish_trends


@transaction.atomic
def seed_demo_check_ins(*, days: int = 60, seed: int = 7) -> int:
    """Create missing check-ins for demo agents over the last ``days`` days. Idempotent."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    tags = list(MoodTag.objects.filter(active=True))
    memberships = Membership.objects.filter(
        role=Role.AGENT, user__email__endswith="@demo.cuida.test"
    ).select_related("user")
    agents = [m.user for m in memberships]
    teams = {m.user_id: m.team_id for m in memberships}
    existing = set(CheckIn.objects.filter(user__in=agents).values_list("user_id", "local_date"))
    rows, tag_links = [], []
    for agent in agents:
        today = timezone.localtime(timezone.now(), agent.time_zone).date()
        baseline = rng.uniform(2.6, 4.2)
        for offset in range(1, days + 1):
            day = today - dt.timedelta(days=offset)
            # Draw every random number before deciding to skip, so a second run walks the
            # same sequence and finds the same days already there.
            present = rng.random() <= 0.75
            scores = [
                rng.gauss(baseline, 0.9),
                rng.gauss(baseline - 0.2, 1),
                rng.gauss(6 - baseline, 1),
            ]
            day_tags = rng.sample(tags, k=rng.randint(0, 2))
            if not present or (agent.pk, day) in existing:
                continue
            mood, energy, stress = (max(1, min(5, round(v))) for v in scores)
            rows.append(
                (
                    CheckIn(
                        user=agent,
                        team_id=teams[agent.pk],
                        local_date=day,
                        mood=mood,
                        energy=energy,
                        stress=stress,
                    ),
                    day_tags,
                )
            )
    CheckIn.objects.bulk_create([check_in for check_in, _tags in rows])
    through = CheckIn.tags.through
    for check_in, day_tags in rows:
        for tag in day_tags:
            tag_links.append(through(checkin_id=check_in.pk, moodtag_id=tag.pk))
    through.objects.bulk_create(tag_links)
    # Leads and HR see the weeks that are over straight away, not at beat's next run.
    publish_trends()
    return len(rows)
