"""Recognition API: one view per operation, nested input/output serializers, services do
the work. Writes that create things accept an ``Idempotency-Key`` header."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import IdField
from people.permissions import is_hr, is_lead
from people.selectors import get_active_person
from recognition import selectors
from recognition.models import (
    KUDOS_MESSAGE_MAX_LENGTH,
    BadgeAward,
    BadgeClass,
    Kudos,
    LedgerEntry,
    Redemption,
    RewardItem,
    ValueTag,
)
from recognition.services import badges as badge_services
from recognition.services import kudos as kudos_services
from recognition.services import profile as profile_services
from recognition.services import redemptions as redemption_services

IDEMPOTENCY_HEADER = OpenApiParameter(
    "Idempotency-Key",
    str,
    location=OpenApiParameter.HEADER,
    required=False,
    description="Retrying with the same key returns the first result instead of a duplicate.",
)


def _idempotency_key(request: Request) -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    return key[:120] or None


def _require_lead_or_hr(request: Request) -> None:
    if not (is_lead(request.user) or is_hr(request.user)):
        raise PermissionDenied(_("Only team leads and HR can do this."))


class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()


class ValueSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    description = serializers.CharField(read_only=True)

    class Meta:
        model = ValueTag
        fields = ["slug", "name", "description"]


class KudosOutputSerializer(serializers.ModelSerializer):
    giver = PersonSerializer()
    recipients = PersonSerializer(many=True)
    values = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
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
    serializer_class = ValueSerializer
    pagination_class = None

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.active_values()


class KudosListCreateApi(ListAPIView):
    """The company kudos feed (``?team=<id>`` for one team), and giving kudos."""

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

    def get_queryset(self):  # type: ignore[no-untyped-def]
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return selectors.kudos_feed(
            viewer=self.request.user, team_id=filters.validated_data.get("team")
        )

    @extend_schema(
        request=InputSerializer,
        responses={201: KudosOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        kudos = kudos_services.give_kudos(
            giver=request.user,
            recipient_ids=data["recipients"],
            message=data["message"],
            value_slugs=data["values"],
            points_each=data["points_each"],
            interaction_ref=data["interaction_ref"],
            idempotency_key=_idempotency_key(request),
        )
        kudos = selectors.get_kudos(pk=kudos.pk)
        return Response(KudosOutputSerializer(kudos).data, status=status.HTTP_201_CREATED)


class KudosDetailApi(APIView):
    @extend_schema(responses=KudosOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(KudosOutputSerializer(selectors.get_kudos(pk=pk)).data)


class KudosReactionApi(APIView):
    class InputSerializer(serializers.Serializer):
        emoji = serializers.ChoiceField(choices=["clap", "heart", "star", "smile"])

    class OutputSerializer(serializers.Serializer):
        emoji = serializers.CharField()
        reacted = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        emoji = serializer.validated_data["emoji"]
        reacted = kudos_services.toggle_reaction(
            user=request.user, kudos=selectors.get_kudos(pk=pk), emoji=emoji
        )
        return Response({"emoji": emoji, "reacted": reacted})


class PointsApi(APIView):
    class OutputSerializer(serializers.Serializer):
        balance = serializers.IntegerField()
        allowance_remaining = serializers.IntegerField(
            help_text="Points you can still give away this month."
        )

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        return Response(
            {
                "balance": selectors.balance_of(user=request.user),
                "allowance_remaining": selectors.remaining_allowance(user=request.user),
            }
        )


class LedgerListApi(ListAPIView):
    """My points history, newest first. Entries are never edited: corrections reverse."""

    class OutputSerializer(serializers.ModelSerializer):
        reverses = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
        # In the request's language, like the page (``LedgerEntry.memo_text``).
        memo = serializers.CharField(source="memo_text", read_only=True)

        class Meta:
            model = LedgerEntry
            fields = [
                "id",
                "amount",
                "kind",
                "reference_type",
                "reference_id",
                "reverses",
                "memo",
                "created_at",
            ]

    serializer_class = OutputSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return LedgerEntry.objects.none()
        return selectors.ledger_of(user=self.request.user)


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
    serializer_class = BadgeClassOutputSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.active_badge_classes()


class MyBadgeListApi(ListAPIView):
    serializer_class = BadgeAwardOutputSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return BadgeAward.objects.none()
        return selectors.badges_of(user=self.request.user).select_related("recipient")


class PersonBadgeListApi(ListAPIView):
    """Anyone's badges: badges are public recognition inside the company."""

    serializer_class = BadgeAwardOutputSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return BadgeAward.objects.none()
        person = get_active_person(pk=self.kwargs["pk"])
        return selectors.badges_of(user=person).select_related("recipient")


