"""Rules API (HR): the rules as JSON, to list, create, replace and preview.

The same checks as the rule editor: ``services.rules.save_rule`` refuses what is wrong
(an unknown metric, a team goal for a team without agents, a guardrail on a metric its
event type never carries, a malformed condition) with a 400 and writes nothing; what may
be intended but looks wrong (``rule_warnings``: "≥" on a lower-is-better metric) is saved
and answered in ``warnings``."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import IdField
from people.http import person_of
from people.models import Team, User
from people.permissions import IsHR
from people.selectors import teams_visible_to
from performance import selectors
from performance.models import EventType, Rule, RuleEffect
from performance.services import rules as rule_services

TAGS = ["rules"]
MAX_MESSAGE = 2000
MAX_THRESHOLD = 1e15  # as an event's metric (``serializers.MAX_METRIC``)


@extend_schema_field(OpenApiTypes.STR)
class CodeChoiceField(serializers.ChoiceField):
    """A choice documented as a plain string (values in ``help_text``): a "kind" enum of
    our own would rename the ``KindEnum`` component other apps' clients already use."""


def _choices_help(choices: Any) -> str:
    return ", ".join(repr(value) for value in choices.values)


# --- Output ------------------------------------------------------------------------------


class GuardrailSerializer(serializers.Serializer):
    event_type = serializers.SlugField(help_text="The guarded metric's event type (slug).")
    metric = serializers.CharField(max_length=60, help_text="The metric's name in the events.")
    tolerance_percent = serializers.FloatField(
        min_value=0, max_value=100, default=0, help_text="How much worse it may get (%)."
    )


class EffectSerializer(serializers.Serializer):
    kind = CodeChoiceField(
        choices=RuleEffect.Kind.choices, help_text=_choices_help(RuleEffect.Kind)
    )
    message_en = serializers.CharField(
        max_length=MAX_MESSAGE, required=False, allow_blank=True, default=""
    )
    message_es = serializers.CharField(
        max_length=MAX_MESSAGE, required=False, allow_blank=True, default=""
    )
    points = serializers.IntegerField(min_value=0, max_value=100_000, required=False, default=0)
    badge_class = serializers.SlugField(
        required=False, allow_null=True, default=None, help_text="An active badge (slug)."
    )


class RuleOutputSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name_en = serializers.CharField()
    name_es = serializers.CharField()
    event_type = serializers.SlugField(source="event_type.slug")
    kind = serializers.CharField(help_text=_choices_help(Rule.Kind))
    condition = serializers.JSONField()
    aggregate = serializers.CharField(help_text=_choices_help(Rule.Aggregate))
    aggregate_metric = serializers.CharField()
    aggregate_op = serializers.CharField()
    aggregate_value = serializers.FloatField(allow_null=True)
    window_days = serializers.IntegerField(allow_null=True)
    min_count = serializers.IntegerField()
    cooldown_days = serializers.IntegerField()
    baseline_windows = serializers.IntegerField()
    margin_percent = serializers.FloatField()
    team = serializers.IntegerField(source="team_id", allow_null=True)
    active = serializers.BooleanField()
    guardrails = serializers.SerializerMethodField()
    effects = serializers.SerializerMethodField()

    @extend_schema_field(GuardrailSerializer(many=True))
    def get_guardrails(self, rule: Rule) -> list[dict[str, Any]]:
        return [
            {
                "event_type": guardrail.metric.event_type.slug,
                "metric": guardrail.metric.key,
                "tolerance_percent": guardrail.tolerance_percent,
            }
            for guardrail in rule.guardrails.all()
        ]

    @extend_schema_field(EffectSerializer(many=True))
    def get_effects(self, rule: Rule) -> list[dict[str, Any]]:
        return [
            {
                "kind": effect.kind,
                "message_en": effect.message_en,
                "message_es": effect.message_es,
                "points": effect.points,
                "badge_class": effect.badge_class.slug if effect.badge_class else None,
            }
            for effect in rule.effects.all()
        ]


