from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import OutboundWebhook, TeamsChannel
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


class AnnouncementForm(forms.Form):
    # The service checks lengths and the link too (core.exceptions.ValidationError); the
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
