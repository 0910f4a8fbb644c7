from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from core.schema import ErrorSerializer
from people.http import person_of
from people.permissions import IsHR, IsSignedIn
from people.time import local_today
from wellbeing import selectors, services
from wellbeing.forms import TrendFilterForm
from wellbeing.models import NOTE_MAX_LENGTH, CheckIn, MoodTag


class CheckInOutputSerializer(serializers.ModelSerializer):
    date = serializers.DateField(source="local_date")
    tags: serializers.SlugRelatedField[MoodTag] = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )

    class Meta:
        model = CheckIn
        fields = [
            "id",
            "date",
            "mood",
            "energy",
            "stress",
            "tags",
            "note",
            "shared_with_lead",
            "created_at",
            "updated_at",
        ]


class SharedCheckInOutputSerializer(CheckInOutputSerializer):
    """What a lead sees of a check-in shared with them: never the private note."""

    author = serializers.CharField(source="user.display_name")

    class Meta(CheckInOutputSerializer.Meta):
        fields = [f for f in CheckInOutputSerializer.Meta.fields if f != "note"] + ["author"]


def _today(request: Request) -> dt.date:
    return local_today(user=person_of(request))


class CheckInListApi(ListAPIView):
    """My check-ins, newest first. Nobody else's, whatever the caller's role."""

    permission_classes = [IsSignedIn]

    serializer_class = CheckInOutputSerializer

    class FilterSerializer(serializers.Serializer):
        date_from = serializers.DateField(required=False)
        date_to = serializers.DateField(required=False)

    @extend_schema(
        parameters=[
            OpenApiParameter("date_from", OpenApiTypes.DATE, description="inclusive"),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description="inclusive"),
        ]
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CheckIn]:
        if getattr(self, "swagger_fake_view", False):
            return CheckIn.objects.none()
        filters = validated(self.FilterSerializer, self.request, query=True)
        today = _today(self.request)
        errors = {
            name: [_("Dates cannot be in the future.")]
            for name, value in filters.items()
            if value > today
        }
        if errors:
            raise ValidationError(errors)
        return selectors.my_check_ins(user=person_of(self.request), **filters)


