"""Careers API: career tracks, their levels and each level's requirements (HR write)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careers import selectors
from careers.api.common import (
    TAGS,
    CodeChoiceField,
    LevelOutputSerializer,
    RequirementOutputSerializer,
    TrackOutputSerializer,
    WritesNeed,
    patched,
)
from careers.models import (
    NAMED_BILINGUAL_FIELDS,
    CareerTrack,
    Requirement,
)
from careers.services import tracks as track_services
from core.api import validated
from core.fields import IdField
from people.http import person_of
from people.permissions import IsHR, IsSignedIn, is_hr, require_hr

# --- Tracks, levels and requirements ------------------------------------------------------


class TrackListCreateApi(WritesNeed, ListAPIView):
    """Career tracks with their levels and each level's requirements; HR add tracks."""

    permission_classes = [IsSignedIn]
    write_permission_classes = [IsHR]

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

    def get_queryset(self) -> QuerySet[CareerTrack]:
        filters = validated(self.FilterSerializer, self.request, query=True)
        include_inactive = filters["include_inactive"]
        if include_inactive:
            require_hr(self.request.user)
        return selectors.tracks(include_inactive=include_inactive)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: TrackOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        track = track_services.create_track(actor=person_of(request), **data)
        return Response(
            TrackOutputSerializer(selectors.get_track(pk=track.pk)).data,
            status=status.HTTP_201_CREATED,
        )


def _visible_track(request: Request, pk: int) -> CareerTrack:
    track = selectors.get_track(pk=pk)
    if not track.active and not is_hr(request.user):
        raise Http404
    return track


class TrackDetailApi(WritesNeed):
    permission_classes = [IsSignedIn]
    write_permission_classes = [IsHR]

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
        track = selectors.get_track(pk=pk)
        data = validated(self.InputSerializer, request)
        track_services.update_track(
            actor=person_of(request),
            track=track,
            **patched(data, track, *NAMED_BILINGUAL_FIELDS, "active"),
        )
        return Response(TrackOutputSerializer(selectors.get_track(pk=pk)).data)


class TrackCopyApi(APIView):
    """A new track with the same levels and requirements, in the same order."""

    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120)
        name_es = serializers.CharField(max_length=120)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: TrackOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        track = selectors.get_track(pk=pk)
        data = validated(self.InputSerializer, request)
        copy = track_services.copy_track(actor=person_of(request), track=track, **data)
        return Response(
            TrackOutputSerializer(selectors.get_track(pk=copy.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class LevelCreateApi(APIView):
    """Append a level to a track, or insert it at ``position`` moving the later ones down."""

    permission_classes = [IsHR]

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
        track = selectors.get_track(pk=pk)
        data = validated(self.InputSerializer, request)
        level = track_services.add_level(actor=person_of(request), track=track, **data)
        return Response(
            LevelOutputSerializer(selectors.get_level_detail(pk=level.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class LevelOrderApi(APIView):
    """The track's levels in a new order: every level id exactly once."""

    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        level_ids = serializers.ListField(child=IdField())

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrackOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        track = selectors.get_track(pk=pk)
        data = validated(self.InputSerializer, request)
        track_services.reorder_levels(
            actor=person_of(request), track=track, level_ids=data["level_ids"]
        )
        return Response(TrackOutputSerializer(selectors.get_track(pk=pk)).data)


class LevelDetailApi(APIView):
    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120, required=False)
        name_es = serializers.CharField(max_length=120, required=False)
        description_en = serializers.CharField(required=False, allow_blank=True)
        description_es = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=LevelOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        level = selectors.get_level(pk=pk)
        data = validated(self.InputSerializer, request)
        track_services.update_level(
            actor=person_of(request),
            level=level,
            **patched(data, level, *NAMED_BILINGUAL_FIELDS),
        )
        return Response(LevelOutputSerializer(selectors.get_level_detail(pk=pk)).data)

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """Only a level nobody holds, held, targets or was endorsed for (else 409)."""
        track_services.delete_level(actor=person_of(request), level=selectors.get_level(pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class RequirementCreateApi(APIView):
    """Add a requirement to a level. Send the fields of its ``kind`` only: badge →
    ``badge_class``; training → ``training_path``; tenure → ``min_tenure_days``; metric →
    ``event_type``, ``metric``, ``aggregate``, ``operator``, ``threshold``, ``window_days``,
    ``min_events``; endorsement → nothing."""

    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        kind = CodeChoiceField(
            choices=Requirement.Kind.choices,
            help_text="badge, training, tenure, metric or endorsement",
        )
        badge_class = IdField(required=False, allow_null=True)
        training_path = IdField(required=False, allow_null=True)
        min_tenure_days = serializers.IntegerField(required=False, allow_null=True)
        event_type = IdField(required=False, allow_null=True)
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
        level = selectors.get_level(pk=pk)
        data = validated(self.InputSerializer, request)
        requirement = track_services.add_requirement(
            actor=person_of(request),
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

    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        requirement_ids = serializers.ListField(child=IdField())

    @extend_schema(tags=TAGS, request=InputSerializer, responses=LevelOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        level = selectors.get_level(pk=pk)
        data = validated(self.InputSerializer, request)
        track_services.reorder_requirements(
            actor=person_of(request), level=level, requirement_ids=data["requirement_ids"]
        )
        return Response(LevelOutputSerializer(selectors.get_level_detail(pk=pk)).data)


class RequirementDeleteApi(APIView):
    permission_classes = [IsHR]

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        requirement = selectors.get_requirement(pk=pk)
        track_services.delete_requirement(actor=person_of(request), requirement=requirement)
        return Response(status=status.HTTP_204_NO_CONTENT)
