"""The careers demo's content, read once from ``content.yaml`` next to this module: the
texts (paths, modules, quizzes, tracks, levels, goals, notes) live there, in both
languages, so editing them is not editing code. A file without one of its sections fails
at import, before anything is written."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

import yaml

from people.models import Language
from recognition.demo import BADGES as RECOGNITION_BADGES

DEMO_EMAIL_SUFFIX = "@demo.cuida.test"
HR_EMAIL = "hr@demo.cuida.test"
# The agent everyone signs in as (README): their plan should be about half-way.
PERSONA_EMAIL = "agent1.1@demo.cuida.test"
SEED = 7

CONTENT_FILE = Path(__file__).with_name("content.yaml")
SECTIONS = (
    "badges",
    "paths",
    "tracks",
    "goals",
    "coaching_notes",
    "endorsement_note",
    "history_note",
    "award_evidence",
)

T = TypeVar("T")


def load_content(path: Path = CONTENT_FILE) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        content = yaml.safe_load(handle)
    missing = [section for section in SECTIONS if section not in (content or {})]
    if missing:
        raise ValueError(f"{path}: missing sections {', '.join(missing)}")
    return dict(content)


CONTENT = load_content()
# Badges the training paths award. The recognition demo's badges (which the tracks'
# requirements name too) are refreshed with them, so either seeder may run first.
BADGES: list[dict[str, Any]] = [*RECOGNITION_BADGES, *CONTENT["badges"]]
PATHS: list[dict[str, Any]] = CONTENT["paths"]
TRACKS: list[dict[str, Any]] = CONTENT["tracks"]
GOALS: dict[str, list[str]] = CONTENT["goals"]
NOTES: dict[str, list[str]] = CONTENT["coaching_notes"]
ENDORSEMENT_NOTE: dict[str, str] = CONTENT["endorsement_note"]
HISTORY_NOTE: str = CONTENT["history_note"]
AWARD_EVIDENCE: str = CONTENT["award_evidence"]


def in_language(texts: Mapping[str, T], language: str) -> T:
    """The writer's language's texts, Spanish for any other."""
    return texts.get(language, texts[Language.SPANISH])


def modules_in(slug: str) -> int:
    """How many modules the training path ``slug`` has."""
    return next(len(path["modules"]) for path in PATHS if path["slug"] == slug)
