"""Forms of HR's wellbeing content pages (check-in tags, care resources). They parse what
HR typed; ``wellbeing.services.mood_tags`` and ``care_resources`` hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from wellbeing.models import CareResource, MoodTag
from wellbeing.services.care_resources import BODY_MAX_LENGTH, PHONE_MAX_LENGTH

TAG_NAME_MAX_LENGTH = MoodTag._meta.get_field("name_en").max_length
TITLE_MAX_LENGTH = CareResource._meta.get_field("title_en").max_length


class MoodTagForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=TAG_NAME_MAX_LENGTH)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=TAG_NAME_MAX_LENGTH)


class CareResourceForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_MAX_LENGTH)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=TITLE_MAX_LENGTH)
    body_en = forms.CharField(
        label=_("Text (English)"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Left empty, English readers see the Spanish text."),
    )
    body_es = forms.CharField(
        label=_("Text (Spanish)"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # A plain text field: the service says what is wrong with a link (URLField would turn
    # "example.org" into "http://example.org" behind HR's back).
    url = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=200,
        widget=forms.URLInput(),
        help_text=_("A page to read, starting with https://."),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=PHONE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        help_text=_("A helpline agents can call with one tap, e.g. +34 900 123 456."),
    )


class ActiveForm(forms.Form):
    """The deactivate / reactivate button: ``active=1`` brings it back, ``0`` retires it."""

    active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")


class OrderForm(forms.Form):
    """The whole new order, as the move buttons post it (one ``ids`` per item); the
    service says what is wrong with it."""

    ids = forms.Field(required=False, widget=forms.MultipleHiddenInput())
