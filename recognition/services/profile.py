from __future__ import annotations

from typing import Any

from core.services import record_audit_event
from recognition.models import RecognitionProfile


def set_leaderboard_opt_in(*, user: Any, opt_in: bool) -> RecognitionProfile:
    profile, _created = RecognitionProfile.objects.get_or_create(user=user)
    if profile.leaderboard_opt_in != opt_in:
        profile.leaderboard_opt_in = opt_in
        profile.save(update_fields=["leaderboard_opt_in"])
        record_audit_event(
            actor=user,
            verb="leaderboard.opt_in" if opt_in else "leaderboard.opt_out",
            target=profile,
        )
    return profile
