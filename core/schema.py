from typing import Any

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema


class AutoSchema(SpectacularAutoSchema):
    """Name nested ``InputSerializer``/``OutputSerializer`` classes after their view.

    Every API view declares its own nested serializers (conventions §12), so the bare class
    names collide; ``MeApi.OutputSerializer`` becomes the component ``MeOutput``.
    """

    def get_serializer_name(self, serializer: Any, direction: str) -> str:
        cls = serializer if isinstance(serializer, type) else type(serializer)
        owner, _, inner = cls.__qualname__.rpartition(".")
        if owner:
            return owner.split(".")[-1].removesuffix("Api") + inner.removesuffix("Serializer")
        return super().get_serializer_name(serializer, direction)
