"""Rewards API: the catalog, my requests and the approval queue's decisions."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.fields import IdField
from people.http import person_of
from people.permissions import IsLeadOrHR, IsSignedIn
from recognition import selectors
from recognition.api.common import IDEMPOTENCY_HEADER, PersonSerializer, idempotency_key
from recognition.models import (
    Redemption,
    RewardItem,
)
from recognition.services import redemptions as redemption_services


class RewardListApi(ListAPIView):
    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.ModelSerializer):
        name = serializers.CharField(read_only=True)
        description = serializers.CharField(read_only=True)

        class Meta:
            model = RewardItem
            fields = ["id", "name", "description", "cost", "stock"]

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[RewardItem]:
        return selectors.catalog()


class RedemptionOutputSerializer(serializers.ModelSerializer):
    item = serializers.CharField(source="item.name")
    item_id = serializers.IntegerField()
    user = PersonSerializer()

    class Meta:
        model = Redemption
        fields = [
            "id",
            "user",
            "item",
            "item_id",
            "cost",
            "status",
            "reason",
            "requested_at",
            "decided_at",
        ]


class RedemptionListCreateApi(ListAPIView):
    """My reward requests, and requesting one (points are held at once)."""

    permission_classes = [IsSignedIn]

    serializer_class = RedemptionOutputSerializer

    class InputSerializer(serializers.Serializer):
        item = IdField()

    def get_queryset(self) -> QuerySet[Redemption]:
        if getattr(self, "swagger_fake_view", False):
            return Redemption.objects.none()
        return selectors.my_redemptions(user=person_of(self.request)).select_related("user")

    @extend_schema(
        request=InputSerializer,
        responses={201: RedemptionOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        redemption = redemption_services.request_redemption(
            user=person_of(request),
            item_id=data["item"],
            idempotency_key=idempotency_key(request),
        )
        return Response(RedemptionOutputSerializer(redemption).data, status=status.HTTP_201_CREATED)


class ApprovalQueueApi(ListAPIView):
    """Pending and approved requests of the teams you lead (HR: all teams)."""

    permission_classes = [IsLeadOrHR]
    serializer_class = RedemptionOutputSerializer

    def get_queryset(self) -> QuerySet[Redemption]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Redemption.objects.none()
        return selectors.approval_queue(viewer=person_of(self.request))


class RedemptionApproveApi(APIView):
    permission_classes = [IsSignedIn]

    @extend_schema(request=None, responses=RedemptionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        redemption = redemption_services.approve_redemption(
            actor=person_of(request), redemption_id=pk
        )
        return Response(RedemptionOutputSerializer(redemption).data)


class RedemptionFulfilApi(APIView):
    permission_classes = [IsSignedIn]

    @extend_schema(request=None, responses=RedemptionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        redemption = redemption_services.fulfil_redemption(
            actor=person_of(request), redemption_id=pk
        )
        return Response(RedemptionOutputSerializer(redemption).data)


class RedemptionRejectApi(APIView):
    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses=RedemptionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = validated(self.InputSerializer, request)
        redemption = redemption_services.reject_redemption(
            actor=person_of(request), redemption_id=pk, reason=data["reason"]
        )
        return Response(RedemptionOutputSerializer(redemption).data)


class RedemptionCancelApi(APIView):
    permission_classes = [IsSignedIn]

    @extend_schema(request=None, responses=RedemptionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        redemption = redemption_services.cancel_redemption(
            user=person_of(request), redemption_id=pk
        )
        return Response(RedemptionOutputSerializer(redemption).data)
