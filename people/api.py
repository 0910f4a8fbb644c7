from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from people import selectors, services
from people.http import person_of
from people.models import Language, Membership, Team
from people.permissions import IsSignedIn


class RolesSerializer(serializers.Serializer):
    is_agent = serializers.BooleanField()
    is_lead = serializers.BooleanField()
    is_hr = serializers.BooleanField()
    agent_team_id = serializers.IntegerField(allow_null=True)
    led_team_ids = serializers.ListField(child=serializers.IntegerField())


class MeApi(APIView):
    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        email = serializers.EmailField()
        display_name = serializers.CharField()
        preferred_language = serializers.CharField()
        time_zone = serializers.CharField()
        roles = RolesSerializer()

    class InputSerializer(serializers.Serializer):
        display_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
        preferred_language = serializers.ChoiceField(choices=Language.choices, required=False)
        time_zone = serializers.CharField(max_length=64, required=False)

        def validate_time_zone(self, value: str) -> str:
            import zoneinfo

            if value not in zoneinfo.available_timezones():
                raise serializers.ValidationError(_("Unknown time zone."))
            return value

    def _output(self, request: Request) -> Response:
        user = person_of(request)
        roles = selectors.get_roles(user)
        return Response(
            self.OutputSerializer(
                {
                    "id": user.pk,
                    "email": user.email,
                    "display_name": user.display_name,
                    "preferred_language": user.preferred_language,
                    "time_zone": str(user.time_zone),
                    "roles": {
                        "is_agent": roles.is_agent,
                        "is_lead": roles.is_lead,
                        "is_hr": roles.is_hr,
                        "agent_team_id": roles.agent_team_id,
                        "led_team_ids": sorted(roles.led_team_ids),
                    },
                }
            ).data
        )

    @extend_schema(operation_id="me_retrieve", responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        return self._output(request)

    @extend_schema(operation_id="me_update", request=InputSerializer, responses=OutputSerializer)
    def patch(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        services.update_profile(user=person_of(request), **data)
        return self._output(request)


class TeamListApi(ListAPIView):
    """Teams the caller may see: HR all, a lead the teams they lead, an agent their own."""

    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.ModelSerializer):
        agent_count = serializers.IntegerField(read_only=True)

        class Meta:
            model = Team
            fields = ["id", "name", "description", "agent_count"]

    serializer_class = OutputSerializer

    def get_queryset(self) -> QuerySet[Team]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no request
            return Team.objects.none()
        return selectors.teams_visible_to(viewer=person_of(self.request))


class TeamMembersApi(ListAPIView):
    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.ModelSerializer):
        user_id = serializers.IntegerField(source="user.id")
        display_name = serializers.CharField(source="user.display_name")
        email = serializers.EmailField(source="user.email")

        class Meta:
            model = Membership
            fields = ["user_id", "display_name", "email", "role"]

    serializer_class = OutputSerializer

    @extend_schema(
        responses={200: OutputSerializer(many=True)},
        description="Members of a team the caller may see; 404 for any other team.",
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Membership]:
        if getattr(self, "swagger_fake_view", False):  # schema generation has no request
            return Membership.objects.none()
        team = selectors.get_team_for_user(user=person_of(self.request), pk=self.kwargs["pk"])
        return selectors.team_members(team=team)
