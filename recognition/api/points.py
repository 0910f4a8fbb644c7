"""Points API: my balance and history, the leaderboard and opting in to it."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from people.http import person_of
from people.permissions import IsSignedIn
from recognition import selectors
from recognition.api.common import PersonSerializer
from recognition.models import (
    LedgerEntry,
)
from recognition.services import profile as profile_services


class PointsApi(APIView):
    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.Serializer):
        balance = serializers.IntegerField()
        allowance_remaining = serializers.IntegerField(
            help_text="Points you can still give away this month."
        )

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        user = person_of(request)
        return Response(
            {
                "balance": selectors.balance_of(user=user),
                "allowance_remaining": selectors.remaining_allowance(user=user),
            }
        )


class LedgerListApi(ListAPIView):
    """My points history, newest first. Entries are never edited: corrections reverse."""

    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.ModelSerializer):
        reverses: serializers.PrimaryKeyRelatedField[LedgerEntry] = (
            serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
        )
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

    def get_queryset(self) -> QuerySet[LedgerEntry]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return LedgerEntry.objects.none()
        return selectors.ledger_of(user=person_of(self.request))


class LeaderboardApi(APIView):
    """Most-thanked people who opted in. Nobody who did not opt in ever appears."""

    permission_classes = [IsSignedIn]

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
        filters = validated(self.FilterSerializer, request, query=True)
        period = filters["period"]
        value = filters.get("value") or None
        if value and not selectors.active_values().filter(slug=value).exists():
            raise serializers.ValidationError({"value": [_("Unknown value.")]})
        rows = selectors.leaderboard(period=period, value_slug=value)
        return Response(self.OutputSerializer(rows, many=True).data)


class LeaderboardOptInApi(APIView):
    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        opt_in = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=InputSerializer)
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        profile = profile_services.set_leaderboard_opt_in(
            user=person_of(request), opt_in=data["opt_in"]
        )
        return Response({"opt_in": profile.leaderboard_opt_in})
