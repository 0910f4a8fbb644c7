"""Forms of the training editor: paths and their modules (the quiz's rows are a formset,
see ``careers.hr_forms.quiz``)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careers.hr_forms.common import Choices, DescribedForm, select_field
from careers.models import MODULE_BODY_MAX_LENGTH, NAMED_BILINGUAL_FIELDS, Module

TITLE_MAX_LENGTH = Module._meta.get_field("title_en").max_length


class PathForm(DescribedForm):
    track = select_field(_("Track"), help_text=_("Shown under this track in the catalog."))
    badge_class = select_field(_("Badge on completion"))
    points = forms.IntegerField(label=_("Points on completion"), min_value=0, initial=0)

    def __init__(
        self, *args: Any, tracks: Choices = (), badges: Choices = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["track"].widget.choices = [("", _("None")), *tracks]
        self.fields["badge_class"].widget.choices = [("", _("None")), *badges]

    def path_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            **{name: data[name] for name in NAMED_BILINGUAL_FIELDS},
            "track_id": data["track"] or None,
            "badge_class_id": data["badge_class"] or None,
            "points": data["points"],
        }


class PathEditForm(PathForm):
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Archived paths keep their enrollments but take no new ones."),
    )

    def path_fields(self) -> dict[str, Any]:
        return {**super().path_fields(), "active": self.cleaned_data["active"]}


class ModuleForm(forms.Form):
    title_en = forms.CharField(label=_("Title (English)"), max_length=TITLE_MAX_LENGTH)
    title_es = forms.CharField(label=_("Title (Spanish)"), max_length=TITLE_MAX_LENGTH)
    body_en = forms.CharField(
        label=_("Text (English, Markdown)"),
        required=False,
        max_length=MODULE_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10, "class": "code"}),
        help_text=_("**bold**, *italic*, - lists, [links](https://…). Or give a link instead."),
    )
    body_es = forms.CharField(
        label=_("Text (Spanish, Markdown)"),
        required=False,
        max_length=MODULE_BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10, "class": "code"}),
    )
    url = forms.CharField(
        label=_("Link"),
        required=False,
        max_length=200,
        widget=forms.URLInput(),
        help_text=_("A video or a page to read, starting with https://."),
    )
    estimated_minutes = forms.IntegerField(
        label=_("Estimated minutes"), min_value=1, max_value=600, initial=10
    )
    pass_mark = forms.IntegerField(
        label=_("Quiz pass mark (%)"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Leave empty, with no questions, when the module has no quiz."),
    )

    def __init__(self, *args: Any, module: Module | None = None, **kwargs: Any) -> None:
        if module is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title_en": module.title_en,
                    "title_es": module.title_es,
                    "body_en": module.body_en,
                    "body_es": module.body_es,
                    "url": module.url,
                    "estimated_minutes": module.estimated_minutes,
                    "pass_mark": module.pass_mark,
                },
            )
        super().__init__(*args, **kwargs)

    def module_fields(self, questions: list[dict[str, Any]]) -> dict[str, Any]:
        """Keyword arguments for ``add_module`` / ``update_module``, with the quiz's
        ``questions`` (``QuestionFormSet.questions``)."""
        data = self.cleaned_data
        return {
            "title_en": data["title_en"],
            "title_es": data["title_es"],
            "body_en": data["body_en"],
            "body_es": data["body_es"],
            "url": data["url"],
            "estimated_minutes": data["estimated_minutes"],
            "pass_mark": data["pass_mark"],
            "questions": questions,
        }
