from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotAuthenticated, ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.schema import ErrorSerializer
from performance.authentication import (
    ApiKeyAuthentication,
    IntegrationPrincipal,
    IntegrationRateThrottle,
)
from performance.serializers import EventInputSerializer
from performance.services.ingestion import ingest_events


class IsIntegration(BasePermission):
    def has_permission(self, request: Request, view: object) -> bool:
        if not isinstance(request.user, IntegrationPrincipal):
            raise NotAuthenticated(_("Send Authorization: Api-Key <key>."))
        return True


class PayloadTooLarge(ParseError):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")


class EventResultSerializer(serializers.Serializer):
    """What became of one event of the batch."""

    index = serializers.IntegerField(help_text="Position of the event in the array sent.")
    external_id = serializers.CharField(
        allow_null=True, help_text="As stored; null when the one sent is not valid."
    )
    status = serializers.CharField(help_text="accepted, duplicate or rejected")
    # The answer's own key; DRF moves declared fields off the class, so the serializer's
    # ``errors`` property is untouched at run time (the stubs cannot know that).
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Rejected only: the reasons, by field.",
    )


class EventIngestApi(APIView):
    """Push a JSON array of up to EVENTS_MAX_BATCH events. Each is answered on its own:
    accepted, duplicate (already stored) or rejected with reasons. Resending the same body
    returns the same answer and stores nothing new."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [IsIntegration]
    throttle_classes = [IntegrationRateThrottle]
    parser_classes = [JSONParser]

    class OutputSerializer(serializers.Serializer):
        accepted = serializers.IntegerField()
        duplicates = serializers.IntegerField()
        rejected = serializers.IntegerField()
        results = EventResultSerializer(many=True)

    @extend_schema(
        request=EventInputSerializer(many=True),
        responses={200: OutputSerializer, 413: ErrorSerializer},
    )
    def post(self, request: Request) -> Response:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
        if length > settings.EVENTS_MAX_BODY_BYTES:
            raise PayloadTooLarge(
                _("The body is larger than %(size)s bytes.")
                % {"size": f"{settings.EVENTS_MAX_BODY_BYTES:,}"}
            )
        body = request.body  # read before request.data so the raw bytes stay available
        events = request.data
        if not isinstance(events, list):
            raise ValidationError({"events": [_("Send a JSON array of events.")]})
        if not events:
            raise ValidationError({"events": [_("The array is empty.")]})
        if len(events) > settings.EVENTS_MAX_BATCH:
            raise ValidationError(
                {
                    "events": [
                        _("At most %(count)s events per request.")
                        % {"count": settings.EVENTS_MAX_BATCH}
                    ]
                }
            )
        response = ingest_events(integration=request.user.integration, events=events, body=body)
        return Response(response, status=status.HTTP_200_OK)