class RuleSavedSerializer(RuleOutputSerializer):
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="Saved anyway, but worth a look (e.g. “≥” on a lower-is-better metric).",
    )


# --- Input -------------------------------------------------------------------------------


class RuleInputSerializer(serializers.Serializer):
    """A whole rule: POST creates it, PUT replaces it (its effects and guardrails too)."""

    name_en = serializers.CharField(max_length=120, allow_blank=True)
    name_es = serializers.CharField(max_length=120, allow_blank=True)
    event_type = serializers.SlugField(help_text="An active event type (slug).")
    kind = CodeChoiceField(
        choices=Rule.Kind.choices, default=Rule.Kind.THRESHOLD, help_text=_choices_help(Rule.Kind)
    )
    condition = serializers.JSONField(
        required=False,
        default=dict,
        help_text='{} or {"all"|"any": [...]} of {"metric", "op", "value"} comparisons.',
    )
    aggregate = CodeChoiceField(
        choices=Rule.Aggregate.choices,
        required=False,
        allow_blank=True,
        default="",
        help_text=_choices_help(Rule.Aggregate),
    )
    aggregate_metric = serializers.CharField(
        max_length=60, required=False, allow_blank=True, default=""
    )
    aggregate_op = serializers.CharField(max_length=2, required=False, default=">=")
    aggregate_value = serializers.FloatField(
        required=False,
        allow_null=True,
        default=None,
        min_value=-MAX_THRESHOLD,
        max_value=MAX_THRESHOLD,
    )
    window_days = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=1, max_value=366
    )
    min_count = serializers.IntegerField(required=False, default=1, min_value=1, max_value=100_000)
    cooldown_days = serializers.IntegerField(required=False, default=0, min_value=0, max_value=366)
    baseline_windows = serializers.IntegerField(
        required=False, default=4, min_value=1, max_value=52
    )
    margin_percent = serializers.FloatField(required=False, default=10, min_value=0, max_value=100)
    team = IdField(required=False, allow_null=True, default=None)
    active = serializers.BooleanField(required=False, default=True)
    guardrails = GuardrailSerializer(many=True, required=False, default=list)
    effects = EffectSerializer(many=True)


def _save(request: Request, *, rule: Rule | None) -> tuple[Rule, list[str]]:
    """Resolve the slugs and ids the body names (an unknown one is a 400 naming its field),
    then ``save_rule``; answers the rule as saved and the warnings about it."""
    actor = person_of(request)
    data = dict(_validated(request))
    event_type, team, guardrails, effects = _resolve(
        data, actor=actor, current=rule.event_type if rule else None
    )
    saved = rule_services.save_rule(
        actor=actor,
        rule=rule,
        name_en=data["name_en"],
        name_es=data["name_es"],
        event_type=event_type,
        condition=data["condition"],
        aggregate=data["aggregate"],
        aggregate_metric=data["aggregate_metric"],
        aggregate_op=data["aggregate_op"],
        aggregate_value=data["aggregate_value"],
        window_days=data["window_days"],
        min_count=data["min_count"],
        cooldown_days=data["cooldown_days"],
        active=data["active"],
        kind=data["kind"],
        baseline_windows=data["baseline_windows"],
        margin_percent=data["margin_percent"],
        team=team,
        guardrails=guardrails,
        effects=effects,
    )
    warnings = rule_services.rule_warnings(
        condition=data["condition"],
        aggregate=data["aggregate"],
        aggregate_metric=data["aggregate_metric"],
        aggregate_op=data["aggregate_op"],
        event_type=event_type,
        kind=data["kind"],
    )
    return selectors.rules_with_guardrails().get(pk=saved.pk), warnings


def _validated(request: Request) -> dict[str, Any]:
    serializer = RuleInputSerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


