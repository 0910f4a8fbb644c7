"""Careers API: career plans, goals, coaching notes, readiness and level history. A plan's
private notes go out only through ``MyPlanApi`` (the agent's own plan)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careers import selectors
from careers.api.common import (
    TAGS,
    CareerPersonSerializer,
    CodeChoiceField,
    HeldLevelSerializer,
    LevelRefSerializer,
    PromotionBriefSerializer,
    RequirementStatusOutputSerializer,
    TrackRefSerializer,
)
from careers.models import (
    GOAL_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    Goal,
    LevelHistory,
)
from careers.readiness import readiness_of
from careers.services import plans as plan_services
from core.api import validated
from core.fields import IdField
from people.http import person_of
from people.models import User
from people.permissions import IsSignedIn, Person
from people.selectors import get_team_led_by_or_hr

# --- Career plans -------------------------------------------------------------------------


class GoalOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    due_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="open, in_progress, done or dropped")
    status_label = serializers.CharField(source="get_status_display")
    created_by = CareerPersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


class CoachingNoteOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    author = CareerPersonSerializer(allow_null=True)
    created_at = serializers.DateTimeField()


class CareerPlanOutputSerializer(serializers.Serializer):
    """A career plan as the agent's leads and HR read it: never the private notes."""

    agent = CareerPersonSerializer()
    current_level = HeldLevelSerializer(allow_null=True)
    target_level = LevelRefSerializer(allow_null=True)
    goals = GoalOutputSerializer(many=True)
    coaching_notes = CoachingNoteOutputSerializer(many=True)
    open_promotion = PromotionBriefSerializer(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class MyCareerPlanOutputSerializer(CareerPlanOutputSerializer):
    """My own plan, with the notes only I ever read."""

    private_notes = serializers.CharField()


def _plan_data(*, viewer: Person, agent: User) -> dict[str, Any]:
    plan = selectors.plan_for_viewer(viewer=viewer, agent=agent)
    return {
        "agent": agent,
        "plan": plan,
        "current_level": selectors.current_level(agent=agent),
        "target_level": plan.target_level,
        "goals": selectors.goals_of(plan=plan),
        "coaching_notes": selectors.coaching_notes_of(plan=plan),
        "open_promotion": selectors.open_promotion(agent=agent),
        "updated_at": plan.updated_at,
    }


def _my_plan(request: Request) -> Response:
    data = _plan_data(viewer=request.user, agent=person_of(request))
    data["private_notes"] = data["plan"].private_notes
    return Response(MyCareerPlanOutputSerializer(data).data)


def _plan(request: Request, agent: User) -> Response:
    return Response(CareerPlanOutputSerializer(_plan_data(viewer=request.user, agent=agent)).data)


class MyPlanApi(APIView):
    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        target_level = IdField(
            required=False, allow_null=True, help_text="A level above my current one; null clears"
        )
        private_notes = serializers.CharField(
            max_length=NOTE_MAX_LENGTH,
            required=False,
            allow_blank=True,
            trim_whitespace=False,
            help_text="Only I ever read these.",
        )

    @extend_schema(tags=TAGS, responses=MyCareerPlanOutputSerializer)
    def get(self, request: Request) -> Response:
        return _my_plan(request)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=MyCareerPlanOutputSerializer)
    def patch(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        # Both or neither: a refused target leaves the notes as they were.
        with transaction.atomic():
            if "target_level" in data:
                plan_services.set_target_level(
                    actor=person_of(request),
                    agent=person_of(request),
                    level_id=data["target_level"],
                )
            if "private_notes" in data:
                plan_services.set_private_notes(user=person_of(request), text=data["private_notes"])
        return _my_plan(request)


class PlanDetailApi(APIView):
    """Someone's plan: the agent, their team's leads and HR read it (others get 404); the
    agent and their leads set its target. Never the private notes, even for the agent."""

    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        target_level = IdField(allow_null=True, help_text="null clears")

    @extend_schema(tags=TAGS, responses=CareerPlanOutputSerializer)
    def get(self, request: Request, user_id: int) -> Response:
        return _plan(request, selectors.get_agent_for_plan(viewer=request.user, pk=user_id))

    @extend_schema(tags=TAGS, request=InputSerializer, responses=CareerPlanOutputSerializer)
    def patch(self, request: Request, user_id: int) -> Response:
        agent = selectors.get_agent_for_plan(viewer=request.user, pk=user_id)
        data = validated(self.InputSerializer, request)
        plan_services.set_target_level(
            actor=person_of(request), agent=agent, level_id=data["target_level"]
        )
        return _plan(request, agent)


class PlanReadinessApi(APIView):
    """How ready the person is for their target level, requirement by requirement, from
    the records themselves (badges, training, level history, results, endorsements)."""

    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.Serializer):
        agent = CareerPersonSerializer()
        level = LevelRefSerializer(allow_null=True, help_text="The target level.")
        current_level = HeldLevelSerializer(allow_null=True)
        percent = serializers.IntegerField(help_text="Share of requirements met, rounded down.")
        ready = serializers.BooleanField()
        met = serializers.IntegerField()
        total = serializers.IntegerField()
        requirements = RequirementStatusOutputSerializer(many=True)

    @extend_schema(tags=TAGS, responses=OutputSerializer)
    def get(self, request: Request, user_id: int) -> Response:
        agent = selectors.get_agent_for_plan(viewer=request.user, pk=user_id)
        readiness = readiness_of(agent=agent)
        return Response(
            self.OutputSerializer(
                {
                    "agent": agent,
                    "level": readiness.level,
                    "current_level": readiness.current,
                    "percent": readiness.percent,
                    "ready": readiness.ready,
                    "met": readiness.met_count,
                    "total": readiness.total,
                    "requirements": [s.as_dict() for s in readiness.statuses],
                }
            ).data
        )


