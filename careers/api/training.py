"""Careers API: training paths, modules and quizzes (HR write), enrollments and module
completion (agents). Which quiz answer is correct leaves only through HR's module editor
(``ModuleDetailApi``)."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from careers import selectors
from careers.api.common import (
    TAGS,
    CareerBadgeRefSerializer,
    CareerPersonSerializer,
    NamedBilingualSerializer,
    TrackRefSerializer,
    TrainingPathRefSerializer,
    require_hr,
    require_lead_or_hr,
    validated,
)
from careers.models import (
    MODULE_BODY_MAX_LENGTH,
    Enrollment,
    Module,
)
from careers.services import training as training_services
from core.fields import IdField
from people.selectors import get_active_person

# --- Training paths and modules -----------------------------------------------------------


class TrainingPathOutputSerializer(NamedBilingualSerializer):
    slug = serializers.CharField()
    track = TrackRefSerializer(allow_null=True)
    badge = CareerBadgeRefSerializer(
        source="badge_class", allow_null=True, help_text="Awarded on completion."
    )
    points = serializers.IntegerField(help_text="Awarded on completion.")
    active = serializers.BooleanField(help_text="Archived paths accept no new enrollments.")
    module_count = serializers.IntegerField()
    total_minutes = serializers.SerializerMethodField()

    def get_total_minutes(self, path: Any) -> int:
        return path.total_minutes or 0


class QuizChoiceOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()


class QuizQuestionOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    prompt = serializers.CharField()
    choices = QuizChoiceOutputSerializer(many=True)


class TrainingModuleOutputSerializer(serializers.Serializer):
    """A module as learners see it: the quiz's answers, never which one is correct."""

    id = serializers.IntegerField()
    position = serializers.IntegerField()
    title = serializers.CharField()
    body = serializers.CharField(help_text="Markdown")
    url = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    has_quiz = serializers.BooleanField()
    pass_mark = serializers.IntegerField(allow_null=True, help_text="Percent to pass the quiz.")
    questions = QuizQuestionOutputSerializer(many=True)


class TrainingPathDetailOutputSerializer(TrainingPathOutputSerializer):
    modules = TrainingModuleOutputSerializer(many=True)


class QuizChoiceEditOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    text_en = serializers.CharField()
    text_es = serializers.CharField()
    correct = serializers.BooleanField()


class QuizQuestionEditOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField()
    prompt_en = serializers.CharField()
    prompt_es = serializers.CharField()
    choices = QuizChoiceEditOutputSerializer(many=True)


class TrainingModuleEditOutputSerializer(serializers.Serializer):
    """A module as HR edit it, both languages and the correct answers included."""

    id = serializers.IntegerField()
    path_id = serializers.IntegerField()
    position = serializers.IntegerField()
    title_en = serializers.CharField()
    title_es = serializers.CharField()
    body_en = serializers.CharField()
    body_es = serializers.CharField()
    url = serializers.CharField()
    estimated_minutes = serializers.IntegerField()
    pass_mark = serializers.IntegerField(allow_null=True)
    questions = QuizQuestionEditOutputSerializer(many=True)


class QuizChoiceInputSerializer(serializers.Serializer):
    text_en = serializers.CharField(max_length=200)
    text_es = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text="default: en"
    )
    correct = serializers.BooleanField(required=False, default=False)


class QuizQuestionInputSerializer(serializers.Serializer):
    prompt_en = serializers.CharField(max_length=300)
    prompt_es = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="default: en"
    )
    choices = QuizChoiceInputSerializer(many=True, help_text="Two or more, one correct at least.")


def _quiz_input(module: Module) -> list[dict[str, Any]]:
    """The module's current quiz in the input shape, to keep it when only the text changes."""
    return [
        {
            "prompt_en": question.prompt_en,
            "prompt_es": question.prompt_es,
            "choices": [
                {"text_en": c.text_en, "text_es": c.text_es, "correct": c.correct}
                for c in question.choices.all()
            ],
        }
        for question in module.questions.all()
    ]


