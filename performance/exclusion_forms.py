"""HR's form to exclude an outage's or a coaching session's events (on the status page)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from people import selectors as people_selectors
from performance import selectors
from performance.services.exclusions import MAX_REASON

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class ExcludeEventsForm(forms.Form):
    starts = forms.DateTimeField(
        label=_("From"),
        input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    ends = forms.DateTimeField(
        label=_("Until"),
        input_formats=[DATETIME_FORMAT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
    )
    reason = forms.CharField(
        label=_("Why"),
        max_length=MAX_REASON,
        help_text=_("Agents see it beside their events, e.g. “Telephony outage”."),
    )
    event_type = forms.ModelChoiceField(
        label=_("Event type"),
        queryset=selectors.event_types_for_rules(),
        required=False,
        empty_label=_("Every type"),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        # Every team: HR's page (teams_visible_to would need the viewer at import time).
        queryset=people_selectors.all_teams(),
        required=False,
        empty_label=_("Every team"),
    )
