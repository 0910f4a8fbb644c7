"""Forms of HR's promotion queue, of placing a person on a level and of the readiness
filter."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from careers.models import NOTE_MAX_LENGTH, Level


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not (the agent and their lead read it)"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tell the agent and their lead why.")},
    )


class SetLevelForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Kept in the person's level history, e.g. “Joined as Agent II”."),
    )

    def __init__(self, *args: Any, levels: Sequence[Level] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = {level.pk: level for level in levels}
        cast(forms.ChoiceField, self.fields["level"]).choices = [
            ("", _("Choose…")),
            *((level.pk, f"{level.track.name} · {level.name}") for level in levels),
        ]

    def clean_level(self) -> Level:
        return self.levels[self.cleaned_data["level"]]


class ReadinessFilterForm(forms.Form):
    """``?level=``; anything that is not one of the levels reads as "every level"."""

    level = forms.TypedChoiceField(label=_("Target level"), coerce=int, required=False)

    def __init__(self, *args: Any, levels: Sequence[Level] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["level"]).choices = [
            ("", _("Every level")),
            *((level.pk, f"{level.track.name} · {level.name}") for level in levels),
        ]

    def level_id(self) -> int | None:
        if not self.is_valid():
            return None
        return self.cleaned_data.get("level") or None
