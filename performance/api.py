from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from performance.authentication import (
    ApiKeyAuthentication,
    IntegrationPrincipal,
    IntegrationRateThrottle,
)
from performance.services.ingestion import ingest_events


class IsIntegration(BasePermission):
    def has_permission(self, request: Request, view: object) -> bool:
        if not isinstance(request.user, IntegrationPrincipal):
            raise NotAuthenticated("Send Authorization: Api-Key <key>.")
        return True


class PayloadTooLarge(ParseError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "The request body is too large."


class EventInputSerializer(serializers.Serializer):
    """One event. Documented here; validated per event by the ingestion service so a bad
    event never rejects the good ones beside it."""

    external_id = serializers.CharField(max_length=120)
    email = serializers.EmailField(required=False)
    agent_external_id = serializers.CharField(required=False)
    type = serializers.CharField(help_text="call_completed, csat_response, qa_review, …")
    occurred_at = serializers.DateTimeField(help_text="ISO 8601 with a time zone")
    metrics = serializers.DictField(child=serializers.FloatField(), required=False)
    text = serializers.CharField(required=False, max_length=2000)


class EventIngestApi(APIView):
    """Push a JSON array of up to EVENTS_MAX_BATCH events. Each is answered on its own:
    accepted, duplicate (already stored) or rejected with reasons. Resending the same body
    returns the same answer and stores nothing new."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [IsIntegration]
    throttle_classes = [IntegrationRateThrottle]
    parser_classes = [JSONParser]

    @extend_schema(
        request=EventInputSerializer(many=True),
        responses=inline_serializer(
            "EventIngestOutput",
            {
                "accepted": serializers.IntegerField(),
                "duplicates": serializers.IntegerField(),
                "rejected": serializers.IntegerField(),
                "results": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def post(self, request: Request) -> Response:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.EVENTS_MAX_BODY_BYTES:
            raise PayloadTooLarge(
                f"The body is larger than {settings.EVENTS_MAX_BODY_BYTES:,} bytes."
            )
        body = request.body  # read before request.data so the raw bytes stay available
        events = request.data
        if not isinstance(events, list):
            raise ValidationError({"events": ["Send a JSON array of events."]})
        if not events:
            raise ValidationError({"events": ["The array is empty."]})
        if len(events) > settings.EVENTS_MAX_BATCH:
            raise ValidationError(
                {"events": [f"At most {settings.EVENTS_MAX_BATCH} events per request."]}
            )
        response = ingest_events(integration=request.user.integration, events=events, body=body)
        return Response(response, status=status.HTTP_200_OK)
