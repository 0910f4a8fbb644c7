from __future__ import annotations

from core.services import record_audit_event
from people.models import User
from recognition.models import RecognitionProfile


def set_leaderboard_opt_in(*, user: User, opt_in: bool) -> RecognitionProfile:
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
