"""The shape of one performance event: the single definition that the events API documents
(``EventIngestApi``'s schema) and that ingestion validates every event with, whether it
came from the API, HR's CSV import or the simulator (``services.ingestion``)."""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField, empty
from rest_framework.validators import ProhibitSurrogateCharactersValidator

MAX_TEXT = 2000
MAX_EXCLUSION_REASON = 200  # PerformanceEvent.exclusion_reason
MAX_FUTURE = dt.timedelta(minutes=5)
# jsonb refuses infinity and sums of bigger numbers lose every digit that matters.
MAX_METRIC = 1e15


if TYPE_CHECKING:  # the mixin goes before a text field: to the type checker it is one
    _TextField = serializers.CharField
else:
    _TextField = object


class FastTextMixin(_TextField):
    """DRF's surrogate check walks the string in Python, character by character; encoding
    it finds the same in C. At a thousand events per request that matters (the benchmark:
    ``bench/bench_ingestion.py``)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = [
            v for v in self.validators if not isinstance(v, ProhibitSurrogateCharactersValidator)
        ]

    def run_validators(self, value: Any) -> None:
        super().run_validators(value)
        try:
            value.encode()
        except UnicodeEncodeError:
            ProhibitSurrogateCharactersValidator()(value)  # raises with DRF's message


class IdentifierField(FastTextMixin, serializers.CharField):
    """A string id; whole numbers are taken too, as tools send them (``1001``)."""

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, str | int):
            self.fail("invalid")
        return super().to_internal_value(str(data))


class EmailField(FastTextMixin, serializers.EmailField):
    """An e-mail address, checked as DRF does."""


class TextField(FastTextMixin, serializers.CharField):
    """Only a JSON string: ``42`` is not text."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date-time with its offset, and not in the future (a clock may run a
    few minutes fast: ``MAX_FUTURE``). Kept in UTC, the same instant as sent."""

    default_error_messages = {
        "naive": _("Add a time zone offset (e.g. Z or -06:00)."),
        "future": _("Cannot be in the future."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=[ISO_8601], default_timezone=dt.UTC, **kwargs)

    def enforce_timezone(self, value: dt.datetime) -> dt.datetime:
        if timezone.is_naive(value):
            self.fail("naive")
        return super().enforce_timezone(value)

    def to_internal_value(self, value: Any) -> dt.datetime:
        if not isinstance(value, str):  # a number of seconds is not ISO 8601
            self.fail("invalid", format="YYYY-MM-DDThh:mm[:ss[.uuuuuu]][+HH:MM|-HH:MM|Z]")
        parsed = super().to_internal_value(value)
        if parsed > self.context["now"] + MAX_FUTURE:
            self.fail("future")
        return parsed


class StrictBooleanField(serializers.BooleanField):
    """Only JSON ``true`` or ``false``: ``"yes"`` or ``1`` from a tool is a mistake to
    report, not a guess to make (the CSV import turns its cells into booleans itself)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid", input=data)
        return data


