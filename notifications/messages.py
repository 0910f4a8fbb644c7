"""Messages stored as a key and parameters, rendered in the *reader's* language.

A notification or a ledger memo written today is read later, perhaps by someone whose
language differs from the writer's (HR in English telling a Spanish agent), or after the
reader switches language. So writers store a key of ``MESSAGES`` and JSON parameters, and
pages and APIs call ``render_message`` with the reader's language active.

Parameter values are JSON:
- text or a number, shown as written (people's names, amounts);
- ``{"es": …, "en": …}``, one text per language (``in_every_language``), for names of
  bilingual objects (a badge, a reward, a rule, a training path, a level) and for labels of
  choices: the reader's language is picked, else the default language, else any;
- ``{"date": "YYYY-MM-DD"}``, shown in the reader's date format.

Names are copied in both languages when the message is written, not looked up by id when
it is read: the message keeps saying what happened after the badge is renamed or deleted,
and reading a page of notifications costs no query per row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.utils import formats, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# Key → template with named placeholders. A key is never reused for another meaning: rows
# written with it are rendered with whatever template it has when they are read. Templates
# made only of a parameter need no translation (the parameter carries both languages).
MESSAGES: dict[str, str | Promise] = {
    # wellbeing
    "wellbeing.chat_requested": _("%(name)s would like a chat with you."),
    "wellbeing.check_in_reminder": _(
        "How are you today? A check-in takes ten seconds, and only you see it."
    ),
    # recognition
    "recognition.kudos_received": _("%(name)s thanked you."),
    "recognition.kudos_received_points": _("%(name)s thanked you and gave you %(points)s points."),
    "recognition.badge_earned": _("You earned the badge “%(badge)s”."),
    "recognition.redemption_requested": _("%(name)s asked for “%(item)s”."),
    "recognition.redemption_decided": _("Your request for “%(item)s”: %(status)s."),
    # careers
    "careers.training_assigned": _("You were assigned the training “%(path)s”."),
    "careers.training_assigned_due": _("You were assigned the training “%(path)s”. Due %(date)s."),
    "careers.training_completed": _("You completed “%(path)s”. Well done!"),
    "careers.coaching_note_added": _("%(lead)s added a note to your career plan."),
    "careers.endorsed": _("%(lead)s endorsed you for %(level)s. HR will decide."),
    "careers.promoted": _("Congratulations! You are now %(level)s."),
    "careers.promotion_approved": _("HR approved the promotion of %(name)s to %(level)s."),
    "careers.promotion_declined": _("HR did not approve the promotion to %(level)s: %(reason)s"),
    # performance
    "performance.feedback": "%(text)s",
    "performance.compliment": _("A customer took the time to thank you."),
    # notifications
    "notifications.digest_ready": _("Your week in Cuida, %(start)s to %(end)s, is ready."),
    # HR's company announcements (services/announcements.py): the text HR wrote in each
    # language, as one bilingual parameter
    "notifications.announcement": "%(text)s",
    # Microsoft Teams announcements (services/teams.py), in the organisation's language
    "teams.kudos_given": _("%(giver)s thanked %(names)s"),
    "teams.kudos_values": _("Values: %(values)s"),
    "teams.badge_awarded": _("%(name)s earned the badge “%(badge)s”."),
    # ledger memos (recognition.LedgerEntry.memo_key): the name of what earned the points
    "ledger.training_completed": "%(path)s",
    "ledger.rule": "%(rule)s",
}


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def in_every_language(value: Callable[[], Any] | Promise | str) -> dict[str, str]:
    """``value`` read once per language of the site: a lazy string, or a callable such as
    ``lambda: badge.name`` for a bilingual object whose ``name`` follows the active
    language. A single-language value gives the same text for each language."""
    texts = {}
    for code in language_codes():
        with translation.override(code):
            texts[code] = str(value() if callable(value) else value)
    return texts


def bilingual(obj: Any, attr: str = "name") -> dict[str, str]:
    """``obj.attr`` in every language: the accessor writers use for names of bilingual
    objects (``name`` reads ``name_es`` or ``name_en`` by the active language)."""
    return in_every_language(lambda: getattr(obj, attr))


def _param(value: Any) -> Any:
    if isinstance(value, Mapping):
        if set(value) == {"date"}:
            try:
                day = dt.date.fromisoformat(str(value["date"]))
            except ValueError:
                return str(value["date"])
            return formats.date_format(day, "DATE_FORMAT")
        language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
        for code in (language, settings.LANGUAGE_CODE[:2], *sorted(value)):
            if value.get(code):
                return str(value[code])
        return ""
    return value


def render_message(key: str, params: Mapping[str, Any] | None, *, fallback: str = "") -> str:
    """The message ``key`` in the active language; ``fallback`` (the text stored when it
    was written) for rows without a key, an unknown key or parameters that no longer fit."""
    template = MESSAGES.get(key) if key else None
    if template is None:
        return fallback
    try:
        return str(template) % {name: _param(v) for name, v in (params or {}).items()}
    except (KeyError, TypeError, ValueError):
        return fallback


def render_in(
    language: str | None, key: str, params: Mapping[str, Any] | None, *, fallback: str = ""
) -> str:
    """``render_message`` in ``language`` (a recipient's), whatever the request speaks."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return render_message(key, params, fallback=fallback)
