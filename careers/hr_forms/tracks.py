"""Forms of the tracks editor: tracks, their levels, each level's requirements, and the
new order of a list (levels, requirements, modules)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careers.hr_forms.common import Choices, DescribedForm, NamesForm, number_field, select_field
from careers.models import Level, Requirement


class TrackForm(DescribedForm):
    pass


class TrackEditForm(DescribedForm):
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Archived tracks stay in people's history but nobody can aim for them."),
    )


class CopyTrackForm(NamesForm):
    pass


class LevelForm(DescribedForm):
    pass


class AddLevelForm(DescribedForm):
    position = forms.IntegerField(
        label=_("Where"), required=False, min_value=1, widget=forms.Select()
    )

    def __init__(self, *args: Any, levels: Sequence[Level] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["position"].widget.choices = [
            ("", _("At the end")),
            *((level.position, _("Before %(level)s") % {"level": level.name}) for level in levels),
        ]


class RequirementForm(forms.Form):
    """Every kind's fields at once; the service keeps the ones of the chosen kind."""

    kind = forms.ChoiceField(label=_("Kind"), choices=Requirement.Kind.choices)
    badge_class = select_field(_("Badge"))
    training_path = select_field(_("Training path"))
    min_tenure_days = number_field(_("Days in the current level"))
    event_type = select_field(_("Event type"))
    metric = forms.CharField(
        label=_("Metric"),
        required=False,
        max_length=60,
        help_text=_("As the events send it, e.g. score. Not needed to count events."),
    )
    aggregate = forms.ChoiceField(
        label=_("Aggregate"), choices=Requirement.Aggregate.choices, required=False
    )
    operator = forms.ChoiceField(
        label=_("Comparison"), choices=Requirement.Operator.choices, initial=">="
    )
    threshold = number_field(_("Threshold"), step="any")
    window_days = number_field(_("Period (days)"), help_text=_("Counted back from today."))
    min_events = number_field(_("At least this many events"))

    def __init__(
        self,
        *args: Any,
        badges: Choices = (),
        paths: Choices = (),
        event_types: Choices = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"operator": ">=", "min_events": 1})
        super().__init__(*args, **kwargs)
        choose = [("", _("Choose…"))]
        self.fields["badge_class"].widget.choices = [*choose, *badges]
        self.fields["training_path"].widget.choices = [*choose, *paths]
        self.fields["event_type"].widget.choices = [*choose, *event_types]

    def requirement_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``services.tracks.add_requirement``."""
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "badge_class_id": data["badge_class"] or None,
            "training_path_id": data["training_path"] or None,
            "min_tenure_days": data["min_tenure_days"].strip() or None,
            "event_type_id": data["event_type"] or None,
            "metric": data["metric"],
            "aggregate": data["aggregate"],
            "operator": data["operator"],
            "threshold": data["threshold"].strip() or None,
            "window_days": data["window_days"].strip() or None,
            "min_events": data["min_events"].strip() or 1,
        }


class OrderForm(forms.Form):
    """A list's whole new order, as the move buttons post it (one ``ids`` per item). The
    ids go to the reorder service as they came: it is the one that says which are repeated,
    missing or not part of the list."""

    ids = forms.Field(required=False, widget=forms.MultipleHiddenInput())
