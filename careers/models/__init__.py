"""Career tracks and levels, training paths, enrollments, career plans and promotions.

Positions (levels in a track, requirements in a level, modules in a path) are kept
contiguous from 1 by ``careers.services.ordering``; the
unique constraints below make a duplicate position (a "cycle" in the order) impossible.
"""

from careers.models.base import (
    GOAL_MAX_LENGTH,
    MODULE_BODY_MAX_LENGTH,
    NAMED_BILINGUAL_FIELDS,
    NOTE_MAX_LENGTH,
    NamedBilingual,
)
from careers.models.plans import CareerPlan, CoachingNote, Goal
from careers.models.promotions import LevelHistory, Promotion
from careers.models.tracks import CareerTrack, Level, Requirement
from careers.models.training import (
    Enrollment,
    Module,
    ModuleProgress,
    QuizChoice,
    QuizQuestion,
    TrainingPath,
)

__all__ = [
    "GOAL_MAX_LENGTH",
    "MODULE_BODY_MAX_LENGTH",
    "NAMED_BILINGUAL_FIELDS",
    "NOTE_MAX_LENGTH",
    "CareerPlan",
    "CareerTrack",
    "CoachingNote",
    "Enrollment",
    "Goal",
    "Level",
    "LevelHistory",
    "Module",
    "ModuleProgress",
    "NamedBilingual",
    "Promotion",
    "QuizChoice",
    "QuizQuestion",
    "Requirement",
    "TrainingPath",
]