class GoalCreateApi(APIView):
    """The agent or their team's lead adds a goal to the plan."""

    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=GOAL_MAX_LENGTH)
        due_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(tags=TAGS, request=InputSerializer, responses={201: GoalOutputSerializer})
    def post(self, request: Request, user_id: int) -> Response:
        agent = selectors.get_agent_for_plan(viewer=request.user, pk=user_id)
        data = validated(self.InputSerializer, request)
        goal = plan_services.add_goal(actor=person_of(request), agent=agent, **data)
        return Response(GoalOutputSerializer(goal).data, status=status.HTTP_201_CREATED)


class GoalUpdateApi(APIView):
    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=GOAL_MAX_LENGTH, required=False)
        due_on = serializers.DateField(required=False)
        status = CodeChoiceField(
            choices=Goal.Status.choices,
            required=False,
            help_text="open, in_progress, done or dropped",
        )

    @extend_schema(tags=TAGS, request=InputSerializer, responses=GoalOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        data = validated(self.InputSerializer, request)
        goal = plan_services.update_goal(actor=person_of(request), goal_id=pk, **data)
        return Response(GoalOutputSerializer(goal).data)


class CoachingNoteCreateApi(APIView):
    """A lead's check-in note on the plan of an agent of their team; the agent reads it."""

    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=NOTE_MAX_LENGTH)

    @extend_schema(
        tags=TAGS, request=InputSerializer, responses={201: CoachingNoteOutputSerializer}
    )
    def post(self, request: Request, user_id: int) -> Response:
        agent = selectors.get_agent_for_plan(viewer=request.user, pk=user_id)
        data = validated(self.InputSerializer, request)
        note = plan_services.add_coaching_note(
            actor=person_of(request), agent=agent, text=data["text"]
        )
        return Response(CoachingNoteOutputSerializer(note).data, status=status.HTTP_201_CREATED)


class LevelHistoryListApi(ListAPIView):
    """The levels the person held, newest first; the entry without ``ended_at`` is now."""

    permission_classes = [IsSignedIn]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        level = LevelRefSerializer()
        track = TrackRefSerializer(source="level.track")
        started_at = serializers.DateTimeField()
        ended_at = serializers.DateTimeField(allow_null=True)
        set_by = CareerPersonSerializer(allow_null=True)
        promotion_id = serializers.IntegerField(allow_null=True)
        note = serializers.CharField()

    serializer_class = OutputSerializer

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[LevelHistory]:
        if getattr(self, "swagger_fake_view", False):
            return LevelHistory.objects.none()
        agent = selectors.get_agent_for_plan(viewer=self.request.user, pk=self.kwargs["user_id"])
        return selectors.level_history(agent=agent)


class PlanRowOutputSerializer(serializers.Serializer):
    agent = CareerPersonSerializer()
    current_level = HeldLevelSerializer(source="readiness.current", allow_null=True)
    target_level = LevelRefSerializer(source="readiness.level", allow_null=True)
    readiness_percent = serializers.IntegerField(source="readiness.percent")
    ready = serializers.BooleanField(source="readiness.ready")
    open_promotion = PromotionBriefSerializer(allow_null=True)


class TeamPlanListApi(APIView):
    """One row per agent of the team (its leads and HR): level, target, readiness,
    open endorsement and training. A fixed number of queries, whatever the team's size."""

    permission_classes = [IsSignedIn]

    class OutputSerializer(PlanRowOutputSerializer):
        active_enrollments = serializers.IntegerField()
        overdue_enrollments = serializers.IntegerField()

    @extend_schema(tags=TAGS, responses=OutputSerializer(many=True))
    def get(self, request: Request, team_id: int) -> Response:
        team = get_team_led_by_or_hr(user=person_of(request), pk=team_id)
        rows = selectors.team_plan_rows(team=team)
        return Response(self.OutputSerializer(rows, many=True).data)
