"""Careers API: tracks with their levels and requirements, training paths and enrollments,
career plans and the promotion workflow. One view per operation with nested input/output
serializers; services write and check permissions, selectors read.

Two things never leave here for the wrong reader: a plan's private notes go out only
through ``MyPlanApi`` (the agent's own plan), and which quiz answer is correct only through
HR's module editor (``ModuleDetailApi``).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careers import selectors
from careers.models import (
    GOAL_MAX_LENGTH,
    MODULE_BODY_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    CareerTrack,
    Enrollment,
    Goal,
    LevelHistory,
    Module,
    Promotion,
    Requirement,
)
from careers.readiness import readiness_of
from careers.services import plans as plan_services
from careers.services import promotions as promotion_services
from careers.services import tracks as track_services
from careers.services import training as training_services
from people.permissions import is_hr, is_lead
from people.selectors import get_team_led_by_or_hr

TAGS = ["careers"]


def _require_hr(request: Request) -> None:
    if not is_hr(request.user):
        raise PermissionDenied(_("Only HR can do this."))


def _require_lead_or_hr(request: Request) -> None:
    if not (is_lead(request.user) or is_hr(request.user)):
        raise PermissionDenied(_("Only team leads and HR can do this."))


def _validated(serializer_class: type[serializers.Serializer], request: Request) -> Any:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_field(OpenApiTypes.STR)
class CodeChoiceField(serializers.ChoiceField):
    """A choice documented as a plain string (the values go in ``help_text``): the schema's
    ``KindEnum`` and ``StatusEnum`` already name other apps' choices, and a second "kind" or
    "status" enum would rename those components for every client."""


# --- Shared output shapes ---------------------------------------------------------------


class CareerPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class TrackRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class LevelRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    position = serializers.IntegerField(help_text="1 is the first level of its track.")
    track_id = serializers.IntegerField()


class HeldLevelSerializer(serializers.Serializer):
    level = LevelRefSerializer()
    since = serializers.DateTimeField(source="started_at")


class CareerBadgeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class TrainingPathRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


class CareerEventTypeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()


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
        return selectors.requirement_summary(requirement=requirement)

    def to_representation(self, instance: Requirement) -> dict[str, Any]:
        data = super().to_representation(instance)
        for name in _ALL_KIND_FIELDS - _KIND_FIELDS.get(instance.kind, set()):
            data[name] = None
        return data


class LevelOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    track_id = serializers.IntegerField()
    position = serializers.IntegerField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_es = serializers.CharField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    description_es = serializers.CharField()
    requirements = RequirementOutputSerializer(many=True)


class TrackOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_es = serializers.CharField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    description_es = serializers.CharField()
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
        many=True, help_text="What the lead saw when endorsing."
    )
    decided_by = CareerPersonSerializer(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


# --- Tracks, levels and requirements ------------------------------------------------------


class TrackListCreateApi(ListAPIView):
    """Career tracks with their levels and each level's requirements; HR add tracks."""

    serializer_class = TrackOutputSerializer

    class FilterSerializer(serializers.Serializer):
        include_inactive = serializers.BooleanField(required=False, default=False)

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120)
        name_es = serializers.CharField(max_length=120)
        description_en = serializers.CharField(required=False, allow_blank=True, default="")
        description_es = serializers.CharField(required=False, allow_blank=True, default="")

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter("include_inactive", bool, description="HR only: archived too")
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        include_inactive = filters.validated_data["include_inactive"]
        if include_inactive:
            _require_hr(self.request)
        return selectors.tracks(include_inactive=include_inactive)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: TrackOutputSerializer})
    def post(self, request: Request) -> Response:
        _require_hr(request)
        data = _validated(self.InputSerializer, request)
        track = track_services.create_track(actor=request.user, **data)
        return Response(
            TrackOutputSerializer(selectors.get_track(pk=track.pk)).data,
            status=status.HTTP_201_CREATED,
        )


def _visible_track(request: Request, pk: int) -> CareerTrack:
    track = selectors.get_track(pk=pk)
    if not track.active and not is_hr(request.user):
        raise Http404
    return track


class TrackDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120, required=False)
        name_es = serializers.CharField(max_length=120, required=False)
        description_en = serializers.CharField(required=False, allow_blank=True)
        description_es = serializers.CharField(required=False, allow_blank=True)
        active = serializers.BooleanField(required=False)

    @extend_schema(tags=TAGS, responses=TrackOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(TrackOutputSerializer(_visible_track(request, pk)).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrackOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        track = selectors.get_track(pk=pk)
        data = _validated(self.InputSerializer, request)
        track_services.update_track(
            actor=request.user,
            track=track,
            name_en=data.get("name_en", track.name_en),
            name_es=data.get("name_es", track.name_es),
            description_en=data.get("description_en", track.description_en),
            description_es=data.get("description_es", track.description_es),
            active=data.get("active", track.active),
        )
        return Response(TrackOutputSerializer(selectors.get_track(pk=pk)).data)


class TrackCopyApi(APIView):
    """A new track with the same levels and requirements, in the same order."""

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120)
        name_es = serializers.CharField(max_length=120)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: TrackOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        track = selectors.get_track(pk=pk)
        data = _validated(self.InputSerializer, request)
        copy = track_services.copy_track(actor=request.user, track=track, **data)
        return Response(
            TrackOutputSerializer(selectors.get_track(pk=copy.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class LevelCreateApi(APIView):
    """Append a level to a track, or insert it at ``position`` moving the later ones down."""

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120)
        name_es = serializers.CharField(max_length=120)
        description_en = serializers.CharField(required=False, allow_blank=True, default="")
        description_es = serializers.CharField(required=False, allow_blank=True, default="")
        position = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, help_text="1..n+1; default last"
        )

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: LevelOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        track = selectors.get_track(pk=pk)
        data = _validated(self.InputSerializer, request)
        level = track_services.add_level(actor=request.user, track=track, **data)
        return Response(
            LevelOutputSerializer(selectors.get_level_detail(pk=level.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class LevelOrderApi(APIView):
    """The track's levels in a new order: every level id exactly once."""

    class InputSerializer(serializers.Serializer):
        level_ids = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrackOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        track = selectors.get_track(pk=pk)
        data = _validated(self.InputSerializer, request)
        track_services.reorder_levels(actor=request.user, track=track, level_ids=data["level_ids"])
        return Response(TrackOutputSerializer(selectors.get_track(pk=pk)).data)


class LevelDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120, required=False)
        name_es = serializers.CharField(max_length=120, required=False)
        description_en = serializers.CharField(required=False, allow_blank=True)
        description_es = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=LevelOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        level = selectors.get_level(pk=pk)
        data = _validated(self.InputSerializer, request)
        track_services.update_level(
            actor=request.user,
            level=level,
            name_en=data.get("name_en", level.name_en),
            name_es=data.get("name_es", level.name_es),
            description_en=data.get("description_en", level.description_en),
            description_es=data.get("description_es", level.description_es),
        )
        return Response(LevelOutputSerializer(selectors.get_level_detail(pk=pk)).data)

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """Only a level nobody holds, held, targets or was endorsed for (else 409)."""
        _require_hr(request)
        track_services.delete_level(actor=request.user, level=selectors.get_level(pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RequirementCreateApi(APIView):
    """Add a requirement to a level. Send the fields of its ``kind`` only: badge →
    ``badge_class``; training → ``training_path``; tenure → ``min_tenure_days``; metric →
    ``event_type``, ``metric``, ``aggregate``, ``operator``, ``threshold``, ``window_days``,
    ``min_events``; endorsement → nothing."""

    class InputSerializer(serializers.Serializer):
        kind = CodeChoiceField(
            choices=Requirement.Kind.choices,
            help_text="badge, training, tenure, metric or endorsement",
        )
        badge_class = serializers.IntegerField(required=False, allow_null=True)
        training_path = serializers.IntegerField(required=False, allow_null=True)
        min_tenure_days = serializers.IntegerField(required=False, allow_null=True)
        event_type = serializers.IntegerField(required=False, allow_null=True)
        metric = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
        aggregate = serializers.ChoiceField(
            choices=Requirement.Aggregate.choices, required=False, allow_blank=True, default=""
        )
        operator = serializers.ChoiceField(
            choices=Requirement.Operator.choices, required=False, default=">="
        )
        threshold = serializers.FloatField(required=False, allow_null=True)
        window_days = serializers.IntegerField(required=False, allow_null=True)
        min_events = serializers.IntegerField(required=False, default=1)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: RequirementOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        level = selectors.get_level(pk=pk)
        data = _validated(self.InputSerializer, request)
        requirement = track_services.add_requirement(
            actor=request.user,
            level=level,
            kind=data["kind"],
            badge_class_id=data.get("badge_class"),
            training_path_id=data.get("training_path"),
            min_tenure_days=data.get("min_tenure_days"),
            event_type_id=data.get("event_type"),
            metric=data["metric"],
            aggregate=data["aggregate"],
            operator=data["operator"],
            threshold=data.get("threshold"),
            window_days=data.get("window_days"),
            min_events=data["min_events"],
        )
        return Response(
            RequirementOutputSerializer(requirement).data, status=status.HTTP_201_CREATED
        )


class RequirementOrderApi(APIView):
    """The level's requirements in a new order: every requirement id exactly once."""

    class InputSerializer(serializers.Serializer):
        requirement_ids = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(tags=TAGS, request=InputSerializer, responses=LevelOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        level = selectors.get_level(pk=pk)
        data = _validated(self.InputSerializer, request)
        track_services.reorder_requirements(
            actor=request.user, level=level, requirement_ids=data["requirement_ids"]
        )
        return Response(LevelOutputSerializer(selectors.get_level_detail(pk=pk)).data)


class RequirementDeleteApi(APIView):
    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        requirement = selectors.get_requirement(pk=pk)
        track_services.delete_requirement(actor=request.user, requirement=requirement)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Training paths and modules -----------------------------------------------------------


class TrainingPathOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    name_en = serializers.CharField()
    name_es = serializers.CharField()
    description = serializers.CharField()
    description_en = serializers.CharField()
    description_es = serializers.CharField()
    track = TrackRefSerializer(allow_null=True)
    badge = CareerBadgeRefSerializer(
        source="badge_class", allow_null=True, help_text="Awarded on completion."
    )
    points = serializers.IntegerField(help_text="Awarded on completion.")
    active = serializers.BooleanField(help_text="Archived paths accept no new enrollments.")
    module_count = serializers.IntegerField()
    total_minutes = serializers.SerializerMethodField()

    def get_total_minutes(self, path: Any) -> int:
        return path.total_minutes or 0


class QuizChoiceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class QuizQuestionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    prompt = serializers.CharField()
    choices = QuizChoiceOutputSerializer(many=True)


class TrainingModuleOutputSerializer(serializers.Serializer):
    """A module as learners see it: the quiz's answers, never which one is correct."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(help_text="Markdown")
    url = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    has_quiz = serializers.BooleanField()
    pass_mark = serializers.IntegerField(allow_null=True, help_text="Percent to pass the quiz.")
    questions = QuizQuestionOutputSerializer(many=True)


class TrainingPathDetailOutputSerializer(TrainingPathOutputSerializer):
    modules = TrainingModuleOutputSerializer(many=True)


class QuizChoiceEditOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text_en = serializers.CharField()
    text_es = serializers.CharField()
    correct = serializers.BooleanField()


class QuizQuestionEditOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    prompt_en = serializers.CharField()
    prompt_es = serializers.CharField()
    choices = QuizChoiceEditOutputSerializer(many=True)


class TrainingModuleEditOutputSerializer(serializers.Serializer):
    """A module as HR edit it, both languages and the correct answers included."""

    id = serializers.IntegerField()
    path_id = serializers.IntegerField()
    position = serializers.IntegerField()
    title_en = serializers.CharField()
    title_es = serializers.CharField()
    body_en = serializers.CharField()
    body_es = serializers.CharField()
    url = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    pass_mark = serializers.IntegerField(allow_null=True)
    questions = QuizQuestionEditOutputSerializer(many=True)


class QuizChoiceInputSerializer(serializers.Serializer):
    text_en = serializers.CharField(max_length=200)
    text_es = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="default: en"
    )
    correct = serializers.BooleanField(required=False, default=False)


class QuizQuestionInputSerializer(serializers.Serializer):
    prompt_en = serializers.CharField(max_length=300)
    prompt_es = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="default: en"
    )
    choices = QuizChoiceInputSerializer(many=True, help_text="Two or more, one correct at least.")


def _quiz_input(module: Module) -> list[dict[str, Any]]:
    """The module's current quiz in the input shape, to keep it when only the text changes."""
    return [
        {
            "prompt_en": question.prompt_en,
            "prompt_es": question.prompt_es,
            "choices": [
                {"text_en": c.text_en, "text_es": c.text_es, "correct": c.correct}
                for c in question.choices.all()
            ],
        }
        for question in module.questions.all()
    ]


class PathListCreateApi(ListAPIView):
    """The training catalog (active paths with modules; ``track`` and ``max_minutes``
    narrow it); HR add paths."""

    serializer_class = TrainingPathOutputSerializer

    class FilterSerializer(serializers.Serializer):
        track = serializers.IntegerField(min_value=1, required=False)
        max_minutes = serializers.IntegerField(min_value=1, required=False)
        include_archived = serializers.BooleanField(required=False, default=False)

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120)
        name_es = serializers.CharField(max_length=120)
        description_en = serializers.CharField(required=False, allow_blank=True, default="")
        description_es = serializers.CharField(required=False, allow_blank=True, default="")
        track = serializers.IntegerField(required=False, allow_null=True)
        badge_class = serializers.IntegerField(
            required=False, allow_null=True, help_text="Badge awarded on completion."
        )
        points = serializers.IntegerField(
            min_value=0, required=False, default=0, help_text="Points awarded on completion."
        )

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter("track", int, description="career track id"),
            OpenApiParameter("max_minutes", int, description="at most this long in total"),
            OpenApiParameter("include_archived", bool, description="HR only: archived too"),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        if data["include_archived"]:
            _require_hr(self.request)
        return selectors.training_catalog(
            track_id=data.get("track"),
            max_minutes=data.get("max_minutes"),
            include_archived=data["include_archived"],
        )

    @extend_schema(
        tags=TAGS, request=InputSerializer, responses={201: TrainingPathDetailOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        _require_hr(request)
        data = _validated(self.InputSerializer, request)
        path = training_services.create_path(
            actor=request.user,
            name_en=data["name_en"],
            name_es=data["name_es"],
            description_en=data["description_en"],
            description_es=data["description_es"],
            track_id=data.get("track"),
            badge_class_id=data.get("badge_class"),
            points=data["points"],
        )
        return Response(
            TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=path.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class PathDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120, required=False)
        name_es = serializers.CharField(max_length=120, required=False)
        description_en = serializers.CharField(required=False, allow_blank=True)
        description_es = serializers.CharField(required=False, allow_blank=True)
        track = serializers.IntegerField(required=False, allow_null=True)
        badge_class = serializers.IntegerField(required=False, allow_null=True)
        points = serializers.IntegerField(min_value=0, required=False)
        active = serializers.BooleanField(required=False)

    @extend_schema(tags=TAGS, responses=TrainingPathDetailOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """A path with its modules and quiz questions (answers never marked correct)."""
        return Response(TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=pk)).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrainingPathDetailOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        path = selectors.get_path(pk=pk)
        data = _validated(self.InputSerializer, request)
        training_services.update_path(
            actor=request.user,
            path=path,
            name_en=data.get("name_en", path.name_en),
            name_es=data.get("name_es", path.name_es),
            description_en=data.get("description_en", path.description_en),
            description_es=data.get("description_es", path.description_es),
            track_id=data.get("track", path.track_id),
            badge_class_id=data.get("badge_class", path.badge_class_id),
            points=data.get("points", path.points),
            active=data.get("active", path.active),
        )
        return Response(TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=pk)).data)


class ModuleCreateApi(APIView):
    """Append a module (Markdown text or a link) to a path, with an optional quiz."""

    class InputSerializer(serializers.Serializer):
        title_en = serializers.CharField(max_length=160)
        title_es = serializers.CharField(max_length=160)
        body_en = serializers.CharField(
            max_length=MODULE_BODY_MAX_LENGTH, required=False, allow_blank=True, default=""
        )
        body_es = serializers.CharField(
            max_length=MODULE_BODY_MAX_LENGTH, required=False, allow_blank=True, default=""
        )
        url = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        estimated_minutes = serializers.IntegerField(required=False, default=10)
        pass_mark = serializers.IntegerField(
            required=False, allow_null=True, default=None, help_text="1-100; null: no quiz"
        )
        questions = QuizQuestionInputSerializer(many=True, required=False, default=list)

    @extend_schema(
        tags=TAGS, request=InputSerializer, responses={201: TrainingModuleEditOutputSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        path = selectors.get_path(pk=pk)
        data = _validated(self.InputSerializer, request)
        module = training_services.add_module(actor=request.user, path=path, **data)
        return Response(
            TrainingModuleEditOutputSerializer(selectors.get_module_with_quiz(pk=module.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ModuleDetailApi(APIView):
    """HR's module editor. A PATCH without ``pass_mark``/``questions`` keeps the quiz."""

    class InputSerializer(serializers.Serializer):
        title_en = serializers.CharField(max_length=160, required=False)
        title_es = serializers.CharField(max_length=160, required=False)
        body_en = serializers.CharField(
            max_length=MODULE_BODY_MAX_LENGTH, required=False, allow_blank=True
        )
        body_es = serializers.CharField(
            max_length=MODULE_BODY_MAX_LENGTH, required=False, allow_blank=True
        )
        url = serializers.CharField(max_length=200, required=False, allow_blank=True)
        estimated_minutes = serializers.IntegerField(required=False)
        pass_mark = serializers.IntegerField(required=False, allow_null=True)
        questions = QuizQuestionInputSerializer(many=True, required=False)

    @extend_schema(tags=TAGS, responses=TrainingModuleEditOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        module = selectors.get_module_with_quiz(pk=pk)
        return Response(TrainingModuleEditOutputSerializer(module).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrainingModuleEditOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        module = selectors.get_module_with_quiz(pk=pk)
        data = _validated(self.InputSerializer, request)
        text = {
            name: data.get(name, getattr(module, name))
            for name in ("title_en", "title_es", "body_en", "body_es", "url", "estimated_minutes")
        }
        training_services.update_module(
            actor=request.user,
            module=module,
            pass_mark=data.get("pass_mark", module.pass_mark),
            questions=data["questions"] if "questions" in data else _quiz_input(module),
            **text,
        )
        return Response(
            TrainingModuleEditOutputSerializer(selectors.get_module_with_quiz(pk=pk)).data
        )

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """A module somebody already worked on stays (409): archive the path instead."""
        _require_hr(request)
        training_services.delete_module(actor=request.user, module=selectors.get_module(pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ModuleOrderApi(APIView):
    """The path's modules in a new order: every module id exactly once."""

    class InputSerializer(serializers.Serializer):
        module_ids = serializers.ListField(child=serializers.IntegerField())

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrainingPathDetailOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        path = selectors.get_path(pk=pk)
        data = _validated(self.InputSerializer, request)
        training_services.reorder_modules(
            actor=request.user, path=path, module_ids=data["module_ids"]
        )
        return Response(TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=pk)).data)


# --- Enrollments --------------------------------------------------------------------------


class EnrollmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    path = TrainingPathRefSerializer()
    assigned_by = CareerPersonSerializer(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    modules_done = serializers.IntegerField(source="done_count")
    modules_total = serializers.IntegerField(source="module_count")


class ModuleProgressOutputSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    has_quiz = serializers.BooleanField()
    pass_mark = serializers.IntegerField(allow_null=True)
    attempts = serializers.IntegerField()
    last_score = serializers.IntegerField(allow_null=True, help_text="Last quiz score (%).")
    completed_at = serializers.DateTimeField(allow_null=True)


def _enrollment_response(request: Request, enrollment: Enrollment, *, code: int) -> Response:
    enrollment = selectors.get_enrollment_for_user(user=request.user, pk=enrollment.pk)
    return Response(EnrollmentOutputSerializer(enrollment).data, status=code)


class EnrollmentListCreateApi(ListAPIView):
    """My enrollments with their progress; leads (of the person's team) and HR assign a
    path to someone, optionally with a due date."""

    serializer_class = EnrollmentOutputSerializer

    class InputSerializer(serializers.Serializer):
        user = serializers.IntegerField(help_text="The person to assign the path to.")
        path = serializers.IntegerField()
        due_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return selectors.enrollments_of(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        request=InputSerializer,
        responses={201: EnrollmentOutputSerializer, 200: EnrollmentOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        _require_lead_or_hr(request)
        data = _validated(self.InputSerializer, request)
        try:
            path = selectors.get_path(pk=data["path"])
        except Http404:
            raise ValidationError({"path": [_("This training path does not exist.")]}) from None
        person = selectors.get_person(pk=data["user"])
        existed = selectors.find_enrollment(user=person, path=path) is not None
        enrollment = training_services.assign_path(
            actor=request.user, agent=person, path=path, due_on=data["due_on"]
        )
        # The assignee's enrollment, not the caller's: read it back for them.
        enrollment = selectors.get_enrollment_for_user(user=person, pk=enrollment.pk)
        return Response(
            EnrollmentOutputSerializer(enrollment).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class PathEnrollApi(APIView):
    """Enroll myself: 201 for a new enrollment, 200 with the one I already have."""

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={201: EnrollmentOutputSerializer, 200: EnrollmentOutputSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        path = selectors.get_path(pk=pk)
        existed = selectors.find_enrollment(user=request.user, path=path) is not None
        enrollment = training_services.enroll(user=request.user, path=path)
        return _enrollment_response(
            request, enrollment, code=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class EnrollmentDetailApi(APIView):
    """One of my enrollments with the progress of each module."""

    class OutputSerializer(EnrollmentOutputSerializer):
        modules = serializers.SerializerMethodField()

        @extend_schema_field(ModuleProgressOutputSerializer(many=True))
        def get_modules(self, enrollment: Enrollment) -> list[dict[str, Any]]:
            progress = selectors.enrollment_progress(enrollment=enrollment)
            rows = []
            for module in selectors.enrollment_modules(enrollment=enrollment):
                done = progress.get(module.pk)
                rows.append(
                    {
                        "module_id": module.pk,
                        "position": module.position,
                        "title": module.title,
                        "estimated_minutes": module.estimated_minutes,
                        "has_quiz": module.has_quiz,
                        "pass_mark": module.pass_mark,
                        "attempts": done.attempts if done else 0,
                        "last_score": done.last_score if done else None,
                        "completed_at": done.completed_at if done else None,
                    }
                )
            return ModuleProgressOutputSerializer(rows, many=True).data

    @extend_schema(tags=TAGS, responses=OutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        enrollment = selectors.get_enrollment_for_user(user=request.user, pk=pk)
        return Response(self.OutputSerializer(enrollment).data)


class ModuleCompleteApi(APIView):
    """Mark a module of my enrollment done, or grade its quiz. Completing the last module
    completes the path (its badge and points are awarded once)."""

    class InputSerializer(serializers.Serializer):
        answers = serializers.DictField(
            child=serializers.IntegerField(),
            required=False,
            allow_null=True,
            default=None,
            help_text="Quiz modules: {question id: chosen answer id} for every question.",
        )

    class OutputSerializer(serializers.Serializer):
        passed = serializers.BooleanField()
        score = serializers.IntegerField(allow_null=True, help_text="Quiz score (%).")
        attempts = serializers.IntegerField()
        path_completed_now = serializers.BooleanField()
        enrollment = EnrollmentOutputSerializer()

    @extend_schema(tags=TAGS, request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request, pk: int, module_id: int) -> Response:
        data = _validated(self.InputSerializer, request)
        result = training_services.complete_module(
            user=request.user, enrollment_id=pk, module_id=module_id, answers=data["answers"]
        )
        enrollment = selectors.get_enrollment_for_user(user=request.user, pk=pk)
        return Response(
            self.OutputSerializer(
                {
                    "passed": result.passed,
                    "score": result.score,
                    "attempts": result.progress.attempts,
                    "path_completed_now": result.path_completed_now,
                    "enrollment": enrollment,
                }
            ).data
        )


# --- Career plans -------------------------------------------------------------------------


class GoalOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="open, in_progress, done or dropped")
    status_label = serializers.CharField(source="get_status_display")
    created_by = CareerPersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CoachingNoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    author = CareerPersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class CareerPlanOutputSerializer(serializers.Serializer):
    """A career plan as the agent's leads and HR read it: never the private notes."""

    agent = CareerPersonSerializer()
    current_level = HeldLevelSerializer(allow_null=True)
    target_level = LevelRefSerializer(allow_null=True)
    goals = GoalOutputSerializer(many=True)
    coaching_notes = CoachingNoteOutputSerializer(many=True)
    open_promotion = PromotionBriefSerializer(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class MyCareerPlanOutputSerializer(CareerPlanOutputSerializer):
    """My own plan, with the notes only I ever read."""

    private_notes = serializers.CharField()


def _plan_data(*, viewer: Any, agent: Any) -> dict[str, Any]:
    plan = selectors.plan_for_viewer(viewer=viewer, agent=agent)
    return {
        "agent": agent,
        "plan": plan,
        "current_level": selectors.current_level(agent=agent),
        "target_level": plan.target_level,
        "goals": selectors.goals_of(plan=plan),
        "coaching_notes": selectors.coaching_notes_of(plan=plan),
        "open_promotion": selectors.open_promotion(agent=agent),
        "updated_at": plan.updated_at,
    }


def _my_plan(request: Request) -> Response:
    data = _plan_data(viewer=request.user, agent=request.user)
    data["private_notes"] = data["plan"].private_notes
    return Response(MyCareerPlanOutputSerializer(data).data)


def _plan(request: Request, agent: Any) -> Response:
    return Response(CareerPlanOutputSerializer(_plan_data(viewer=request.user, agent=agent)).data)


class MyPlanApi(APIView):
    class InputSerializer(serializers.Serializer):
        target_level = serializers.IntegerField(
            required=False, allow_null=True, help_text="A level above my current one; null clears"
        )
        private_notes = serializers.CharField(
            max_length=NOTE_MAX_LENGTH,
            required=False,
            allow_blank=True,
            trim_whitespace=False,
            help_text="Only I ever read these.",
        )

    @extend_schema(tags=TAGS, responses=MyCareerPlanOutputSerializer)
    def get(self, request: Request) -> Response:
        return _my_plan(request)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=MyCareerPlanOutputSerializer)
    def patch(self, request: Request) -> Response:
        data = _validated(self.InputSerializer, request)
        # Both or neither: a refused target leaves the notes as they were.
        with transaction.atomic():
            if "target_level" in data:
                plan_services.set_target_level(
                    actor=request.user, agent=request.user, level_id=data["target_level"]
                )
            if "private_notes" in data:
                plan_services.set_private_notes(user=request.user, text=data["private_notes"])
        return _my_plan(request)


class PlanDetailApi(APIView):
    """Someone's plan: the agent, their team's leads and HR read it (others get 404); the
    agent and their leads set its target. Never the private notes, even for the agent."""

    class InputSerializer(serializers.Serializer):
        target_level = serializers.IntegerField(allow_null=True, help_text="null clears")

    @extend_schema(tags=TAGS, responses=CareerPlanOutputSerializer)
    def get(self, request: Request, user_id: int) -> Response:
        return _plan(request, selectors.get_agent_for_plan(viewer=request.user, pk=user_id))

    @extend_schema(tags=TAGS, request=InputSerializer, responses=CareerPlanOutputSerializer)
    def patch(self, request: Request, user_id: int) -> Response:
        agent = selectors.get_agent_for_plan(viewer=request.user, pk=user_id)
        data = _validated(self.InputSerializer, request)
        plan_services.set_target_level(
            actor=request.user, agent=agent, level_id=data["target_level"]
        )
        return _plan(request, agent)


class PlanReadinessApi(APIView):
    """How ready the person is for their target level, requirement by requirement, from
    the records themselves (badges, training, level history, results, endorsements)."""

    class OutputSerializer(serializers.Serializer):
        agent = CareerPersonSerializer()
        level = LevelRefSerializer(allow_null=True, help_text="The target level.")
        current_level = HeldLevelSerializer(allow_null=True)
        percent = serializers.IntegerField(help_text="Share of requirements met, rounded down.")
        ready = serializers.BooleanField()
        met = serializers.IntegerField()
        total = serializers.IntegerField()
        requirements = RequirementStatusOutputSerializer(many=True)

    @extend_schema(tags=TAGS, responses=OutputSerializer)
    def get(self, request: Request, user_id: int) -> Response:
        agent = selectors.get_agent_for_plan(viewer=request.user, pk=user_id)
        readiness = readiness_of(agent=agent)
        return Response(
            self.OutputSerializer(
                {
                    "agent": agent,
                    "level": readiness.level,
                    "current_level": readiness.current,
                    "percent": readiness.percent,
                    "ready": readiness.ready,
                    "met": readiness.met_count,
                    "total": readiness.total,
                    "requirements": [s.as_dict() for s in readiness.statuses],
                }
            ).data
        )


class GoalCreateApi(APIView):
    """The agent or their team's lead adds a goal to the plan."""

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=GOAL_MAX_LENGTH)
        due_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: GoalOutputSerializer})
    def post(self, request: Request, user_id: int) -> Response:
        agent = selectors.get_agent_for_plan(viewer=request.user, pk=user_id)
        data = _validated(self.InputSerializer, request)
        goal = plan_services.add_goal(actor=request.user, agent=agent, **data)
        return Response(GoalOutputSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalUpdateApi(APIView):
    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=GOAL_MAX_LENGTH, required=False)
        due_on = serializers.DateField(required=False)
        status = CodeChoiceField(
            choices=Goal.Status.choices,
            required=False,
            help_text="open, in_progress, done or dropped",
        )

    @extend_schema(tags=TAGS, request=InputSerializer, responses=GoalOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        data = _validated(self.InputSerializer, request)
        goal = plan_services.update_goal(actor=request.user, goal_id=pk, **data)
        return Response(GoalOutputSerializer(goal).data)


class CoachingNoteCreateApi(APIView):
    """A lead's check-in note on the plan of an agent of their team; the agent reads it."""

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=NOTE_MAX_LENGTH)

    @extend_schema(
        tags=TAGS, request=InputSerializer, responses={201: CoachingNoteOutputSerializer}
    )
    def post(self, request: Request, user_id: int) -> Response:
        agent = selectors.get_agent_for_plan(viewer=request.user, pk=user_id)
        data = _validated(self.InputSerializer, request)
        note = plan_services.add_coaching_note(actor=request.user, agent=agent, text=data["text"])
        return Response(CoachingNoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)


class LevelHistoryListApi(ListAPIView):
    """The levels the person held, newest first; the entry without ``ended_at`` is now."""

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        level = LevelRefSerializer()
        track = TrackRefSerializer(source="level.track")
        started_at = serializers.DateTimeField()
        ended_at = serializers.DateTimeField(allow_null=True)
        set_by = CareerPersonSerializer(allow_null=True)
        promotion_id = serializers.IntegerField(allow_null=True)
        note = serializers.CharField()

    serializer_class = OutputSerializer

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return LevelHistory.objects.none()
        agent = selectors.get_agent_for_plan(viewer=self.request.user, pk=self.kwargs["user_id"])
        return selectors.level_history(agent=agent)


class PlanRowOutputSerializer(serializers.Serializer):
    agent = CareerPersonSerializer()
    current_level = HeldLevelSerializer(source="readiness.current", allow_null=True)
    target_level = LevelRefSerializer(source="readiness.level", allow_null=True)
    readiness_percent = serializers.IntegerField(source="readiness.percent")
    ready = serializers.BooleanField(source="readiness.ready")
    open_promotion = PromotionBriefSerializer(allow_null=True)


class TeamPlanListApi(APIView):
    """One row per agent of the team (its leads and HR): level, target, readiness,
    open endorsement and training. A fixed number of queries, whatever the team's size."""

    class OutputSerializer(PlanRowOutputSerializer):
        active_enrollments = serializers.IntegerField()
        overdue_enrollments = serializers.IntegerField()

    @extend_schema(tags=TAGS, responses=OutputSerializer(many=True))
    def get(self, request: Request, team_id: int) -> Response:
        team = get_team_led_by_or_hr(user=request.user, pk=team_id)
        rows = selectors.team_plan_rows(team=team)
        return Response(self.OutputSerializer(rows, many=True).data)


# --- Promotions ---------------------------------------------------------------------------


class PromotionListCreateApi(ListAPIView):
    """HR: the endorsements waiting for a decision. A lead: the promotions of their teams.
    Anyone: their own. A lead endorses an agent of their team for the plan's target."""

    serializer_class = PromotionOutputSerializer

    class InputSerializer(serializers.Serializer):
        agent = serializers.IntegerField()
        note = serializers.CharField(
            max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
        )

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Promotion.objects.none()
        return selectors.promotions_for_viewer(viewer=self.request.user)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: PromotionOutputSerializer})
    def post(self, request: Request) -> Response:
        data = _validated(self.InputSerializer, request)
        promotion = promotion_services.endorse(
            actor=request.user, agent=selectors.get_person(pk=data["agent"]), note=data["note"]
        )
        return Response(PromotionOutputSerializer(promotion).data, status=status.HTTP_201_CREATED)


class PromotionApproveApi(APIView):
    """HR approve: the agent holds the level from now on (the history keeps the old one)."""

    @extend_schema(tags=TAGS, request=None, responses=PromotionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        promotion = promotion_services.approve(actor=request.user, promotion_id=pk)
        return Response(PromotionOutputSerializer(promotion).data)


class PromotionDeclineApi(APIView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=NOTE_MAX_LENGTH, help_text="The agent and their lead read it."
        )

    @extend_schema(tags=TAGS, request=InputSerializer, responses=PromotionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        _require_hr(request)
        data = _validated(self.InputSerializer, request)
        promotion = promotion_services.decline(
            actor=request.user, promotion_id=pk, reason=data["reason"]
        )
        return Response(PromotionOutputSerializer(promotion).data)


class PromotionWithdrawApi(APIView):
    """The lead takes an endorsement back before HR decide."""

    @extend_schema(tags=TAGS, request=None, responses=PromotionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        promotion = promotion_services.withdraw(actor=request.user, promotion_id=pk)
        return Response(PromotionOutputSerializer(promotion).data)


# --- Company readiness --------------------------------------------------------------------


class LevelReadinessOutputSerializer(serializers.Serializer):
    level = LevelRefSerializer()
    track = TrackRefSerializer(source="level.track")
    agents = serializers.IntegerField()
    ready = serializers.IntegerField()
    halfway = serializers.IntegerField()
    starting = serializers.IntegerField()


class CompanyReadinessApi(APIView):
    """HR: how many people aim at each level and how ready they are (ready: 100 %,
    halfway: 50 % or more, starting: less). ``level`` lists the people aiming at it."""

    class FilterSerializer(serializers.Serializer):
        level = serializers.IntegerField(min_value=1, required=False)

    class OutputSerializer(serializers.Serializer):
        levels = LevelReadinessOutputSerializer(many=True)
        people = PlanRowOutputSerializer(many=True, help_text="Only with ?level=<id>.")

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("level", int, description="list the people aiming at it")],
        responses=OutputSerializer,
    )
    def get(self, request: Request) -> Response:
        _require_hr(request)
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        level_id = filters.validated_data.get("level")
        summary, rows = selectors.company_readiness(level_id=level_id)
        return Response(
            self.OutputSerializer({"levels": summary, "people": rows if level_id else []}).data
        )
