"""Recognition pages, one module per entity: kudos, points, badges, rewards.

Each page view declares who may open it (``people.permissions.page_rule``); refusals it
does not show on a form travel to ``core.middleware.DomainErrorMiddleware``.
"""

from recognition.views.badges import (
    award_badge,
    baked_badge,
    my_badges,
    person_badges,
    revoke_badge,
)
from recognition.views.kudos import feed, give, kudos_detail, react, recipient_search
from recognition.views.points import leaderboard, leaderboard_opt_in, my_points
from recognition.views.rewards import (
    approvals,
    approve_redemption,
    cancel_redemption,
    catalog,
    fulfil_redemption,
    my_redemptions,
    reject_redemption,
    request_redemption,
)

__all__ = [
    "approvals",
    "approve_redemption",
    "award_badge",
    "baked_badge",
    "cancel_redemption",
    "catalog",
    "feed",
    "fulfil_redemption",
    "give",
    "kudos_detail",
    "leaderboard",
    "leaderboard_opt_in",
    "my_badges",
    "my_points",
    "my_redemptions",
    "person_badges",
    "react",
    "recipient_search",
    "reject_redemption",
    "request_redemption",
    "revoke_badge",
]
