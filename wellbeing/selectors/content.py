"""What HR's wellbeing content pages read: every check-in tag and care resource, active or
not, in the order agents see them. Nothing here says whether or how often a tag was used:
that is about people, and HR read it only as published trends."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from wellbeing.models import CareResource, MoodTag


def all_mood_tags() -> QuerySet[MoodTag]:
    return MoodTag.objects.order_by("position", "slug")


def get_mood_tag(*, pk: int) -> MoodTag:
    return get_object_or_404(MoodTag, pk=pk)


def all_care_resources() -> QuerySet[CareResource]:
    return CareResource.objects.order_by("position", "id")


def get_care_resource(*, pk: int) -> CareResource:
    return get_object_or_404(CareResource, pk=pk)
