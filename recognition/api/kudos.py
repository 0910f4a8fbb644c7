"""Kudos API: company values, the feed, giving kudos and reacting."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.fields import IdField
from people.http import person_of
from people.permissions import IsSignedIn
from recognition import selectors
from recognition.api.common import IDEMPOTENCY_HEADER, PersonSerializer, idempotency_key
from recognition.models import (
    KUDOS_MESSAGE_MAX_LENGTH,
    Kudos,
    ValueTag,
)
from recognition.services import kudos as kudos_services


class ValueSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = ValueTag
        fields = ["slug", "name", "description"]


class KudosOutputSerializer(serializers.ModelSerializer):
    giver = PersonSerializer()
    recipients = PersonSerializer(many=True)
    values: serializers.SlugRelatedField[ValueTag] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    reactions = serializers.SerializerMethodField()

    class Meta:
        model = Kudos
        fields = [
            "id",
            "giver",
            "recipients",
            "message",
            "values",
            "points_each",
            "interaction_ref",
            "created_at",
            "reactions",
        ]

    def get_reactions(self, kudos: Kudos) -> dict[str, int]:
        counts: dict[str, int] = {}
        for reaction in kudos.reactions.all():
            counts[reaction.emoji] = counts.get(reaction.emoji, 0) + 1
        return counts


class ValueListApi(ListAPIView):
    permission_classes = [IsSignedIn]
    serializer_class = ValueSerializer
    pagination_class = None

    def get_queryset(self) -> QuerySet[ValueTag]:
        return selectors.active_values()


class KudosListCreateApi(ListAPIView):
    """The company kudos feed (``?team=<id>`` for one team), and giving kudos."""

    permission_classes = [IsSignedIn]

    serializer_class = KudosOutputSerializer

    class InputSerializer(serializers.Serializer):
        recipients = serializers.ListField(child=IdField(), min_length=1)
        message = serializers.CharField(max_length=KUDOS_MESSAGE_MAX_LENGTH)
        values = serializers.ListField(child=serializers.SlugField(), min_length=1)
        points_each = serializers.IntegerField(min_value=0, default=0)
        interaction_ref = serializers.CharField(
            max_length=120, required=False, allow_blank=True, default=""
        )

    @extend_schema(parameters=[OpenApiParameter("team", int, description="team id")])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    class FilterSerializer(serializers.Serializer):
        team = IdField(required=False)

    def get_queryset(self) -> QuerySet[Kudos]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Kudos.objects.none()
        filters = validated(self.FilterSerializer, self.request, query=True)
        return selectors.kudos_feed(viewer=person_of(self.request), team_id=filters.get("team"))

    @extend_schema(
        request=InputSerializer,
        responses={201: KudosOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        kudos = kudos_services.give_kudos(
            giver=person_of(request),
            recipient_ids=data["recipients"],
            message=data["message"],
            value_slugs=data["values"],
            points_each=data["points_each"],
            interaction_ref=data["interaction_ref"],
            idempotency_key=idempotency_key(request),
        )
        kudos = selectors.get_kudos(pk=kudos.pk)
        return Response(KudosOutputSerializer(kudos).data, status=status.HTTP_201_CREATED)


class KudosDetailApi(APIView):
    permission_classes = [IsSignedIn]

    @extend_schema(responses=KudosOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(KudosOutputSerializer(selectors.get_kudos(pk=pk)).data)


class KudosReactionApi(APIView):
    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        emoji = serializers.ChoiceField(choices=["clap", "heart", "star", "smile"])

    class OutputSerializer(serializers.Serializer):
        emoji = serializers.CharField()
        reacted = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = validated(self.InputSerializer, request)
        emoji = data["emoji"]
        reacted = kudos_services.toggle_reaction(
            user=person_of(request), kudos=selectors.get_kudos(pk=pk), emoji=emoji
        )
        return Response({"emoji": emoji, "reacted": reacted})
