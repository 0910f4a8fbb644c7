"""What the careers API modules share: who may write, input validation and the output
shapes of people, levels, requirements and promotions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS
from rest_framework.views import APIView

from careers.models import (
    Requirement,
)
from careers.readiness import describe_requirement

if TYPE_CHECKING:
    from rest_framework.permissions import _PermissionClass, _SupportsHasPermission

TAGS = ["careers"]


class WritesNeed(APIView):
    """A view whose reads are for everyone its ``permission_classes`` let in and whose
    writes (POST, PATCH, DELETE) need its ``write_permission_classes`` too: HR's catalog
    editors, a lead assigning training. DRF checks both before the handler runs."""

    write_permission_classes: ClassVar[Sequence[_PermissionClass]] = ()

    def get_permissions(self) -> Sequence[_SupportsHasPermission]:
        classes = list(self.permission_classes)
        if self.request.method not in SAFE_METHODS:
            classes += self.write_permission_classes
        return [permission() for permission in classes]


def patched(
    data: Mapping[str, Any], instance: object, *names: str, **sent_as: str
) -> dict[str, Any]:
    """A PATCH's arguments for an update service that takes every field: each of ``names``
    as sent, else as ``instance`` has it now. ``sent_as`` names the input field an argument
    comes from when they differ (``track_id="track"``)."""
    values = {name: data.get(name, getattr(instance, name)) for name in names}
    values.update({arg: data.get(field, getattr(instance, arg)) for arg, field in sent_as.items()})
    return values


@extend_schema_field(OpenApiTypes.STR)
class CodeChoiceField(serializers.ChoiceField):
    """A choice documented as a plain string (the values go in ``help_text``): the schema's
    ``KindEnum`` and ``StatusEnum`` already name other apps' choices, and a second "kind" or
    "status" enum would rename those components for every client."""


# --- Shared output shapes ---------------------------------------------------------------


class CareerPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


# A catalog record named by id, slug and name in the reader's language. Each kind keeps its
# own subclass: the class name is the schema component clients know.
class _SlugRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class TrackRefSerializer(_SlugRefSerializer):
    pass


class LevelRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.IntegerField(help_text="1 is the first level of its track.")
    track_id = serializers.IntegerField()


class HeldLevelSerializer(serializers.Serializer):
    level = LevelRefSerializer()
    since = serializers.DateTimeField(source="started_at")


class CareerBadgeRefSerializer(_SlugRefSerializer):
    pass


class TrainingPathRefSerializer(_SlugRefSerializer):
    pass


class CareerEventTypeRefSerializer(_SlugRefSerializer):
    pass


# The fields each kind of requirement sets; the others answer null (check constraint
# ``requirement_fields_match_kind`` in careers/models.py).
_KIND_FIELDS: dict[str, set[str]] = {
    Requirement.Kind.BADGE: {"badge"},
    Requirement.Kind.TRAINING: {"training_path"},
    Requirement.Kind.TENURE: {"min_tenure_days"},
    Requirement.Kind.METRIC: {
        "event_type",
        "metric",
        "aggregate",
        "operator",
        "threshold",
        "window_days",
        "min_events",
    },
    Requirement.Kind.ENDORSEMENT: set(),
}
_ALL_KIND_FIELDS = set().union(*_KIND_FIELDS.values())


class RequirementOutputSerializer(serializers.Serializer):
    """One condition of a level. ``kind`` says which fields are set; the others are null."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField(help_text="badge, training, tenure, metric or endorsement")
    kind_label = serializers.CharField(source="get_kind_display")
    summary = serializers.SerializerMethodField()
    badge = CareerBadgeRefSerializer(source="badge_class", allow_null=True, help_text="badge")
    training_path = TrainingPathRefSerializer(allow_null=True, help_text="training")
    min_tenure_days = serializers.IntegerField(allow_null=True, help_text="tenure")
    event_type = CareerEventTypeRefSerializer(allow_null=True, help_text="metric")
    metric = serializers.CharField(
        allow_null=True, help_text="metric: the event's metric (empty when counting events)"
    )
    aggregate = serializers.CharField(allow_null=True, help_text="metric: mean, sum or count")
    operator = serializers.CharField(allow_null=True, help_text="metric: >= or <=")
    threshold = serializers.FloatField(allow_null=True, help_text="metric")
    window_days = serializers.IntegerField(allow_null=True, help_text="metric")
    min_events = serializers.IntegerField(allow_null=True, help_text="metric")

    def get_summary(self, requirement: Requirement) -> str:
        # tracks() and get_level_detail() load the badge, path and event type it names.
        return describe_requirement(requirement)

    def to_representation(self, instance: Requirement) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in _ALL_KIND_FIELDS - _KIND_FIELDS.get(instance.kind, set()):
            data[name] = None
        return data


class NamedBilingualSerializer(serializers.Serializer):
    """The name and description of a track, level or path: in the reader's language and
    both as written."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_es = serializers.CharField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    description_es = serializers.CharField()


class LevelOutputSerializer(NamedBilingualSerializer):
    track_id = serializers.IntegerField()
    position = serializers.IntegerField()
    requirements = RequirementOutputSerializer(many=True)


class TrackOutputSerializer(NamedBilingualSerializer):
    slug = serializers.CharField()
    active = serializers.BooleanField()
    levels = LevelOutputSerializer(many=True)


class RequirementStatusOutputSerializer(serializers.Serializer):
    """Whether a person meets one requirement, and the records that show it."""

    requirement_id = serializers.IntegerField()
    kind = serializers.CharField()
    met = serializers.BooleanField()
    summary = serializers.CharField()
    evidence = serializers.CharField()
    current = serializers.FloatField(allow_null=True, help_text="tenure and metric")
    target = serializers.FloatField(allow_null=True, help_text="tenure and metric")
    events = serializers.IntegerField(allow_null=True, help_text="metric: events counted")


class PromotionBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    to_level = LevelRefSerializer()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()


class PromotionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    agent = CareerPersonSerializer()
    from_level = LevelRefSerializer(allow_null=True)
    to_level = LevelRefSerializer()
    status = serializers.CharField(help_text="endorsed, approved, declined or withdrawn")
    status_label = serializers.CharField(source="get_status_display")
    endorsed_by = CareerPersonSerializer(allow_null=True)
    endorsement_note = serializers.CharField()
    readiness_percent = serializers.IntegerField(help_text="Readiness when endorsed.")
    evidence = RequirementStatusOutputSerializer(
        source="localized_evidence", many=True, help_text="What the lead saw when endorsing."
    )
    decided_by = CareerPersonSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
