"""Forms of HR's careers pages, one module per editor: ``tracks`` (tracks, levels,
requirements, new orders), ``training`` (paths, modules) with ``quiz`` (a module's quiz as
rows), and ``promotions`` (the queue, placing a person on a level). They parse input;
``careers.services`` hold the rules.

Choice lists (badges, paths, tracks, event types, levels) are read once by the view and
handed to each form, so a page with one form per level costs no query per form. Their
widgets are selects, but the value goes to the service unchecked: the service is the one
that says "this badge was retired" or "this path is archived".
"""

from careers.hr_forms.promotions import DeclineForm, ReadinessFilterForm, SetLevelForm
from careers.hr_forms.quiz import QuestionFormSet, question_formset
from careers.hr_forms.tracks import (
    AddLevelForm,
    CopyTrackForm,
    LevelForm,
    OrderForm,
    RequirementForm,
    TrackEditForm,
    TrackForm,
)
from careers.hr_forms.training import ModuleForm, PathEditForm, PathForm

__all__ = [
    "AddLevelForm",
    "CopyTrackForm",
    "DeclineForm",
    "LevelForm",
    "ModuleForm",
    "OrderForm",
    "PathEditForm",
    "PathForm",
    "QuestionFormSet",
    "ReadinessFilterForm",
    "RequirementForm",
    "SetLevelForm",
    "TrackEditForm",
    "TrackForm",
    "question_formset",
]
