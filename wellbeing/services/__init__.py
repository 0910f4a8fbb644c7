"""Writes for wellbeing: check-ins, sharing, chat requests, reminders, erasure.
Publishing anonymous trends lives in ``services.trends``.

Invariant (shared/design.md #3, #7): nothing here feeds points, rules, rankings or any
performance view, and nobody but the author reads a check-in unless they shared it.

One module per entity; ``from wellbeing import services; services.record_check_in(...)``
reaches them all from here.
"""

from people.time import local_today  # the person's day; kept here for older callers (bench)
from wellbeing.services.care_resources import (
    create_care_resource,
    reorder_care_resources,
    set_care_resource_active,
    update_care_resource,
)
from wellbeing.services.chat_requests import request_lead_chat, resolve_chat_request
from wellbeing.services.check_ins import (
    record_check_in,
    record_shared_check_in_views,
    set_check_in_sharing,
    sharing_closes_before,
)
from wellbeing.services.mood_tags import (
    create_mood_tag,
    reorder_mood_tags,
    set_mood_tag_active,
    update_mood_tag,
)
from wellbeing.services.my_data import erase_wellbeing_data, update_preferences
from wellbeing.services.reminders import send_due_reminders

__all__ = [
    "create_care_resource",
    "create_mood_tag",
    "erase_wellbeing_data",
    "local_today",
    "record_check_in",
    "record_shared_check_in_views",
    "reorder_care_resources",
    "reorder_mood_tags",
    "request_lead_chat",
    "resolve_chat_request",
    "send_due_reminders",
    "set_care_resource_active",
    "set_check_in_sharing",
    "set_mood_tag_active",
    "sharing_closes_before",
    "update_care_resource",
    "update_mood_tag",
    "update_preferences",
]