class BadgeAwardCreateApi(APIView):
    """Award a badge to an agent of a team you lead (HR: anyone)."""

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
        _require_lead_or_hr(request)
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        badge_class = selectors.active_badge_classes().filter(slug=data["badge"]).first()
        if badge_class is None:
            raise serializers.ValidationError({"badge": [_("Unknown or inactive badge.")]})
        award = badge_services.award_badge(
            badge_class=badge_class,
            recipient=get_active_person(pk=data["recipient"]),
            awarded_by=request.user,
            evidence_text=data["evidence_text"],
            evidence_url=data["evidence_url"],
            # Award keys are global (rules derive theirs); scope a client's key to its sender.
            idempotency_key=f"user:{request.user.pk}:{key}"
            if (key := _idempotency_key(request))
            else None,
        )
        return Response(BadgeAwardOutputSerializer(award).data, status=status.HTTP_201_CREATED)


class BadgeAwardRevokeApi(APIView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses=BadgeAwardOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        award = badge_services.revoke_award(
            actor=request.user, award_id=pk, reason=serializer.validated_data["reason"]
        )
        return Response(BadgeAwardOutputSerializer(award).data)


class RewardListApi(ListAPIView):
    class OutputSerializer(serializers.ModelSerializer):
        name = serializers.CharField(read_only=True)
        description = serializers.CharField(read_only=True)

        class Meta:
            model = RewardItem
            fields = ["id", "name", "description", "cost", "stock"]

    serializer_class = OutputSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
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

    serializer_class = RedemptionOutputSerializer

    class InputSerializer(serializers.Serializer):
        item = IdField()

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Redemption.objects.none()
        return selectors.my_redemptions(user=self.request.user).select_related("user")

    @extend_schema(
        request=InputSerializer,
        responses={201: RedemptionOutputSerializer},
        parameters=[IDEMPOTENCY_HEADER],
    )
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        redemption = redemption_services.request_redemption(
            user=request.user,
            item_id=serializer.validated_data["item"],
            idempotency_key=_idempotency_key(request),
        )
        return Response(RedemptionOutputSerializer(redemption).data, status=status.HTTP_201_CREATED)


class ApprovalQueueApi(ListAPIView):
    """Pending and approved requests of the teams you lead (HR: all teams)."""

    serializer_class = RedemptionOutputSerializer

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        _require_lead_or_hr(request)
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.approval_queue(viewer=self.request.user)


class RedemptionApproveApi(APIView):
    @extend_schema(request=None, responses=RedemptionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        redemption = redemption_services.approve_redemption(actor=request.user, redemption_id=pk)
        return Response(RedemptionOutputSerializer(redemption).data)


class RedemptionFulfilApi(APIView):
    @extend_schema(request=None, responses=RedemptionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        redemption = redemption_services.fulfil_redemption(actor=request.user, redemption_id=pk)
        return Response(RedemptionOutputSerializer(redemption).data)


class RedemptionRejectApi(APIView):
    class InputSerializer(serializers.Serializer):
        reason = serializers.CharField(max_length=300)

    @extend_schema(request=InputSerializer, responses=RedemptionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        redemption = redemption_services.reject_redemption(
            actor=request.user, redemption_id=pk, reason=serializer.validated_data["reason"]
        )
        return Response(RedemptionOutputSerializer(redemption).data)


class RedemptionCancelApi(APIView):
    @extend_schema(request=None, responses=RedemptionOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        redemption = redemption_services.cancel_redemption(user=request.user, redemption_id=pk)
        return Response(RedemptionOutputSerializer(redemption).data)


class LeaderboardApi(APIView):
    """Most-thanked people who opted in. Nobody who did not opt in ever appears."""

    class FilterSerializer(serializers.Serializer):
        period = serializers.ChoiceField(
            choices=list(selectors.LEADERBOARD_PERIODS),
            default="month",
            error_messages={"invalid_choice": gettext_lazy("Choose month, quarter or year.")},
        )
        # A slug before any query: PostgreSQL refuses even to compare text with a NUL in it.
        value = serializers.SlugField(required=False, allow_blank=True)

    class OutputSerializer(serializers.Serializer):
        person = PersonSerializer(source="user")
        kudos = serializers.IntegerField()
        points = serializers.IntegerField()

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=["month", "quarter", "year"]),
            OpenApiParameter("value", str, description="company value slug"),
        ],
        responses=OutputSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        period = filters.validated_data["period"]
        value = filters.validated_data.get("value") or None
        if value and not selectors.active_values().filter(slug=value).exists():
            raise serializers.ValidationError({"value": [_("Unknown value.")]})
        rows = selectors.leaderboard(period=period, value_slug=value)
        return Response(self.OutputSerializer(rows, many=True).data)


class LeaderboardOptInApi(APIView):
    class InputSerializer(serializers.Serializer):
        opt_in = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=InputSerializer)
    def post(self, request: Request) -> Response:
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        profile = profile_services.set_leaderboard_opt_in(
            user=request.user, opt_in=serializer.validated_data["opt_in"]
        )
        return Response({"opt_in": profile.leaderboard_opt_in})
