"""Page forms of the careers app. They parse input; careers.services hold the rules."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from careers import selectors
from careers.models import GOAL_MAX_LENGTH, NOTE_MAX_LENGTH, CareerTrack, Level, Module

DURATION_CHOICES = [
    ("", _("Any length")),
    ("30", _("Up to 30 minutes")),
    ("60", _("Up to 1 hour")),
    ("120", _("Up to 2 hours")),
    ("240", _("Up to 4 hours")),
]


class _PlanForm(forms.Form):
    """The plan pages show several of these forms at once: each gets its own id prefix
    (``auto_id_prefix``) so labels point at the right field."""

    auto_id_prefix = "id"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"{self.auto_id_prefix}_%s")
        super().__init__(*args, **kwargs)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Level) -> str:
        return f"{obj.track.name} · {obj.name}"


class TargetLevelForm(_PlanForm):
    auto_id_prefix = "target"

    target_level = LevelChoiceField(
        label=_("Target level"),
        queryset=Level.objects.none(),
        required=False,
        empty_label=_("No target yet"),
    )

    def __init__(self, *args: Any, levels: QuerySet[Level], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["target_level"]).queryset = levels


class GoalForm(_PlanForm):
    auto_id_prefix = "goal"

    text = forms.CharField(
        label=_("Goal"),
        max_length=GOAL_MAX_LENGTH,
        error_messages={"required": _("Describe the goal.")},
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())


class PrivateNotesForm(_PlanForm):
    auto_id_prefix = "notes"

    private_notes = forms.CharField(
        label=_("My private notes"),
        help_text=_("Only you can read this. Your lead and HR never see it."),
        required=False,
        strip=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class CoachingNoteForm(_PlanForm):
    auto_id_prefix = "coaching"

    text = forms.CharField(
        label=_("Coaching note"),
        help_text=_("The agent reads this note on their career plan."),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the note first.")},
    )


class PathChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return ngettext(
            "%(name)s (%(minutes)s minute)", "%(name)s (%(minutes)s minutes)", obj.total_minutes
        ) % {"name": obj.name, "minutes": obj.total_minutes}


class AssignPathForm(_PlanForm):
    auto_id_prefix = "assign"

    path = PathChoiceField(
        label=_("Training path"),
        queryset=selectors.training_catalog(),
        error_messages={"required": _("Choose a training path.")},
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())


class EndorseForm(_PlanForm):
    auto_id_prefix = "endorse"

    note = forms.CharField(
        label=_("Why are they ready?"),
        help_text=_("HR read this with the evidence when they decide."),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(
        label=_("I endorse them although some requirements are not met yet."),
        error_messages={"required": _("Tick the box to endorse before every requirement is met.")},
    )

    def __init__(self, *args: Any, ready: bool, **kwargs: Any) -> None:
        """``ready``: every requirement but the endorsement is met, so no confirmation."""
        super().__init__(*args, **kwargs)
        if ready:
            del self.fields["confirm"]


class CatalogFilterForm(forms.Form):
    track = forms.ModelChoiceField(
        label=_("Track"),
        queryset=CareerTrack.objects.filter(active=True),
        required=False,
        empty_label=_("All tracks"),
    )
    max_minutes = forms.TypedChoiceField(
        label=_("Length"), choices=DURATION_CHOICES, coerce=int, empty_value=None, required=False
    )

    def filters(self) -> dict[str, Any]:
        track = self.cleaned_data.get("track")
        return {
            "track_id": track.pk if track else None,
            "max_minutes": self.cleaned_data.get("max_minutes"),
        }


def question_field_name(question_id: int) -> str:
    return f"q{question_id}"


class QuizForm(forms.Form):
    """One radio group per question of ``module`` (its questions and choices prefetched)."""

    def __init__(self, *args: Any, module: Module, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.module = module
        for question in module.questions.all():
            self.fields[question_field_name(question.pk)] = forms.TypedChoiceField(
                label=question.prompt,
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer.")},
            )

    def answers(self) -> dict[int, int]:
        return {
            question.pk: self.cleaned_data[question_field_name(question.pk)]
            for question in self.module.questions.all()
        }
