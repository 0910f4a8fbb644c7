"""The weekly digest's sections, registered by the apps that own their data.

notifications imports nothing above ``people`` (docs/architecture.md), so it cannot ask
recognition for kudos or wellbeing for trends. Each app registers its sections instead, in
its ``AppConfig.ready()``:

    register_section("recognition.kudos", audience="agent", order=10, build=kudos_section)

``build(user, week_start, week_end)`` returns a ``Section`` or None (nothing to say). It is
called in the reader's language and time zone (``build_sections``), so it formats names,
numbers and dates for them; it reads only what that person may read, through its own app's
selectors, at a fixed number of queries (tests/unit/notifications/test_digests.py pins a
whole digest).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from django.utils import timezone, translation
from django.utils.functional import Promise

from notifications.emails import language_of
from notifications.messages import language_codes
from people.roles import Roles, get_roles
from people.time import in_time_zone_of

if TYPE_CHECKING:
    from people.models import User

Audience = Literal["agent", "lead", "hr"]
AUDIENCES: tuple[Audience, ...] = ("agent", "lead", "hr")


# What a digest says is stored in every language of the site (``build_digest``), so each
# reader gets their own whenever they open it. A text is a plain string (a person's own
# words: a kudos message), a lazy translation, or a callable that writes it in the active
# language (``lambda: _("%(name)s thanked you.") % {"name": giver}``): called once per
# language, with the numbers and dates it formats. Callables must not query the database.
Words = str | Promise | Callable[[], str]


def say(words: Words) -> str:
    """``words`` in the active language."""
    return words() if callable(words) else str(words)


@dataclass(frozen=True)
class Item:
    """One line: ``text``, an optional quote under it (``detail``) and a link (a path)."""

    text: Words
    detail: Words = ""
    url: str = ""


@dataclass(frozen=True)
class Section:
    """What one app has to say this week, for the reader.

    ``newsworthy`` False: worth showing in a digest that goes anyway, but no reason to send
    one (integrations all healthy, "not enough responses" for a trend)."""

    title: Words
    items: tuple[Item, ...] = ()
    note: Words = ""
    url: str = ""
    newsworthy: bool = True

    def as_json(self, name: str) -> dict[str, Any]:
        """The section written in the active language."""
        return {
            "name": name,
            "title": say(self.title),
            "items": [
                {"text": say(i.text), "detail": say(i.detail), "url": i.url} for i in self.items
            ],
            "note": say(self.note),
            "url": self.url,
        }


Builder = Callable[["User", dt.date, dt.date], Section | None]


@dataclass(frozen=True)
class SectionSpec:
    name: str
    audiences: frozenset[str]
    order: int
    build: Builder = field(compare=False)


_SECTIONS: dict[str, SectionSpec] = {}


def register_section(
    name: str,
    *,
    audience: Audience | Collection[Audience],
    order: int,
    build: Builder,
) -> None:
    """Add (or replace, by ``name``) a section for the people holding ``audience`` (one
    role or several: a section for leads and HR is built once for someone who is both)."""
    audiences = frozenset([audience] if isinstance(audience, str) else audience)
    unknown = audiences - set(AUDIENCES)
    if unknown or not audiences:
        raise ValueError(f"Unknown digest audience {sorted(unknown)!r} for {name!r}.")
    _SECTIONS[name] = SectionSpec(name=name, audiences=audiences, order=order, build=build)


def registered_sections() -> Mapping[str, SectionSpec]:
    return dict(_SECTIONS)


def _held(roles: Roles) -> set[str]:
    held = {"agent"} if roles.is_agent else set()
    if roles.is_lead:
        held.add("lead")
    if roles.is_hr:
        held.add("hr")
    return held


def sections_for(roles: Roles) -> list[SectionSpec]:
    """The sections of every role a person holds, each once: agent's first, then the
    lead's, then HR's, by ``order`` within each."""
    held = _held(roles)
    chosen = [spec for spec in _SECTIONS.values() if spec.audiences & held]

    def key(spec: SectionSpec) -> tuple[int, int, str]:
        first = min(AUDIENCES.index(a) for a in spec.audiences & held)
        return first, spec.order, spec.name

    return sorted(chosen, key=key)


def local_span(week_start: dt.date, week_end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[Monday 00:00, the following Monday 00:00) on the active clock (the reader's, inside
    ``build_sections``): what builders filter timestamps with."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(week_start, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(week_end + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return start, end


@dataclass(frozen=True)
class BuiltDigest:
    language: str
    # Language code -> the sections written in it.
    sections: dict[str, list[dict[str, Any]]]
    newsworthy: bool


def build_digest(*, user: User, week_start: dt.date, week_end: dt.date) -> BuiltDigest:
    """Every section this person's roles call for, read on their clock and in their
    language, then written in each language of the site; ``newsworthy`` when at least one
    has something to say."""
    language = language_of(user)
    built: list[tuple[str, Section]] = []
    with in_time_zone_of(user):
        with translation.override(language):
            for spec in sections_for(get_roles(user)):
                section = spec.build(user, week_start, week_end)
                if section is not None:
                    built.append((spec.name, section))
        sections = {}
        for code in language_codes():
            with translation.override(code):
                sections[code] = [section.as_json(name) for name, section in built]
    return BuiltDigest(
        language=language,
        sections=sections,
        newsworthy=any(section.newsworthy for _name, section in built),
    )
