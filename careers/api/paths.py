"""Careers API: training paths, their modules and quizzes (HR write). Which quiz answer is
correct leaves only through HR's module editor (``ModuleDetailApi``)."""

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
    CareerBadgeRefSerializer,
    NamedBilingualSerializer,
    TrackRefSerializer,
    WritesNeed,
    patched,
)
from careers.models import (
    MODULE_BODY_MAX_LENGTH,
    NAMED_BILINGUAL_FIELDS,
    TrainingPath,
)
from careers.services import modules as module_services
from careers.services import paths as path_services
from core.api import validated
from core.fields import IdField
from people.http import person_of
from people.permissions import IsHR, IsSignedIn, require_hr

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


class PathListCreateApi(WritesNeed, ListAPIView):
    """The training catalog (active paths with modules; ``track`` and ``max_minutes``
    narrow it); HR add paths."""

    permission_classes = [IsSignedIn]
    write_permission_classes = [IsHR]

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

    def get_queryset(self) -> QuerySet[TrainingPath]:
        data = validated(self.FilterSerializer, self.request, query=True)
        if data["include_archived"]:
            require_hr(self.request.user)
        return selectors.training_catalog(
            track_id=data.get("track"),
            max_minutes=data.get("max_minutes"),
            include_archived=data["include_archived"],
        )

    @extend_schema(
        tags=TAGS, request=InputSerializer, responses={201: TrainingPathDetailOutputSerializer}
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        path = path_services.create_path(
            actor=person_of(request),
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


class PathDetailApi(WritesNeed):
    permission_classes = [IsSignedIn]
    write_permission_classes = [IsHR]

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
        path = selectors.get_path(pk=pk)
        data = validated(self.InputSerializer, request)
        path_services.update_path(
            actor=person_of(request),
            path=path,
            **patched(
                data,
                path,
                *NAMED_BILINGUAL_FIELDS,
                "points",
                "active",
                track_id="track",
                badge_class_id="badge_class",
            ),
        )
        return Response(TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=pk)).data)


class ModuleCreateApi(APIView):
    """Append a module (Markdown text or a link) to a path, with an optional quiz."""

    permission_classes = [IsHR]

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
        path = selectors.get_path(pk=pk)
        data = validated(self.InputSerializer, request)
        module = module_services.add_module(actor=person_of(request), path=path, **data)
        return Response(
            TrainingModuleEditOutputSerializer(selectors.get_module_with_quiz(pk=module.pk)).data,
            status=status.HTTP_201_CREATED,
        )


class ModuleDetailApi(APIView):
    """HR's module editor. A PATCH without ``pass_mark``/``questions`` keeps the quiz."""

    permission_classes = [IsHR]

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
        module = selectors.get_module_with_quiz(pk=pk)
        return Response(TrainingModuleEditOutputSerializer(module).data)

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrainingModuleEditOutputSerializer)
    def patch(self, request: Request, pk: int) -> Response:
        module = selectors.get_module_with_quiz(pk=pk)
        data = validated(self.InputSerializer, request)
        kept_quiz = module_services.quiz_as_input(module.questions.all())  # prefetched
        module_services.update_module(
            actor=person_of(request),
            module=module,
            questions=data.get("questions", kept_quiz),
            **patched(
                data,
                module,
                "title_en",
                "title_es",
                "body_en",
                "body_es",
                "url",
                "estimated_minutes",
                "pass_mark",
            ),
        )
        return Response(
            TrainingModuleEditOutputSerializer(selectors.get_module_with_quiz(pk=pk)).data
        )

    @extend_schema(tags=TAGS, responses={204: None})
    def delete(self, request: Request, pk: int) -> Response:
        """A module somebody already worked on stays (409): archive the path instead."""
        module_services.delete_module(actor=person_of(request), module=selectors.get_module(pk=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ModuleOrderApi(APIView):
    """The path's modules in a new order: every module id exactly once."""

    permission_classes = [IsHR]

    class InputSerializer(serializers.Serializer):
        module_ids = serializers.ListField(child=IdField())

    @extend_schema(tags=TAGS, request=InputSerializer, responses=TrainingPathDetailOutputSerializer)
    def post(self, request: Request, pk: int) -> Response:
        path = selectors.get_path(pk=pk)
        data = validated(self.InputSerializer, request)
        module_services.reorder_modules(
            actor=person_of(request), path=path, module_ids=data["module_ids"]
        )
        return Response(TrainingPathDetailOutputSerializer(selectors.get_path_detail(pk=pk)).data)
