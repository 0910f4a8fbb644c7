"""Page forms for HR's event types and their metrics; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from performance.models import EventType, Metric

TYPE_NAME = EventType._meta.get_field("name_es").max_length
METRIC_NAME = Metric._meta.get_field("name_es").max_length


class EventTypeForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=TYPE_NAME)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=TYPE_NAME)


class EventTypeEditForm(EventTypeForm):
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("A switched-off type is refused when integrations send it."),
    )


class MetricForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=METRIC_NAME)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=METRIC_NAME)
    unit = forms.ChoiceField(label=_("Unit"), choices=Metric.Unit.choices)
    direction = forms.ChoiceField(label=_("Which way is better"), choices=Metric.Direction.choices)


class NewMetricForm(MetricForm):
    key = forms.CharField(
        label=_("Name in the events"),
        max_length=Metric._meta.get_field("key").max_length,
        help_text=_(
            "Exactly as the integration sends it in the event's metrics, e.g. handle_time_s: "
            "letters, digits and underscores. It cannot change later."
        ),
    )
    field_order = ["key", "name_en", "name_es", "unit", "direction"]
