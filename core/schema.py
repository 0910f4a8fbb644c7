from typing import Any, Literal

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers


# Never a list, not even on a list view's error answer.
@extend_schema_serializer(many=False)
class ErrorSerializer(serializers.Serializer):
    """Every error the API answers (``core.api.exception_handler``)."""

    detail = serializers.CharField()
    # The API's error shape names it ``errors``, which the stubs know as Serializer.errors.
    errors = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages by field; empty when the error is about the whole request.",
    )
    retry_after_seconds = serializers.FloatField(
        required=False, allow_null=True, help_text="429 only: when to try again."
    )


UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class AutoSchema(SpectacularAutoSchema):
    """Name nested ``InputSerializer``/``OutputSerializer`` classes after their view, and
    document the errors each operation can answer.

    Every API view declares its own nested serializers (conventions §12), so the bare class
    names collide; ``MeApi.OutputSerializer`` becomes the component ``MeOutput``.
    """

    def get_serializer_name(
        self, serializer: Any, direction: Literal["request", "response"]
    ) -> str:
        cls = serializer if isinstance(serializer, type) else type(serializer)
        owner, _, inner = cls.__qualname__.rpartition(".")
        if owner:
            return owner.split(".")[-1].removesuffix("Api") + inner.removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)

    def _error_codes(self) -> set[str]:
        """What the shared plumbing can answer for this operation, whatever the view does:
        a client that handles these handles every error. A view adds its own with
        ``extend_schema(responses={404: ErrorSerializer, ...})``; the fuzzing test
        (``tests/unit/core/test_api_fuzzing.py``) holds the schema to what is answered."""
        codes = {"403"}
        authenticators = [cls() for cls in self.view.authentication_classes]
        # DRF's schemes name their header without reading the request.
        if authenticators and authenticators[0].authenticate_header(None):  # type: ignore[arg-type]
            codes.add("401")  # DRF answers 401 only when the first scheme names a header
        parameters = self._get_parameters()
        writes = self.method in UNSAFE_METHODS
        if writes or any(p["in"] == "query" for p in parameters):
            codes.add("400")  # the input is checked
        if writes or any(p["in"] == "path" for p in parameters) or self._is_list_view():
            # A row in the path or the body the caller may not see, or a page past the end.
            codes.add("404")
        if writes:
            codes.add("409")  # a state that changed, or an idempotency key reused
            if self.method != "DELETE" and self.get_request_serializer() is not None:
                codes.add("415")  # a body in a media type the view does not parse
        if self.view.throttle_classes:
            codes.add("429")
        return codes

    def _get_response_bodies(
        self, direction: Literal["request", "response"] = "response"
    ) -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code in sorted(self._error_codes() - set(responses)):
            responses[code] = self._get_response_for_code(
                ErrorSerializer, code, direction=direction
            )
        return responses
