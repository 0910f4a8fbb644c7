"""Badges API: badge classes, whose badges, awarding and revoking."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
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
from people.selectors import get_active_person
from recognition import selectors
from recognition.api.common import IDEMPOTENCY_HEADER, PersonSerializer, idempotency_key
from recognition.models import BadgeAward, BadgeClass
from recognition.services import badges as badge_services


class BadgeClassOutputSerializer(serializers.ModelSerializer):
    """Texts in the reader's language (``Bilingual``), like company values."""

    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)
    criteria = serializers.CharField(read_only=True)

    class Meta:
        model = BadgeClass
        fields = ["id", "slug", "name", "description", "criteria", "repeatable"]


class BadgeAwardOutputSerializer(serializers.ModelSerializer):
    badge = BadgeClassOutputSerializer(source="badge_class")
    recipient = PersonSerializer()
    assertion_url = serializers.SerializerMethodField()

    class Meta:
        model = BadgeAward
        fields = [
            "id",
            "badge",
            "recipient",
            "evidence_text",
            "evidence_url",
            "issued_on",
            "assertion_url",
        ]

    def get_assertion_url(self, award: BadgeAward) -> str:
        from recognition.openbadges import assertion_url

        return assertion_url(award, request=self.context.get("request"))


class BadgeClassListApi(ListAPIView):
    permission_classes = [IsSignedIn]
    serializer_class = BadgeClassOutputSerializer

    def get_queryset(self) -> QuerySet[BadgeClass]:
        return selectors.active_badge_classes()


class MyBadgeListApi(ListAPIView):
    permission_classes = [IsSignedIn]
    serializer_class = BadgeAwardOutputSerializer

    def get_queryset(self) -> QuerySet[BadgeAward]:
        if getattr(self, "swagger_fake_view", False):
            return BadgeAward.objects.none()
        return selectors.badges_of(user=person_of(self.request)).select_related("recipient")


class PersonBadgeListApi(ListAPIView):
    """Anyone's badges: badges are public recognition inside the company."""

    permission_classes = [IsSignedIn]

    serializer_class = BadgeAwardOutputSerializer

    def get_queryset(self) -> QuerySet[BadgeAward]:
        if getattr(self, "swagger_fake_view", False):
            return BadgeAward.objects.none()
        person = get_active_person(pk=self.kwargs["pk"])
        return selectors.badges_of(user=person).select_related("recipient")


class BadgeAwardCreateApi(APIView):
    """Award a badge to an agent of a team you lead (HR: anyone)."""

    permission_classes = [IsLeadOrHR]

    class InputSerializer(serializers.Serializer):
        badge = serializers.SlugField()
        recipient = IdField()
        evidence_text = serializers.CharField(required=False, allow_blank=True, default="")
        evidence_url = serializers.URLField(required=False, allow_blank=True, default="")

    @extend_schema(
        request=InputSerializer,
        responses={201: BadgeAwardOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request: Request) -> Response:
        actor = person_of(request)
        data = validated(self.InputSerializer, request)
        badge_class = selectors.active_badge_classes().filter(slug=data["badge"]).first()
        if badge_class is None:
            raise serializers.ValidationError({"badge": [_("Unknown or inactive badge.")]})
        award = badge_services.award_badge(
            badge_class=badge_class,
            recipient=get_active_person(pk=data["recipient"]),
            awarded_by=actor,
            evidence_text=data["evidence_text"],
            evidence_url=data["evidence_url"],
            # Award keys are global (rules derive theirs); scope a client's key to its sender.
            idempotency_key=f"user:{actor.pk}:{key}" if (key := idempotency_key(request)) else None,
        )
        return Response(BadgeAwardOutputSerializer(award).data, status=status.HTTP_201_CREATED)


class BadgeAwardRevokeApi(APIView):
    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses=BadgeAwardOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = validated(self.InputSerializer, request)
        award = badge_services.revoke_award(
            actor=person_of(request), award_id=pk, reason=data["reason"]
        )
        return Response(BadgeAwardOutputSerializer(award).data)
