"""Forms of HR's recognition pages: company values, badges, rewards. They parse what the
page posts (both languages, numbers, days, a picture); the services in
``recognition.services.values``, ``badge_classes`` and ``reward_items`` hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from recognition.models import BadgeClass, RewardItem, ValueTag

IMAGE_TYPES = "image/png,image/jpeg,image/webp,image/gif"


def _text(label: Any, *, max_length: int | None = None, required: bool = True) -> forms.CharField:
    return forms.CharField(label=label, max_length=max_length, required=required)


def _area(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _image_field(help_text: Any) -> forms.FileField:
    """A plain file field: ``core.images`` checks the content, whoever calls the service."""
    return forms.FileField(
        label=_("Image"),
        required=False,
        help_text=help_text,
        widget=forms.FileInput(attrs={"accept": IMAGE_TYPES}),
    )


# The limits of core.images, said once for both forms.
_IMAGE_HELP = _("PNG, JPEG, WebP or GIF, up to 2 MB. Cuida keeps a copy of at most 512 px.")


class ValueForm(forms.Form):
    name_en = _text(_("Name (English)"), max_length=ValueTag._meta.get_field("name_en").max_length)
    name_es = _text(_("Name (Spanish)"), max_length=ValueTag._meta.get_field("name_es").max_length)
    description_en = _text(_("Description (English)"), max_length=200, required=False)
    description_es = _text(_("Description (Spanish)"), max_length=200, required=False)


class ValueEditForm(ValueForm):
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=32767,
        help_text=_("Values are listed from the lowest number."),
    )


class BadgeClassForm(forms.Form):
    name_en = _text(
        _("Name (English)"), max_length=BadgeClass._meta.get_field("name_en").max_length
    )
    name_es = _text(
        _("Name (Spanish)"), max_length=BadgeClass._meta.get_field("name_es").max_length
    )
    description_en = _area(
        _("Description (English)"), help_text=_("Empty: the Spanish text is shown.")
    )
    description_es = _area(_("Description (Spanish)"), required=True)
    criteria_en = _area(
        _("How to earn it (English)"), help_text=_("Empty: the Spanish text is shown.")
    )
    criteria_es = _area(_("How to earn it (Spanish)"), required=True)
    repeatable = forms.BooleanField(
        label=_("Can be earned more than once"),
        required=False,
        help_text=_("Off: a person holds this badge at most once."),
    )
    image = _image_field(
        format_lazy(
            "{} {}", _IMAGE_HELP, _("Without one, Cuida draws the badge's initials on a medal.")
        )
    )

    def texts(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in (
                "name_en",
                "name_es",
                "description_en",
                "description_es",
                "criteria_en",
                "criteria_es",
            )
        }


class BadgeClassEditForm(BadgeClassForm):
    generate_image = forms.BooleanField(
        label=_("Replace the image with a generated one"),
        required=False,
        help_text=_("The badge's initials on a medal, from its Spanish name."),
    )


class RewardItemForm(forms.Form):
    name_en = _text(
        _("Name (English)"), max_length=RewardItem._meta.get_field("name_en").max_length
    )
    name_es = _text(
        _("Name (Spanish)"), max_length=RewardItem._meta.get_field("name_es").max_length
    )
    description_en = _area(
        _("Description (English)"), help_text=_("Empty: the Spanish text is shown.")
    )
    description_es = _area(_("Description (Spanish)"))
    cost = forms.IntegerField(label=_("Cost in points"), min_value=1, max_value=1_000_000)
    stock = forms.IntegerField(
        label=_("Stock"),
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text=_("Empty means unlimited."),
    )
    available_from = forms.DateField(
        label=_("Available from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Empty: from now on."),
    )
    available_until = forms.DateField(
        label=_("Available until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day agents can ask for it. Empty: no end."),
    )
    image = _image_field(_IMAGE_HELP)

    def fields_for_service(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in (
                "name_en",
                "name_es",
                "description_en",
                "description_es",
                "cost",
                "stock",
                "available_from",
                "available_until",
            )
        }


class RewardItemEditForm(RewardItemForm):
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)
