from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.models import OutboundWebhook


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
