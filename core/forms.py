"""Helpers the page views of every app share."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms

from core.fields import MAX_ID


class ModelMultipleIdField(forms.ModelMultipleChoiceField):
    """Rows chosen by id, where an id beyond the database's integers is an invalid choice
    like any unknown one: Django would put it in an ``IN (...)`` that SQLite's driver cannot
    even send (``OverflowError``). The API's counterpart is ``core.fields.IdField``."""

    def _check_values(self, value: Any) -> Any:
        if (self.to_field_name or "pk") == "pk":
            for pk in value:
                if str(pk).isdigit() and not 0 < int(pk) <= MAX_ID:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": pk},
                    )
        return super()._check_values(value)  # type: ignore[misc]  # private, not in the stubs


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a short list (tags, values), read once per form with a plain query.

    Django's iterator reads the options through ``QuerySet.iterator()``, which on PostgreSQL
    is a server-side cursor (DECLARE, FETCH, CLOSE) each time the field is rendered or
    validated, and counts them with one more query for ``len()``: half of the check-in
    page's time for a dozen tags. A list of a few dozen rows needs none of that.
    """

    def _objects(self) -> list[Any]:
        field = self.field
        if getattr(field, "_listed_options", None) is None:
            field._listed_options = list(self.queryset)  # type: ignore[attr-defined]
        return field._listed_options  # type: ignore[attr-defined]

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self._objects():
            yield self.choice(obj)

    def __len__(self) -> int:
        return len(self._objects()) + (self.field.empty_label is not None)


class ListedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of a short list of model rows (see ``ListedChoiceIterator``)."""

    iterator = ListedChoiceIterator

    def _set_queryset(self, queryset: Any) -> None:
        # A new queryset (each form's copy of the field gets one) reads its options afresh.
        self._listed_options = None
        super()._set_queryset(queryset)  # type: ignore[misc]  # private, not in the stubs

    queryset = property(
        forms.ModelMultipleChoiceField._get_queryset,  # type: ignore[attr-defined]
        _set_queryset,
    )
