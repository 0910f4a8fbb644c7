"""HR's API for event types and their declared metrics (the same services as the pages)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from people.http import person_of
from people.permissions import IsHR
from performance import event_type_selectors as definitions
from performance.models import Metric
from performance.services import event_types as services

TAGS = ["performance: event types"]


class MetricOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField(help_text="The name integrations send in an event's metrics.")
    name_en = serializers.CharField()
    name_es = serializers.CharField()
    unit = serializers.CharField()
    direction = serializers.CharField(help_text="higher, lower or neutral")


class EventTypeOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField(help_text="The code integrations send as the event's type.")
    name_en = serializers.CharField()
    name_es = serializers.CharField()
    active = serializers.BooleanField()
    metrics = MetricOutputSerializer(many=True, source="metrics.all")


class MetricInputSerializer(serializers.Serializer):
    name_en = serializers.CharField(max_length=80)
    name_es = serializers.CharField(max_length=80)
    unit = serializers.ChoiceField(choices=Metric.Unit.choices)
    direction = serializers.ChoiceField(choices=Metric.Direction.choices)


class EventTypeListCreateApi(APIView):
    """Every event type with its metrics; HR add one (its code is made from the English
    name)."""

    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=80)
        name_es = serializers.CharField(max_length=80)

    @extend_schema(tags=TAGS, responses=EventTypeOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        types = definitions.event_types_overview()
        return Response(EventTypeOutputSerializer(types, many=True).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: EventTypeOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        created = services.create_event_type(actor=person_of(request), **data)
        body = EventTypeOutputSerializer(definitions.get_event_type(pk=created.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class EventTypeDetailApi(APIView):
    """Rename an event type or switch it off; its code never changes."""

    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=80)
        name_es = serializers.CharField(max_length=80)
        active = serializers.BooleanField()

    @extend_schema(tags=TAGS, request=InputSerializer, responses=EventTypeOutputSerializer)
    def put(self, request: Request, pk: int) -> Response:
        current = definitions.get_event_type(pk=pk)
        data = validated(self.InputSerializer, request)
        services.update_event_type(actor=person_of(request), event_type=current, **data)
        return Response(EventTypeOutputSerializer(definitions.get_event_type(pk=pk)).data)


class MetricCreateApi(APIView):
    """Declare a metric on an event type, by the key integrations send."""

    permission_classes = [IsHR]

    class InputSerializer(MetricInputSerializer):
        key = serializers.CharField(max_length=60)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: MetricOutputSerializer})
    def post(self, request: Request, pk: int) -> Response:
        current = definitions.get_event_type(pk=pk)
        data = validated(self.InputSerializer, request)
        metric = services.add_metric(actor=person_of(request), event_type=current, **data)
        return Response(MetricOutputSerializer(metric).data, status=status.HTTP_201_CREATED)


class MetricDetailApi(APIView):
    """Change a metric's names, unit or direction (its key stays), or remove it: 409
    naming the rules when an active rule or a guardrail uses it."""

    permission_classes = [IsHR]

    @extend_schema(tags=TAGS, request=MetricInputSerializer, responses=MetricOutputSerializer)
    def put(self, request: Request, pk: int) -> Response:
        metric = definitions.get_metric(pk=pk)
        data = validated(MetricInputSerializer, request)
        metric = services.update_metric(actor=person_of(request), metric=metric, **data)
        return Response(MetricOutputSerializer(metric).data)

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        metric = definitions.get_metric(pk=pk)
        services.remove_metric(actor=person_of(request), metric=metric)
        return Response(status=status.HTTP_204_NO_CONTENT)
