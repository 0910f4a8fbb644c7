"""What the HR forms share: the bilingual name and description fields, and the selects
whose choices the view hands in."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careers.models import CareerTrack

Choices = Sequence[tuple[Any, str]]
NAME_MAX_LENGTH = CareerTrack._meta.get_field("name_en").max_length


def select_field(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Select()
    )


def number_field(label: Any, *, help_text: Any = "", step: str = "1") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        max_length=20,
        widget=forms.NumberInput(attrs={"step": step}),
    )


class NamesForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=NAME_MAX_LENGTH)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=NAME_MAX_LENGTH)


class DescribedForm(NamesForm):
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_es = forms.CharField(
        label=_("Description (Spanish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
