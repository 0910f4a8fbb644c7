from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.kinds import KINDS, NotificationKind
from notifications.models import Delivery, DeliveryHours, OutboundWebhook, TeamsChannel
from notifications.routing import Choice
from people.models import Team


class WebhookForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address of the tool that receives the events."),
    )
    event_kinds = forms.MultipleChoiceField(
        label=_("Events"),
        choices=OutboundWebhook.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )


class TeamsChannelForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    url = forms.URLField(
        label=_("Workflows webhook URL"),
        max_length=2000,
        assume_scheme="https",
        help_text=_(
            "In Teams: the channel's Workflows, “Post to a channel when a webhook request is "
            "received”; paste the URL it gives. It is stored encrypted and not shown again."
        ),
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label=_("The whole company"),
        help_text=_("Announcements of this team's people only, or of everyone."),
    )
    event_kinds = forms.MultipleChoiceField(
        label=_("Announcements"),
        choices=TeamsChannel.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
    )


# --- Where and when notifications arrive -------------------------------------------------------


def cell_name(kind: str, channel: str) -> str:
    """A grid field's name, ``kudos__email``: the browser tests post these."""
    return f"{kind}__{channel}"


CHANNEL_LABELS = dict(Delivery.Channel.choices)


class _KindChannelForm(forms.Form):
    """A field per kind (row) and channel (column), made by ``cell_field``."""

    def __init__(
        self,
        *args: Any,
        grid: Mapping[str, Mapping[str, Choice]],
        channels: Sequence[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.channels = list(channels)
        self.channel_labels = [CHANNEL_LABELS[channel] for channel in self.channels]
        for kind in KINDS:
            for channel in self.channels:
                field = self.cell_field(grid[kind.name][channel])
                field.label = f"{kind.label} · {CHANNEL_LABELS[channel]}"
                self.fields[cell_name(kind.name, channel)] = field

    def cell_field(self, choice: Choice) -> forms.Field:
        raise NotImplementedError

    def rows(self) -> list[tuple[NotificationKind, list[forms.BoundField]]]:
        return [
            (kind, [self[cell_name(kind.name, channel)] for channel in self.channels])
            for kind in KINDS
        ]

    def cell_values(self) -> dict[tuple[str, str], Any]:
        """Each cell's cleaned value, but for the ones shown disabled (locked by HR)."""
        return {
            (kind.name, channel): self.cleaned_data[cell_name(kind.name, channel)]
            for kind in KINDS
            for channel in self.channels
            if not self.fields[cell_name(kind.name, channel)].disabled
        }


class ChannelGridForm(_KindChannelForm):
    """A checkbox per kind and channel; a cell HR locked on shows checked and disabled."""

    def cell_field(self, choice: Choice) -> forms.Field:
        return forms.BooleanField(required=False, initial=choice.enabled, disabled=choice.locked)

    def has_locks(self) -> bool:
        return any(field.disabled for field in self.fields.values())

    def choices(self) -> dict[tuple[str, str], bool]:
        return {cell: bool(value) for cell, value in self.cell_values().items()}


class DeliveryHoursForm(forms.ModelForm):
    class Meta:
        model = DeliveryHours
        fields = ["quiet_hours_start", "quiet_hours_end", "shift_start", "shift_end", "daily_cap"]
        widgets = {
            name: forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
            for name in ("quiet_hours_start", "quiet_hours_end", "shift_start", "shift_end")
        }


class CompanyDefaultsForm(_KindChannelForm):
    """Per kind and channel: off, on, or on and locked for everyone."""

    OFF, ON, LOCKED = "off", "on", "locked"
    STATES = [(OFF, _("Off")), (ON, _("On")), (LOCKED, _("Always on"))]

    def cell_field(self, choice: Choice) -> forms.Field:
        state = self.LOCKED if choice.locked else self.ON if choice.default else self.OFF
        return forms.ChoiceField(choices=self.STATES, initial=state)

    def cells(self) -> dict[tuple[str, str], tuple[bool, bool]]:
        return {
            cell: (state != self.OFF, state == self.LOCKED)
            for cell, state in self.cell_values().items()
        }


class UnsubscribeForm(forms.Form):
    """The confirmation button; RFC 8058's one-click POST (``List-Unsubscribe=One-Click``)
    sends the same request without it."""


class SlackChannelForm(forms.Form):
    channel_id = forms.CharField(
        label=_("Public kudos channel"),
        max_length=32,
        required=False,
        help_text=_(
            "The channel's id (in Slack: the channel's details, at the bottom), e.g. "
            "C0123ABCD. Invite the app to the channel. Empty: kudos stay in Cuida."
        ),
    )


class AnnouncementForm(forms.Form):
    # The service checks lengths and the link too (a DomainError with field errors); the
    # form's limits let the browser say so first.
    message_en = forms.CharField(
        label=_("Message (English)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    message_es = forms.CharField(
        label=_("Message (Spanish)"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    url = forms.CharField(
        label=_("Link"),
        max_length=300,
        required=False,
        help_text=_("A page of Cuida, such as /recognition/catalog/."),
    )
