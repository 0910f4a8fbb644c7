"""Reads for wellbeing. Individual check-ins: only their author (or, when shared, the
author's lead). Groups: only as aggregates of at least WELLBEING_MIN_GROUP_SIZE people.

One module per entity; ``from wellbeing import selectors; selectors.history(...)`` reads
them all from here.
"""

from wellbeing.selectors.chat_requests import (
    HOME_CHAT_REQUESTS,
    open_chat_request,
    open_chat_requests_for_lead,
    open_chat_requests_for_team,
)
from wellbeing.selectors.check_ins import (
    History,
    TeamParticipation,
    active_tags,
    care_nudge_applies,
    care_resources,
    checked_in_today,
    current_streak,
    export_my_data,
    get_check_in_for_user,
    history,
    my_check_ins,
    participation_today,
    shared_team_check_ins,
    todays_check_in,
)
from wellbeing.selectors.content import (
    all_care_resources,
    all_mood_tags,
    get_care_resource,
    get_mood_tag,
)
from wellbeing.selectors.trends import (
    MIN_TAG_USES,
    TrendReport,
    TrendScope,
    TrendState,
    TrendWindow,
    company_trend_scope,
    company_trends,
    team_trend_scope,
    team_trends,
    trend_report,
    trend_scopes,
)

__all__ = [
    "HOME_CHAT_REQUESTS",
    "MIN_TAG_USES",
    "History",
    "TeamParticipation",
    "TrendReport",
    "TrendScope",
    "TrendState",
    "TrendWindow",
    "active_tags",
    "all_care_resources",
    "all_mood_tags",
    "care_nudge_applies",
    "care_resources",
    "checked_in_today",
    "company_trend_scope",
    "company_trends",
    "current_streak",
    "export_my_data",
    "get_care_resource",
    "get_check_in_for_user",
    "get_mood_tag",
    "history",
    "my_check_ins",
    "open_chat_request",
    "open_chat_requests_for_lead",
    "open_chat_requests_for_team",
    "participation_today",
    "shared_team_check_ins",
    "team_trend_scope",
    "team_trends",
    "todays_check_in",
    "trend_report",
    "trend_scopes",
]
