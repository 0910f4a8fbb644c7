"""A module's quiz as HR write it: one block per question in a textarea, read into the
service's ``questions`` and written back for editing."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from careers.models import Module

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