class MetricField(serializers.FloatField):
    """A JSON number, kept as sent (an integer stays an integer), finite and within
    ±``MAX_METRIC``. A numeric string or a boolean is not a number here."""

    default_error_messages = {"range": _("Must be a finite number within ±{limit}.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=-MAX_METRIC, max_value=MAX_METRIC, **kwargs)
        # The range check below covers them, for integers too big for a float as well.
        self.validators = []

    def to_internal_value(self, data: Any) -> int | float:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        try:
            usable = math.isfinite(data) and abs(data) <= MAX_METRIC
        except OverflowError:  # an integer beyond any float
            usable = False
        if not usable:
            self.fail("range", limit=f"{MAX_METRIC:g}")
        return data


class MetricsField(serializers.DictField):
    """Metric names are short printable text: the database stores them as JSON keys."""

    default_error_messages = {"name": _("Metric names are 1 to {max_length} characters.")}
    max_name_length = 60  # careers' Requirement.metric

    def to_internal_value(self, data: Any) -> dict[str, Any]:
        if not isinstance(data, dict):
            self.fail("not_a_dict", input_type=type(data).__name__)
        # The child's own checks, called directly: DRF's per-value plumbing would cost more.
        check = self.child.to_internal_value
        errors: dict[str, Any] = {}
        for name, value in data.items():
            if not 0 < len(name) <= self.max_name_length or not name.isprintable():
                self.fail("name", max_length=self.max_name_length)
            try:
                check(value)
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
        if errors:
            raise serializers.ValidationError(errors)
        return data


class EventTypeField(serializers.CharField):
    """The slug of an active event type; answers the ``EventType`` (from the context, so
    a batch of a thousand events reads the types once)."""

    default_error_messages = {"unknown": _("Unknown event type. Known: {known}.")}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = []  # it answers an EventType, not text

    def to_internal_value(self, data: Any) -> Any:
        types = self.context["types"]
        if not isinstance(data, str) or data not in types:
            self.fail("unknown", known=", ".join(sorted(types)))
        return types[data]


class EventInputSerializer(serializers.Serializer):
    """One event. Give exactly one of ``email`` and ``agent_external_id``; no other fields.
    A bad event is rejected on its own: the good ones beside it are stored."""

    # Context: ``types`` (the active event types by slug) and ``now``.

    default_error_messages = {
        "not_an_object": _("Each event must be a JSON object."),
        "one_agent": _("Give exactly one of “email” or “agent_external_id”."),
        "unknown_fields": _("Unknown fields: %(fields)s."),
        "reason_without_exclusion": _("Give a reason only with “excluded”: true."),
    }

    external_id = IdentifierField(max_length=120)
    email = EmailField(required=False, allow_blank=True, allow_null=True)
    agent_external_id = IdentifierField(
        required=False, allow_blank=True, allow_null=True, max_length=120
    )
    type = EventTypeField(
        source="event_type", help_text="call_completed, csat_response, qa_review, …"
    )
    occurred_at = AwareDateTimeField(help_text="ISO 8601 with a time zone")
    metrics = MetricsField(child=MetricField(), required=False, default=dict)
    text = TextField(
        required=False, allow_blank=True, allow_null=True, default="", max_length=MAX_TEXT
    )
    # An outage or coaching time: stored and shown, never counted by any rule.
    excluded = StrictBooleanField(
        required=False, default=False, help_text="true: no rule counts this event."
    )
    exclusion_reason = TextField(
        required=False,
        allow_blank=True,
        allow_null=True,
        default="",
        max_length=MAX_EXCLUSION_REASON,
        help_text="Why it is excluded (an outage, coaching time); only with excluded.",
    )

    def run_validation(self, data: Any = empty) -> dict[str, Any]:
        # No serializer-level validators or ``validate()``: everything is in the fields and
        # in ``to_internal_value``.
        if not isinstance(data, dict):
            raise serializers.ValidationError({"event": [self.error_messages["not_an_object"]]})
        return self.to_internal_value(data)

    def to_internal_value(self, data: dict[str, Any]) -> dict[str, Any]:
        # Every fault of the event at once: the field errors and the checks across fields.
        # Field by field as DRF's own loop does, without its plumbing for HTML forms and
        # partial updates, which costs more than the fields at a thousand events a request.
        errors: dict[str, Any] = {}
        clean: dict[str, Any] = {}
        for name, field in self.fields.items():
            try:
                clean[str(field.source)] = field.run_validation(data.get(name, empty))
            except serializers.ValidationError as exc:
                errors[name] = exc.detail
            except SkipField:
                pass
        if bool(data.get("email")) == bool(data.get("agent_external_id")):
            errors["agent"] = [self.error_messages["one_agent"]]
        if clean.get("exclusion_reason") and "excluded" not in errors and not clean["excluded"]:
            errors["exclusion_reason"] = [self.error_messages["reason_without_exclusion"]]
        unknown = data.keys() - self.fields.keys()
        if unknown:
            errors["fields"] = [
                self.error_messages["unknown_fields"] % {"fields": ", ".join(sorted(unknown))}
            ]
        if errors:
            raise serializers.ValidationError(errors)
        clean["email"] = clean["email"].lower() if clean.get("email") else None
        clean["agent_external_id"] = clean.get("agent_external_id") or None
        clean["text"] = clean["text"] or ""
        clean["exclusion_reason"] = clean["exclusion_reason"] or ""
        return clean