class CheckInTodayApi(APIView):
    """Today's check-in in my time zone: read it, or create/update it with PUT."""

    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        mood = serializers.IntegerField(min_value=1, max_value=5)
        energy = serializers.IntegerField(min_value=1, max_value=5)
        stress = serializers.IntegerField(min_value=1, max_value=5)
        tags = serializers.ListField(child=serializers.SlugField(), required=False, default=list)
        note = serializers.CharField(
            required=False, allow_blank=True, default="", max_length=NOTE_MAX_LENGTH
        )
        shared_with_lead = serializers.BooleanField(required=False, default=False)
        date = serializers.DateField(
            required=False, help_text="Optional; must be today in your time zone."
        )

    @extend_schema(responses={200: CheckInOutputSerializer, 404: ErrorSerializer})
    def get(self, request: Request) -> Response:
        """404 until I check in today."""
        check_in = selectors.todays_check_in(user=person_of(request))
        if check_in is None:
            raise Http404
        return Response(CheckInOutputSerializer(check_in).data)

    @extend_schema(
        request=InputSerializer,
        responses={200: CheckInOutputSerializer, 201: CheckInOutputSerializer},
    )
    def put(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        check_in, created = services.record_check_in(
            user=person_of(request),
            mood=data["mood"],
            energy=data["energy"],
            stress=data["stress"],
            tag_slugs=data["tags"],
            note=data["note"],
            shared_with_lead=data["shared_with_lead"],
            day=data.get("date"),
        )
        return Response(
            CheckInOutputSerializer(check_in).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class CheckInDetailApi(APIView):
    """One check-in: its author, or the author's lead while it is shared. Else 404."""

    permission_classes = [IsSignedIn]

    @extend_schema(responses=CheckInOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        user = person_of(request)
        check_in = selectors.get_check_in_for_user(user=user, pk=pk)
        if check_in.user_id == user.pk:
            return Response(CheckInOutputSerializer(check_in).data)
        services.record_shared_check_in_views(viewer=user, check_ins=[check_in])
        return Response(SharedCheckInOutputSerializer(check_in).data)


class CheckInSharingApi(APIView):
    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        shared = serializers.BooleanField()

    @extend_schema(request=InputSerializer, responses=CheckInOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        data = validated(self.InputSerializer, request)
        check_in = services.set_check_in_sharing(
            user=person_of(request), check_in_id=pk, shared=data["shared"]
        )
        return Response(CheckInOutputSerializer(check_in).data)


class TopTagSerializer(serializers.Serializer):
    tag = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()


class TrendWindowSerializer(serializers.Serializer):
    start = serializers.DateField()
    end = serializers.DateField()
    state = serializers.ChoiceField(
        choices=["shown", "too_few", "in_progress"],
        help_text=(
            "shown: the numbers below. too_few: fewer than min_group_size people, or hidden "
            "so that another window cannot be subtracted down to fewer. in_progress: not "
            "over in every time zone yet (numbers appear once its week has ended)."
        ),
    )
    suppressed = serializers.BooleanField(help_text="True unless state is shown: no numbers.")
    respondents = serializers.IntegerField(allow_null=True)
    participation = serializers.FloatField(allow_null=True)
    mood = serializers.FloatField(allow_null=True)
    energy = serializers.FloatField(allow_null=True)
    stress = serializers.FloatField(allow_null=True)
    mood_distribution = serializers.ListField(child=serializers.IntegerField())
    top_tags = serializers.SerializerMethodField()
    tag_uses = serializers.IntegerField(
        allow_null=True,
        help_text="Check-ins in the window with the asked tag; null below 2 or with no tag.",
    )

    @extend_schema_field(TopTagSerializer(many=True))
    def get_top_tags(self, window: Any) -> list[dict[str, Any]]:
        return [
            {"tag": slug, "name": name, "count": count} for slug, name, count in window.top_tags
        ]


class TrendReportSerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=["day", "week", "month"])
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    tag = serializers.CharField(allow_null=True)
    min_group_size = serializers.IntegerField()
    windows = TrendWindowSerializer(many=True)


TREND_PARAMETERS = [
    OpenApiParameter(
        "period",
        str,
        enum=["day", "week", "month"],
        description="day; ISO week (Monday to Sunday); or month of whole weeks (the weeks "
        "whose Thursday falls in it)",
    ),
    OpenApiParameter(
        "date_from",
        OpenApiTypes.DATE,
        description="from 2000-01-01; only windows wholly inside are listed",
    ),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="not in the future"),
    OpenApiParameter("tag", str, description="slug of a check-in tag: adds how often it was used"),
]


def _trend_filters(request: Request) -> dict[str, Any]:
    form = TrendFilterForm(request.query_params, today=_today(request))
    if not form.is_valid():
        raise ValidationError(
            {
                field: [e["message"] for e in errs]
                for field, errs in form.errors.get_json_data().items()
            }
        )
    return form.filters()


class TeamTrendsApi(APIView):
    """Anonymous trends of a team, for its leads."""

    permission_classes = [IsSignedIn]

    @extend_schema(parameters=TREND_PARAMETERS, responses=TrendReportSerializer)
    def get(self, request: Request, pk: int) -> Response:
        _team, scope = selectors.team_trend_scope(viewer=person_of(request), team_id=pk)
        report = selectors.trend_report(scope=scope, **_trend_filters(request))
        return Response(TrendReportSerializer(report).data)


class CompanyTrendsApi(APIView):
    """Anonymous company-wide trends, for HR (without the teams the caller leads)."""

    permission_classes = [IsHR]

    @extend_schema(parameters=TREND_PARAMETERS, responses=TrendReportSerializer)
    def get(self, request: Request) -> Response:
        report = selectors.company_trends(viewer=person_of(request), **_trend_filters(request))
        return Response(TrendReportSerializer(report).data)


class StreakApi(APIView):
    """My current streak, the number every page shows (``selectors.current_streak``)."""

    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.Serializer):
        days = serializers.IntegerField(help_text="Consecutive days ending today or yesterday.")
        checked_in_today = serializers.BooleanField()

    @extend_schema(responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        user = person_of(request)
        return Response(
            {
                "days": selectors.current_streak(user=user),
                "checked_in_today": selectors.todays_check_in(user=user) is not None,
            }
        )


class MyDataApi(APIView):
    """Everything Cuida keeps about how I felt: download it, or erase it for good."""

    permission_classes = [IsSignedIn]

    class ExportSerializer(serializers.Serializer):
        check_ins = serializers.ListField(child=serializers.DictField())

    class ErasedSerializer(serializers.Serializer):
        check_ins = serializers.IntegerField()
        reminders = serializers.IntegerField()
        chat_requests = serializers.IntegerField()

    @extend_schema(responses=ExportSerializer)
    def get(self, request: Request) -> Response:
        return Response({"check_ins": selectors.export_my_data(user=person_of(request))})

    @extend_schema(
        parameters=[OpenApiParameter("confirm", bool, required=True, description="must be true")],
        responses={200: ErasedSerializer},
    )
    def delete(self, request: Request) -> Response:
        if request.query_params.get("confirm") != "true":
            raise ValidationError({"confirm": [_("Pass confirm=true to erase your data.")]})
        return Response(services.erase_wellbeing_data(user=person_of(request)))


class ChatRequestApi(APIView):
    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        created_at = serializers.DateTimeField()

    @extend_schema(request=None, responses={201: OutputSerializer})
    def post(self, request: Request) -> Response:
        chat_request = services.request_lead_chat(user=person_of(request))
        return Response(self.OutputSerializer(chat_request).data, status=status.HTTP_201_CREATED)
