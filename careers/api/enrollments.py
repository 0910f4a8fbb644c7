"""Careers API: enrollments (agents enroll, leads and HR assign) and module completion."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careers import selectors
from careers.api.common import (
    TAGS,
    CareerPersonSerializer,
    TrainingPathRefSerializer,
    WritesNeed,
)
from careers.models import (
    Enrollment,
)
from careers.services import enrollments as enrollment_services
from core.api import validated
from core.fields import IdField
from people.http import person_of
from people.permissions import IsLeadOrHR, IsSignedIn
from people.selectors import get_active_person

# --- Enrollments --------------------------------------------------------------------------


class EnrollmentOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    path = TrainingPathRefSerializer()
    assigned_by = CareerPersonSerializer(allow_null=True)
    due_on = serializers.DateField(allow_null=True)
    completed_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()
    modules_done = serializers.IntegerField(source="done_count")
    modules_total = serializers.IntegerField(source="module_count")


class ModuleProgressOutputSerializer(serializers.Serializer):
    module_id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    has_quiz = serializers.BooleanField()
    pass_mark = serializers.IntegerField(allow_null=True)
    attempts = serializers.IntegerField()
    last_score = serializers.IntegerField(allow_null=True, help_text="Last quiz score (%).")
    completed_at = serializers.DateTimeField(allow_null=True)


def _enrollment_response(request: Request, enrollment: Enrollment, *, code: int) -> Response:
    enrollment = selectors.get_enrollment_for_user(user=person_of(request), pk=enrollment.pk)
    return Response(EnrollmentOutputSerializer(enrollment).data, status=code)


class EnrollmentListCreateApi(WritesNeed, ListAPIView):
    """My enrollments with their progress; leads (of the person's team) and HR assign a
    path to someone, optionally with a due date."""

    permission_classes = [IsSignedIn]
    write_permission_classes = [IsLeadOrHR]

    serializer_class = EnrollmentOutputSerializer

    class InputSerializer(serializers.Serializer):
        user = IdField(help_text="The person to assign the path to.")
        path = IdField()
        due_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Enrollment]:
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return selectors.enrollments_of(user=person_of(self.request))

    @extend_schema(
        tags=TAGS,
        request=InputSerializer,
        responses={201: EnrollmentOutputSerializer, 200: EnrollmentOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        try:
            path = selectors.get_path(pk=data["path"])
        except Http404:
            raise ValidationError({"path": [_("This training path does not exist.")]}) from None
        person = get_active_person(pk=data["user"])
        existed = selectors.find_enrollment(user=person, path=path) is not None
        enrollment = enrollment_services.assign_path(
            actor=person_of(request), agent=person, path=path, due_on=data["due_on"]
        )
        # The assignee's enrollment, not the caller's: read it back for them.
        enrollment = selectors.get_enrollment_for_user(user=person, pk=enrollment.pk)
        return Response(
            EnrollmentOutputSerializer(enrollment).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class PathEnrollApi(APIView):
    """Enroll myself: 201 for a new enrollment, 200 with the one I already have."""

    permission_classes = [IsSignedIn]

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={201: EnrollmentOutputSerializer, 200: EnrollmentOutputSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        path = selectors.get_path(pk=pk)
        existed = selectors.find_enrollment(user=person_of(request), path=path) is not None
        enrollment = enrollment_services.enroll(user=person_of(request), path=path)
        return _enrollment_response(
            request, enrollment, code=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class EnrollmentDetailApi(APIView):
    """One of my enrollments with the progress of each module."""

    permission_classes = [IsSignedIn]

    class OutputSerializer(EnrollmentOutputSerializer):
        modules = serializers.SerializerMethodField()

        @extend_schema_field(ModuleProgressOutputSerializer(many=True))
        def get_modules(self, enrollment: Enrollment) -> list[dict[str, Any]]:
            progress = selectors.enrollment_progress(enrollment=enrollment)
            rows = []
            for module in selectors.enrollment_modules(enrollment=enrollment):
                done = progress.get(module.pk)
                rows.append(
                    {
                        "module_id": module.pk,
                        "position": module.position,
                        "title": module.title,
                        "estimated_minutes": module.estimated_minutes,
                        "has_quiz": module.has_quiz,
                        "pass_mark": module.pass_mark,
                        "attempts": done.attempts if done else 0,
                        "last_score": done.last_score if done else None,
                        "completed_at": done.completed_at if done else None,
                    }
                )
            return list(ModuleProgressOutputSerializer(rows, many=True).data)

    @extend_schema(tags=TAGS, responses=OutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        enrollment = selectors.get_enrollment_for_user(user=person_of(request), pk=pk)
        return Response(self.OutputSerializer(enrollment).data)


class ModuleCompleteApi(APIView):
    """Mark a module of my enrollment done, or grade its quiz. Completing the last module
    completes the path (its badge and points are awarded once)."""

    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        answers = serializers.DictField(
            child=IdField(),
            required=False,
            allow_null=True,
            default=None,
            help_text="Quiz modules: {question id: chosen answer id} for every question.",
        )

    class OutputSerializer(serializers.Serializer):
        passed = serializers.BooleanField()
        score = serializers.IntegerField(allow_null=True, help_text="Quiz score (%).")
        attempts = serializers.IntegerField()
        path_completed_now = serializers.BooleanField()
        enrollment = EnrollmentOutputSerializer()

    @extend_schema(tags=TAGS, request=InputSerializer, responses=OutputSerializer)
    def post(self, request: Request, pk: int, module_id: int) -> Response:
        data = validated(self.InputSerializer, request)
        result = enrollment_services.complete_module(
            user=person_of(request), enrollment_id=pk, module_id=module_id, answers=data["answers"]
        )
        enrollment = selectors.get_enrollment_for_user(user=person_of(request), pk=pk)
        return Response(
            self.OutputSerializer(
                {
                    "passed": result.passed,
                    "score": result.score,
                    "attempts": result.progress.attempts,
                    "path_completed_now": result.path_completed_now,
                    "enrollment": enrollment,
                }
            ).data
        )
