"""Turning web push on and off for the browser making the request: the "notifications on
this device" button (static/js/push-device.js) posts the browser's subscription here."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import validated
from notifications.services import push as push_services
from people.http import person_of
from people.permissions import IsSignedIn


class PushSubscriptionCreateApi(APIView):
    """The JSON of a ``PushSubscription`` (``subscription.toJSON()``; its
    ``expirationTime`` is ignored: a push service answering 404/410 ends it); 201 for a new
    device, 200 when this browser was already on."""

    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        endpoint = serializers.CharField(max_length=push_services.ENDPOINT_MAX_LENGTH)
        keys = serializers.DictField(child=serializers.CharField(max_length=200))

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        created_at = serializers.DateTimeField()

    @extend_schema(
        operation_id="push_subscription_create", request=InputSerializer, responses=OutputSerializer
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        subscription, created = push_services.subscribe_device(
            user=person_of(request),
            endpoint=data["endpoint"],
            p256dh=data["keys"].get("p256dh", ""),
            auth=data["keys"].get("auth", ""),
            user_agent=request.headers.get("User-Agent", ""),
        )
        return Response(
            self.OutputSerializer(subscription).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


class PushSubscriptionDeleteApi(APIView):
    """Turn push off for this browser, named by its subscription's endpoint; 404 when it is
    not one of the person's own devices."""

    permission_classes = [IsSignedIn]

    class InputSerializer(serializers.Serializer):
        endpoint = serializers.CharField(max_length=push_services.ENDPOINT_MAX_LENGTH)

    @extend_schema(
        operation_id="push_subscription_delete", request=InputSerializer, responses={204: None}
    )
    def post(self, request: Request) -> Response:
        data = validated(self.InputSerializer, request)
        push_services.unsubscribe_device(user=person_of(request), endpoint=data["endpoint"])
        return Response(status=status.HTTP_204_NO_CONTENT)
