from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import ListedModelMultipleChoiceField
from wellbeing.models import NOTE_MAX_LENGTH, MoodTag, WellbeingPreference

MOOD_CHOICES = [
    (1, _("Very low")),
    (2, _("Low")),
    (3, _("Okay")),
    (4, _("Good")),
    (5, _("Great")),
]
ENERGY_CHOICES = [
    (1, _("Drained")),
    (2, _("Tired")),
    (3, _("Steady")),
    (4, _("Energetic")),
    (5, _("Full of energy")),
]
STRESS_CHOICES = [
    (1, _("Calm")),
    (2, _("Mild")),
    (3, _("Some")),
    (4, _("High")),
    (5, _("Overwhelming")),
]


class CheckInForm(forms.Form):
    """Parses the page form; ``services.record_check_in`` holds the rules."""

    def __init__(self, *args: Any, can_share: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not can_share:  # nobody to share with: don't offer it
            del self.fields["shared_with_lead"]

    mood = forms.TypedChoiceField(
        label=_("Mood"), choices=MOOD_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    energy = forms.TypedChoiceField(
        label=_("Energy"), choices=ENERGY_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    stress = forms.TypedChoiceField(
        label=_("Stress"), choices=STRESS_CHOICES, coerce=int, widget=forms.RadioSelect
    )
    tags = ListedModelMultipleChoiceField(
        label=_("What describes today?"),
        queryset=MoodTag.objects.filter(active=True),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Private note"),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only you can read this."),
    )
    shared_with_lead = forms.BooleanField(
        label=_("Share this check-in with my team lead"),
        required=False,
        help_text=_("Off by default. You can change it later."),
    )


class SharingForm(forms.Form):
    """The history row's share toggle: ``shared=1`` shares, anything else takes it back."""

    shared = forms.CharField(required=False)


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = WellbeingPreference
        fields = ["reminders_enabled"]


class EraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I understand that all my check-ins will be deleted for good."), required=True
    )


class TrendFilterForm(forms.Form):
    """Filters of the trend pages and API; the same validation for both. The dates only
    choose which whole days, weeks or months are listed (``disclosure.windows_within``)."""

    MAX_DAYS = 366
    DEFAULT_SPAN = {
        "day": dt.timedelta(days=13),
        "week": dt.timedelta(weeks=12),
        "month": dt.timedelta(days=364),
    }

    period = forms.ChoiceField(
        label=_("Group by"),
        choices=[("day", _("Day")), ("week", _("Week")), ("month", _("Month"))],
        required=False,
    )
    date_from = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    tag = forms.SlugField(label=_("Tag"), required=False)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["tag"].widget = forms.Select(
            choices=[("", _("All tags"))]
            + [(t.slug, t.name) for t in MoodTag.objects.filter(active=True)]
        )

    # Trends start here: the windows reach weeks before the dates asked, which near the
    # first day a date can name (year 1) would overflow into a server error.
    EARLIEST = dt.date(2000, 1, 1)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        too_early = [
            n for n in ("date_from", "date_to") if (data.get(n) or self.today) < self.EARLIEST
        ]
        for name in too_early:
            self.add_error(name, _("Choose a date from 2000 on."))
        if too_early:
            return data
        period = data.get("period") or "day"
        date_to = data.get("date_to") or self.today
        date_from = data.get("date_from") or date_to - self.DEFAULT_SPAN[period]
        if date_to > self.today:
            self.add_error("date_to", _("Dates cannot be in the future."))
        if date_from > date_to:
            self.add_error("date_from", _("The start must be before the end."))
        elif (date_to - date_from).days >= self.MAX_DAYS:
            self.add_error("date_from", _("Choose at most one year."))
        tag = data.get("tag") or None
        if tag and not MoodTag.objects.filter(slug=tag).exists():
            self.add_error("tag", _("Unknown tag."))
        data.update(period=period, date_from=date_from, date_to=date_to, tag=tag)
        return data

    def filters(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in ("period", "date_from", "date_to", "tag")}


class HistoryFilterForm(forms.Form):
    days = forms.TypedChoiceField(choices=[(30, "30"), (90, "90")], coerce=int, required=False)
