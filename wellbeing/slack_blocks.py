"""What the daily check-in looks like in Slack (Block Kit), in the active language.

The mood a person taps never appears in any of these: the question shows the five choices
alike, and once one is tapped the whole message is replaced by "✓ Saved".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from core.addresses import public_url
from wellbeing.forms import MOOD_CHOICES

MOOD_ACTION = "wellbeing_mood"
BLOCK_PREFIX = "wellbeing_check_in:"
MOOD_EMOJI = {1: "😞", 2: "🙁", 3: "😐", 4: "🙂", 5: "😄"}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


def _check_in_link(label: str) -> dict[str, Any]:
    url = public_url(reverse("wellbeing:check_in"), request=None)
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": f"<{url}|{label}>"}]}


def prompt(*, day: dt.date) -> tuple[str, list[dict[str, Any]]]:
    """The question, with a button per mood; the block id carries the day it asks about."""
    question = _("Hi! How are you feeling today?")
    buttons = [
        {
            "type": "button",
            "action_id": f"{MOOD_ACTION}:{mood}",
            "value": str(mood),
            "text": {"type": "plain_text", "text": f"{MOOD_EMOJI[mood]} {label}", "emoji": True},
        }
        for mood, label in MOOD_CHOICES
    ]
    return question, [
        _section(question),
        {"type": "actions", "block_id": f"{BLOCK_PREFIX}{day.isoformat()}", "elements": buttons},
        _check_in_link(_("Only you see your answer. Prefer the app? Open Cuida.")),
    ]


def saved() -> tuple[str, list[dict[str, Any]]]:
    text = _("✓ Saved. Thank you for checking in.")
    return text, [_section(text), _check_in_link(_("Add energy, stress or a note in Cuida"))]


def expired() -> tuple[str, list[dict[str, Any]]]:
    text = _("This question was for another day, so nothing was saved.")
    return text, [_section(text), _check_in_link(_("Check in for today in Cuida"))]