def _resolve(
    data: dict[str, Any], *, actor: User, current: EventType | None
) -> tuple[EventType, Team | None, list[rule_services.GuardrailInput], list[dict[str, Any]]]:
    errors: dict[str, list[str]] = {}
    types = {t.slug: t for t in selectors.event_types_for_rules(current=current)}
    event_type = types.get(data["event_type"])
    if event_type is None:
        errors["event_type"] = [_("Unknown or inactive event type.")]
    team = None
    if data["team"] is not None:
        team = teams_visible_to(viewer=actor).filter(pk=data["team"]).first()
        if team is None:
            errors["team"] = [_("Unknown team.")]
    guardrails = []
    for guardrail in data["guardrails"]:
        guarded_type = types.get(guardrail["event_type"])
        if guarded_type is None:
            errors.setdefault("guardrails", []).append(
                _("Unknown event type “%(type)s”.") % {"type": guardrail["event_type"]}
            )
            continue
        guardrails.append(
            rule_services.GuardrailInput(
                event_type=guarded_type,
                metric=guardrail["metric"],
                tolerance_percent=guardrail["tolerance_percent"],
            )
        )
    slugs = {e["badge_class"] for e in data["effects"] if e["badge_class"]}
    badges = {b.slug: b for b in selectors.badges_for_rules().filter(slug__in=slugs)}
    effects = []
    for effect in data["effects"]:
        slug = effect.pop("badge_class")
        if slug and slug not in badges:
            errors.setdefault("effects", []).append(
                _("Unknown or inactive badge “%(badge)s”.") % {"badge": slug}
            )
        effects.append({**effect, "badge_class": badges.get(slug) if slug else None})
    if errors or event_type is None:
        raise ValidationError(errors)
    return event_type, team, guardrails, effects


# --- Views -------------------------------------------------------------------------------


class RuleListCreateApi(ListAPIView):
    """Every rule with its effects and guardrails (HR); POST creates one."""

    permission_classes = [IsHR]
    serializer_class = RuleOutputSerializer

    def get_queryset(self) -> QuerySet[Rule]:
        return selectors.rules_with_guardrails()

    @extend_schema(tags=TAGS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(tags=TAGS, request=RuleInputSerializer, responses={201: RuleSavedSerializer})
    def post(self, request: Request) -> Response:
        rule, warnings = _save(request, rule=None)
        body = {**RuleOutputSerializer(rule).data, "warnings": warnings}
        return Response(body, status=status.HTTP_201_CREATED)


class RuleDetailApi(APIView):
    """One rule (HR); PUT replaces it whole, effects and guardrails included."""

    permission_classes = [IsHR]

    @extend_schema(tags=TAGS, responses=RuleOutputSerializer)
    def get(self, request: Request, pk: int) -> Response:
        return Response(RuleOutputSerializer(_get_rule(pk)).data)

    @extend_schema(tags=TAGS, request=RuleInputSerializer, responses=RuleSavedSerializer)
    def put(self, request: Request, pk: int) -> Response:
        rule, warnings = _save(request, rule=_get_rule(pk))
        return Response({**RuleOutputSerializer(rule).data, "warnings": warnings})


def _get_rule(pk: int) -> Rule:
    return get_object_or_404(selectors.rules_with_guardrails(), pk=pk)


class RulePreviewApi(APIView):
    """Which recent events would have fired the saved rule (reads only, writes nothing)."""

    permission_classes = [IsHR]

    class OutputSerializer(serializers.Serializer):
        agent = serializers.CharField(help_text="The agent's display name.")
        occurred_at = serializers.DateTimeField()
        # The answer's own key; DRF moves declared fields off the class, so the serializer's
        # ``context`` is untouched at run time (the stubs cannot know that).
        context = serializers.DictField(  # type: ignore[assignment]
            help_text="The values the rule's messages would use."
        )

    @extend_schema(tags=TAGS, responses=OutputSerializer(many=True))
    def get(self, request: Request, pk: int) -> Response:
        hits = rule_services.preview_rule(rule=_get_rule(pk))
        rows = [
            {
                "agent": str(hit["agent"]),
                "occurred_at": hit["event"].occurred_at,
                "context": hit["context"],
            }
            for hit in hits
        ]
        return Response(self.OutputSerializer(rows, many=True).data)
