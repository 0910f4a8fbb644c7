"""Careers API: the promotion workflow (lead endorses, HR approve or decline) and HR's
company readiness by level."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careers import selectors
from careers.api.common import (
    TAGS,
    LevelRefSerializer,
    PromotionOutputSerializer,
    TrackRefSerializer,
)
from careers.api.plans import PlanRowOutputSerializer
from careers.models import (
    NOTE_MAX_LENGTH,
    CareerPlan,
    Promotion,
)
from careers.services import promotions as promotion_services
from core.api import validated
from core.fields import IdField
from people.http import person_of
from people.permissions import IsHR, IsSignedIn
from people.selectors import get_active_person

# --- Promotions ---------------------------------------------------------------------------


class PromotionListCreateApi(ListAPIView):
    """HR: the endorsements waiting for a decision. A lead: the promotions of their teams.
    Anyone: their own. A lead endorses an agent of their team for the plan's target."""

    permission_classes = [IsSignedIn]

    serializer_class = PromotionOutputSerializer

    class InputSerializer(serializers.Serializer):
        agent = IdField()
        note = serializers.CharField(
            max_length=NOTE_MAX_LENGTH, required=False, allow_blank=True, default=""
        )

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Promotion]:
        if getattr(self, "swagger_fake_view", False):
            return Promotion.objects.none()
        return selectors.promotions_for_viewer(viewer=person_of(self.request))

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: PromotionOutputSerializer})
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        promotion = promotion_services.endorse(
            actor=person_of(request), agent=get_active_person(pk=data["agent"]), note=data["note"]
        )
        return Response(PromotionOutputSerializer(promotion).data, status=status.HTTP_201_CREATED)


class PromotionApproveApi(APIView):
    """HR approve: the agent holds the level from now on (the history keeps the old one)."""

    permission_classes = [IsHR]

    @extend_schema(tags=TAGS, request=None, responses=PromotionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        promotion = promotion_services.approve(actor=person_of(request), promotion_id=pk)
        return Response(PromotionOutputSerializer(promotion).data)


class PromotionDeclineApi(APIView):
    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(
            max_length=NOTE_MAX_LENGTH, help_text="The agent and their lead read it."
        )

    @extend_schema(tags=TAGS, request=InputSerializer, responses=PromotionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = validated(self.InputSerializer, request)
        promotion = promotion_services.decline(
            actor=person_of(request), promotion_id=pk, reason=data["reason"]
        )
        return Response(PromotionOutputSerializer(promotion).data)


class PromotionWithdrawApi(APIView):
    """The lead takes an endorsement back before HR decide."""

    permission_classes = [IsSignedIn]

    @extend_schema(tags=TAGS, request=None, responses=PromotionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        promotion = promotion_services.withdraw(actor=person_of(request), promotion_id=pk)
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
    halfway: 50 % or more, starting: less). The people: ``readiness/people/``."""

    permission_classes = [IsHR]

    @extend_schema(tags=TAGS, responses=LevelReadinessOutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        summary, _rows = selectors.company_readiness()
        return Response(LevelReadinessOutputSerializer(summary, many=True).data)


class CompanyReadinessPeopleApi(ListAPIView):
    """HR: the people aiming at ``level`` (or at any level), most ready first, paginated."""

    permission_classes = [IsHR]

    serializer_class = PlanRowOutputSerializer

    class FilterSerializer(serializers.Serializer):
        level = IdField(required=False)

    @extend_schema(
        tags=TAGS,
        parameters=[OpenApiParameter("level", int, description="only the people aiming at it")],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> Any:
        """A list of ``PlanRow`` (DRF's pagination takes any sequence), not a queryset."""
        if getattr(self, "swagger_fake_view", False):  # schema generation reads the model
            return CareerPlan.objects.none()
        filters = validated(self.FilterSerializer, self.request, query=True)
        _summary, rows = selectors.company_readiness(level_id=filters.get("level"))
        return rows
