"""Serializer fields every API shares."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

# Every table's primary key is a BigAutoField (settings.DEFAULT_AUTO_FIELD): a 64-bit
# integer on PostgreSQL and SQLite alike. Beyond it SQLite's driver raises OverflowError and
# PostgreSQL refuses to store it, so such an id is refused here, as a field error.
MAX_ID = connection.ops.integer_field_range("BigAutoField")[1]


class IdField(serializers.IntegerField):
    """The id of a row, as a body field or a query parameter: 1 to the largest id the
    database can hold. Use it (or ``ListField(child=IdField())``) for every id the API
    takes, so a huge number is a 400 that names the field, not a 500."""

    default_error_messages = {
        "min_value": _("Not a valid id: ids start at 1."),
        "max_value": _("No such id: ids go up to {max_value}."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=MAX_ID, **kwargs)