class PathListCreateApi(ListAPIView):
    """The training catalog (active paths with modules; ``track`` and ``max_minutes``
    narrow it); HR add paths."""

    serializer_class = TrainingPathOutputSerializer

    class FilterSerializer(serializers.Serializer):
        track = IdField(required=False)
        max_minutes = serializers.IntegerField(min_value=1, required=False)
        include_archived = serializers.BooleanField(required=False, default=False)

    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120)
        name_es = serializers.CharField(max_length=120)
        description_en = serializers.CharField(required=False, allow_blank=True, default="")
        description_es = serializers.CharField(required=False, allow_blank=True, default="")
        track = IdField(required=False, allow_null=True)
        badge_class = IdField(
            required=False, allow_null=True, help_text="Badge awarded on completion."
        )
        points = serializers.IntegerField(
            min_value=0, required=False, default=0, help_text="Points awarded on completion."
        )

    @extend_schema(
        tags=TAGS,
        parameters=[
            OpenApiParameter("track", int, description="career track id"),
            OpenApiParameter("max_minutes", int, description="at most this long in total"),
            OpenApiParameter("include_archived", bool, description="HR only: archived too"),
        ],
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        filters = self.FilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        if data["include_archived"]:
            require_hr(self.request)
        return selectors.training_catalog(
            track_id=data.get("track"),
            max_minutes=data.get("max_minutes"),
            include_archived=data["include_archived"],
        )

    @extend_schema(
        tags=TAGS, request=InputSerializer, responses={201: TrainingPathDetailOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        require_hr(request)
        data = validated(self.InputSerializer, request)
        path = training_services.create_path(
            actor=request.user,
            name_en=data["name_en"],
            name_es=data["name_es"],
            description_en=data["description_en"],
            description_es=data["description_es"],
            track_id=data.get("track"),
            badge_class_id=data.get("badge_class"),
            points=data["points"],
        )
        return Response(
            TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=path.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class PathDetailApi(APIView):
    class InputSerializer(serializers.Serializer):
        name_en = serializers.CharField(max_length=120, required=False)
        name_es = serializers.CharField(max_length=120, required=False)
        description_en = serializers.CharField(required=False, allow_blank=True)
        description_es = serializers.CharField(required=False, allow_blank=True)
        track = IdField(required=False, allow_null=True)
        badge_class = IdField(required=False, allow_null=True)
        points = serializers.IntegerField(min_value=0, required=False)
        active = serializers.BooleanField(required=False)

    @extend_schema(tags=TAGS, responses=TrainingPathDetailOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        """A path with its modules and quiz questions (answers never marked correct)."""
        return Response(TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=pk)).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrainingPathDetailOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        require_hr(request)
        path = selectors.get_path(pk=pk)
        data = validated(self.InputSerializer, request)
        training_services.update_path(
            actor=request.user,
            path=path,
            name_en=data.get("name_en", path.name_en),
            name_es=data.get("name_es", path.name_es),
            description_en=data.get("description_en", path.description_en),
            description_es=data.get("description_es", path.description_es),
            track_id=data.get("track", path.track_id),
            badge_class_id=data.get("badge_class", path.badge_class_id),
            points=data.get("points", path.points),
            active=data.get("active", path.active),
        )
        return Response(TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=pk)).data)


class ModuleCreateApi(APIView):
    """Append a module (Markdown text or a link) to a path, with an optional quiz."""

    class InputSerializer(serializers.Serializer):
        title_en = serializers.CharField(max_length=160)
        title_es = serializers.CharField(max_length=160)
        body_en = serializers.CharField(
            max_length=MODULE_BODY_MAX_LENGTH, required=False, allow_blank=True, default=""
        )
        body_es = serializers.CharField(
            max_length=MODULE_BODY_MAX_LENGTH, required=False, allow_blank=True, default=""
        )
        url = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        estimated_minutes = serializers.IntegerField(required=False, default=10)
        pass_mark = serializers.IntegerField(
            required=False, allow_null=True, default=None, help_text="1-100; null: no quiz"
        )
        questions = QuizQuestionInputSerializer(many=True, required=False, default=list)

    @extend_schema(
        tags=TAGS, request=InputSerializer, responses={201: TrainingModuleEditOutputSerializer}
    )
    def post(self, request: Request, pk: int) -> Response:
        require_hr(request)
        path = selectors.get_path(pk=pk)
        data = validated(self.InputSerializer, request)
        module = training_services.add_module(actor=request.user, path=path, **data)
        return Response(
            TrainingModuleEditOutputSerializer(selectors.get_module_with_quiz(pk=module.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ModuleDetailApi(APIView):
    """HR's module editor. A PATCH without ``pass_mark``/``questions`` keeps the quiz."""

    class InputSerializer(serializers.Serializer):
        title_en = serializers.CharField(max_length=160, required=False)
        title_es = serializers.CharField(max_length=160, required=False)
        body_en = serializers.CharField(
            max_length=MODULE_BODY_MAX_LENGTH, required=False, allow_blank=True
        )
        body_es = serializers.CharField(
            max_length=MODULE_BODY_MAX_LENGTH, required=False, allow_blank=True
        )
        url = serializers.CharField(max_length=200, required=False, allow_blank=True)
        estimated_minutes = serializers.IntegerField(required=False)
        pass_mark = serializers.IntegerField(required=False, allow_null=True)
        questions = QuizQuestionInputSerializer(many=True, required=False)

    @extend_schema(tags=TAGS, responses=TrainingModuleEditOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        require_hr(request)
        module = selectors.get_module_with_quiz(pk=pk)
        return Response(TrainingModuleEditOutputSerializer(module).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrainingModuleEditOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        require_hr(request)
        module = selectors.get_module_with_quiz(pk=pk)
        data = validated(self.InputSerializer, request)
        text = {
            name: data.get(name, getattr(module, name))
            for name in ("title_en", "title_es", "body_en", "body_es", "url", "estimated_minutes")
        }
        training_services.update_module(
            actor=request.user,
            module=module,
            pass_mark=data.get("pass_mark", module.pass_mark),
            questions=data["questions"] if "questions" in data else _quiz_input(module),
            **text,
        )
        return Response(
            TrainingModuleEditOutputSerializer(selectors.get_module_with_quiz(pk=pk)).data
        )

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """A module somebody already worked on stays (409): archive the path instead."""
        require_hr(request)
        training_services.delete_module(actor=request.user, module=selectors.get_module(pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ModuleOrderApi(APIView):
    """The path's modules in a new order: every module id exactly once."""

    class InputSerializer(serializers.Serializer):
        module_ids = serializers.ListField(child=IdField())

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrainingPathDetailOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        require_hr(request)
        path = selectors.get_path(pk=pk)
        data = validated(self.InputSerializer, request)
        training_services.reorder_modules(
            actor=request.user, path=path, module_ids=data["module_ids"]
        )
        return Response(TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=pk)).data)


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
    enrollment = selectors.get_enrollment_for_user(user=request.user, pk=enrollment.pk)
    return Response(EnrollmentOutputSerializer(enrollment).data, status=code)


class EnrollmentListCreateApi(ListAPIView):
    """My enrollments with their progress; leads (of the person's team) and HR assign a
    path to someone, optionally with a due date."""

    serializer_class = EnrollmentOutputSerializer

    class InputSerializer(serializers.Serializer):
        user = IdField(help_text="The person to assign the path to.")
        path = IdField()
        due_on = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self):  # type: ignore[no-untyped-def]
        if getattr(self, "swagger_fake_view", False):
            return Enrollment.objects.none()
        return selectors.enrollments_of(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        request=InputSerializer,
        responses={201: EnrollmentOutputSerializer, 200: EnrollmentOutputSerializer},
    )
    def post(self, request: Request) -> Response:
        require_lead_or_hr(request)
        data = validated(self.InputSerializer, request)
        try:
            path = selectors.get_path(pk=data["path"])
        except Http404:
            raise ValidationError({"path": [_("This training path does not exist.")]}) from None
        person = get_active_person(pk=data["user"])
        existed = selectors.find_enrollment(user=person, path=path) is not None
        enrollment = training_services.assign_path(
            actor=request.user, agent=person, path=path, due_on=data["due_on"]
        )
        # The assignee's enrollment, not the caller's: read it back for them.
        enrollment = selectors.get_enrollment_for_user(user=person, pk=enrollment.pk)
        return Response(
            EnrollmentOutputSerializer(enrollment).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


class PathEnrollApi(APIView):
    """Enroll myself: 201 for a new enrollment, 200 with the one I already have."""

    @extend_schema(
        tags=TAGS,
        request=None,
        responses={201: EnrollmentOutputSerializer, 200: EnrollmentOutputSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        path = selectors.get_path(pk=pk)
        existed = selectors.find_enrollment(user=request.user, path=path) is not None
        enrollment = training_services.enroll(user=request.user, path=path)
        return _enrollment_response(
            request, enrollment, code=status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        )


class EnrollmentDetailApi(APIView):
    """One of my enrollments with the progress of each module."""

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
            return ModuleProgressOutputSerializer(rows, many=True).data

    @extend_schema(tags=TAGS, responses=OutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        enrollment = selectors.get_enrollment_for_user(user=request.user, pk=pk)
        return Response(self.OutputSerializer(enrollment).data)


class ModuleCompleteApi(APIView):
    """Mark a module of my enrollment done, or grade its quiz. Completing the last module
    completes the path (its badge and points are awarded once)."""

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
        result = training_services.complete_module(
            user=request.user, enrollment_id=pk, module_id=module_id, answers=data["answers"]
        )
        enrollment = selectors.get_enrollment_for_user(user=request.user, pk=pk)
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
