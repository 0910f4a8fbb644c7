"""Forms of HR's careers pages. They parse input; ``careers.services`` hold the rules.

Choice lists (badges, paths, tracks, event types, levels) are read once by the view and
handed to each form, so a page with one form per level costs no query per form. Their
widgets are selects, but the value goes to the service unchecked: the service is the one
that says "this badge was retired" or "this path is archived".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from careers.models import (
    MODULE_BODY_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    CareerTrack,
    Level,
    Module,
    Requirement,
)

Choices = Sequence[tuple[Any, str]]
NAME_MAX_LENGTH = CareerTrack._meta.get_field("name_en").max_length
TITLE_MAX_LENGTH = Module._meta.get_field("title_en").max_length
QUIZ_MAX_LENGTH = 20000


def _select(label: Any, *, required: bool = False, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, help_text=help_text, widget=forms.Select()
    )


def _number(label: Any, *, help_text: Any = "", step: str = "1") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        help_text=help_text,
        max_length=20,
        widget=forms.NumberInput(attrs={"step": step}),
    )


class _NamesForm(forms.Form):
    name_en = forms.CharField(label=_("Name (English)"), max_length=NAME_MAX_LENGTH)
    name_es = forms.CharField(label=_("Name (Spanish)"), max_length=NAME_MAX_LENGTH)


class _DescribedForm(_NamesForm):
    description_en = forms.CharField(
        label=_("Description (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    description_es = forms.CharField(
        label=_("Description (Spanish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# --- Tracks, levels, requirements -----------------------------------------------------------


class TrackForm(_DescribedForm):
    pass


class TrackEditForm(_DescribedForm):
    active = forms.BooleanField(
        label=_("Active"),
        required=False,
        help_text=_("Archived tracks stay in people's history but nobody can aim for them."),
    )


class CopyTrackForm(_NamesForm):
    pass


class LevelForm(_DescribedForm):
    pass


class AddLevelForm(_DescribedForm):
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
    badge_class = _select(_("Badge"))
    training_path = _select(_("Training path"))
    min_tenure_days = _number(_("Days in the current level"))
    event_type = _select(_("Event type"))
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
    threshold = _number(_("Threshold"), step="any")
    window_days = _number(_("Period (days)"), help_text=_("Counted back from today."))
    min_events = _number(_("At least this many events"))

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


# --- Training paths and modules ----------------------------------------------------------


class PathForm(_DescribedForm):
    track = _select(_("Track"), help_text=_("Shown under this track in the catalog."))
    badge_class = _select(_("Badge on completion"))
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
            "name_en": data["name_en"],
            "name_es": data["name_es"],
            "description_en": data["description_en"],
            "description_es": data["description_es"],
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


QUIZ_HELP = _(
    "One question per block, blocks separated by an empty line. The first line is the "
    "question, each following line an answer; start the right answers with *. Add the "
    "Spanish after a |, e.g. “* Listen first | Escuchar primero”."
)


class QuizFormatError(ValueError):
    pass


def parse_quiz(text: str) -> list[dict[str, Any]]:
    """Read the quiz textarea into ``services.training.add_module``'s ``questions``.

    A block is a question line followed by answer lines; "*" marks a right answer and
    "English | Spanish" gives both texts (the Spanish defaults to the English).
    """
    questions: list[dict[str, Any]] = []
    problems: list[str] = []
    block: list[tuple[int, str]] = []
    lines = [*text.replace("\r\n", "\n").split("\n"), ""]
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if line:
            block.append((number, line))
            continue
        if not block:
            continue
        (first, prompt), answers = block[0], block[1:]
        n = len(questions) + 1
        if prompt.startswith("*"):
            problems.append(
                _("Line %(line)s: question %(n)s starts with *; only answers are marked right.")
                % {"line": first, "n": n}
            )
        prompt_en, prompt_es = _both(prompt)
        choices = []
        for _line, answer in answers:
            correct = answer.startswith("*")
            text_en, text_es = _both(answer.lstrip("*").strip())
            choices.append({"text_en": text_en, "text_es": text_es, "correct": correct})
        if len(choices) < 2:
            problems.append(
                _("Line %(line)s: question %(n)s needs two or more answers, one per line.")
                % {"line": first, "n": n}
            )
        elif not any(c["correct"] for c in choices):
            problems.append(
                _("Line %(line)s: question %(n)s has no right answer; start it with *.")
                % {"line": first, "n": n}
            )
        if not prompt_en or any(not c["text_en"] for c in choices):
            problems.append(
                _("Line %(line)s: question %(n)s has an empty English text before a |.")
                % {"line": first, "n": n}
            )
        questions.append({"prompt_en": prompt_en, "prompt_es": prompt_es, "choices": choices})
        block = []
    if problems:
        raise QuizFormatError(problems)
    return questions


def _both(text: str) -> tuple[str, str]:
    english, _bar, spanish = text.partition("|")
    return english.strip(), spanish.strip() or english.strip()


def format_quiz(module: Module) -> str:
    """The module's quiz written back in the textarea format ``parse_quiz`` reads."""

    def both(english: str, spanish: str) -> str:
        return english if spanish in ("", english) else f"{english} | {spanish}"

    blocks = []
    for question in module.questions.all():
        lines = [both(question.prompt_en, question.prompt_es)]
        lines += [
            ("* " if choice.correct else "") + both(choice.text_en, choice.text_es)
            for choice in question.choices.all()
        ]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


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
    quiz = forms.CharField(
        label=_("Quiz questions"),
        required=False,
        max_length=QUIZ_MAX_LENGTH,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "code", "spellcheck": "false"}),
        help_text=QUIZ_HELP,
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
                    "quiz": format_quiz(module),
                },
            )
        super().__init__(*args, **kwargs)

    def clean_quiz(self) -> list[dict[str, Any]]:
        try:
            return parse_quiz(self.cleaned_data["quiz"])
        except QuizFormatError as exc:
            raise forms.ValidationError(exc.args[0]) from exc

    def module_fields(self) -> dict[str, Any]:
        """Keyword arguments for ``add_module`` / ``update_module``."""
        data = self.cleaned_data
        return {
            "title_en": data["title_en"],
            "title_es": data["title_es"],
            "body_en": data["body_en"],
            "body_es": data["body_es"],
            "url": data["url"],
            "estimated_minutes": data["estimated_minutes"],
            "pass_mark": data["pass_mark"],
            "questions": data["quiz"],
        }


# --- Promotions and levels ---------------------------------------------------------------


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Why not (the agent and their lead read it)"),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Tell the agent and their lead why.")},
    )


class SetLevelForm(forms.Form):
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, choices=())
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=300,
        help_text=_("Kept in the person's level history, e.g. “Joined as Agent II”."),
    )

    def __init__(self, *args: Any, levels: Sequence[Level] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.levels = {level.pk: level for level in levels}
        self.fields["level"].choices = [
            ("", _("Choose…")),
            *((level.pk, f"{level.track.name} · {level.name}") for level in levels),
        ]

    def clean_level(self) -> Level:
        return self.levels[self.cleaned_data["level"]]


class ReadinessFilterForm(forms.Form):
    """``?level=``; anything that is not one of the levels reads as "every level"."""

    level = forms.TypedChoiceField(label=_("Target level"), coerce=int, required=False)

    def __init__(self, *args: Any, levels: Sequence[Level] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [
            ("", _("Every level")),
            *((level.pk, f"{level.track.name} · {level.name}") for level in levels),
        ]

    def level_id(self) -> int | None:
        if not self.is_valid():
            return None
        return self.cleaned_data.get("level") or None
