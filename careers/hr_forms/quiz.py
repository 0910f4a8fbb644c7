"""A module's quiz as rows: one form per question (its text in both languages) with a fixed
set of answer slots, each with its texts and a "right answer" box; several answers may be
right (``QuizChoice.correct``). Blank slots and blank questions are left out, so the page
works without JavaScript: "Add a question" posts the form back with one more empty row.
``careers.services.modules`` holds the rules (two answers or more, one right at least)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from careers.models import Module, QuizChoice, QuizQuestion
from careers.services.modules import MAX_QUESTIONS

MAX_CHOICES = 6
# Choices past these stay folded on the page until one of them is filled.
SHOWN_CHOICES = 3
PROMPT_MAX_LENGTH = QuizQuestion._meta.get_field("prompt_en").max_length
CHOICE_MAX_LENGTH = QuizChoice._meta.get_field("text_en").max_length


class QuestionForm(forms.Form):
    prompt_en = forms.CharField(
        label=_("Question (English)"), required=False, max_length=PROMPT_MAX_LENGTH
    )
    prompt_es = forms.CharField(
        label=_("Question (Spanish)"), required=False, max_length=PROMPT_MAX_LENGTH
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(MAX_CHOICES):
            self.fields[f"choice_{n}_en"] = forms.CharField(
                label=_("Answer %(n)s (English)") % {"n": n + 1},
                required=False,
                max_length=CHOICE_MAX_LENGTH,
            )
            self.fields[f"choice_{n}_es"] = forms.CharField(
                label=_("Answer %(n)s (Spanish)") % {"n": n + 1},
                required=False,
                max_length=CHOICE_MAX_LENGTH,
            )
            self.fields[f"choice_{n}_correct"] = forms.BooleanField(
                label=_("Right answer"), required=False
            )

    def choice_rows(self) -> list[dict[str, Any]]:
        """The answer slots for the template: each one's three fields, and whether it is
        folded (a slot past ``SHOWN_CHOICES`` that is still empty)."""
        rows = []
        for n in range(MAX_CHOICES):
            en, es = self[f"choice_{n}_en"], self[f"choice_{n}_es"]
            rows.append(
                {
                    "number": n + 1,
                    "en": en,
                    "es": es,
                    "correct": self[f"choice_{n}_correct"],
                    "extra": n >= SHOWN_CHOICES,
                    "filled": bool(en.value() or es.value()),
                }
            )
        return rows

    def extra_choices_filled(self) -> bool:
        return any(row["filled"] for row in self.choice_rows()[SHOWN_CHOICES:])

    def is_blank(self) -> bool:
        """Nothing typed at all: the row is left out of the quiz."""
        data = self.cleaned_data
        return not any(
            str(data.get(name) or "").strip()
            for name in data
            if name.startswith(("prompt_", "choice_")) and not name.endswith("_correct")
        )

    def question(self) -> dict[str, Any]:
        """This row in the shape ``add_module``/``update_module`` take."""
        data = self.cleaned_data
        choices = [
            {
                "text_en": data[f"choice_{n}_en"],
                "text_es": data[f"choice_{n}_es"],
                "correct": data[f"choice_{n}_correct"],
            }
            for n in range(MAX_CHOICES)
            if data[f"choice_{n}_en"].strip() or data[f"choice_{n}_es"].strip()
        ]
        return {"prompt_en": data["prompt_en"], "prompt_es": data["prompt_es"], "choices": choices}


class BaseQuestionFormSet(forms.BaseFormSet):
    def questions(self) -> tuple[list[dict[str, Any]], list[int]]:
        """The quiz (rows neither blank nor removed) and, for each of its questions, the
        index of the row it came from, to put the service's errors back on that row."""
        questions, rows = [], []
        for index, form in enumerate(self.forms):
            if self.can_delete and form.cleaned_data.get(forms.formsets.DELETION_FIELD_NAME):
                continue
            if form.is_blank():
                continue
            questions.append(form.question())
            rows.append(index)
        return questions, rows


QuestionFormSet = forms.formset_factory(
    QuestionForm,
    formset=BaseQuestionFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_QUESTIONS,
    validate_max=True,
    absolute_max=MAX_QUESTIONS,
)
QUESTIONS_PREFIX = "questions"


def question_initial(module: Module | None) -> list[dict[str, Any]]:
    """The module's stored quiz as the rows' initial values (one empty row without one)."""
    if module is None or not module.questions.all():
        return [{}]
    initial = []
    for question in module.questions.all():
        row: dict[str, Any] = {"prompt_en": question.prompt_en, "prompt_es": question.prompt_es}
        for n, choice in enumerate(question.choices.all()[:MAX_CHOICES]):
            row[f"choice_{n}_en"] = choice.text_en
            row[f"choice_{n}_es"] = choice.text_es
            row[f"choice_{n}_correct"] = choice.correct
        initial.append(row)
    return initial


def question_formset(
    data: Any = None, *, module: Module | None = None, add_row: bool = False
) -> BaseQuestionFormSet:
    """The rows as posted (``data``), or as stored in ``module``. ``add_row``: the posted
    rows and one more empty one (the "Add a question" button), up to ``MAX_QUESTIONS``."""
    if data is None:
        return cast(
            BaseQuestionFormSet,
            QuestionFormSet(initial=question_initial(module), prefix=QUESTIONS_PREFIX),
        )
    if add_row:
        data = data.copy()
        key = f"{QUESTIONS_PREFIX}-TOTAL_FORMS"
        try:
            total = int(data.get(key, 0))
        except (TypeError, ValueError):
            total = 0
        data[key] = str(min(total + 1, MAX_QUESTIONS))
    return cast(BaseQuestionFormSet, QuestionFormSet(data, prefix=QUESTIONS_PREFIX))
