from django import forms
from django.utils.translation import gettext_lazy as _

from people.models import ApiToken, Language, User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language", "time_zone"]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    next = forms.CharField(required=False)


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Label"),
        max_length=ApiToken._meta.get_field("name").max_length,
        required=False,
        help_text=_("What the token is for, so you know which one to revoke later."),
    )
