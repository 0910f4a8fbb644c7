"""Shared careers fixtures: a two-level track, a badge, a two-module training path (the
second with a quiz) and a helper to store performance events for metric requirements."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest

from careers.models import Module, TrainingPath
from careers.services import tracks as track_services
from careers.services import training as training_services
from performance.models import EventType, Integration, PerformanceEvent
from recognition.models import BadgeClass

_external_ids = itertools.count(1)


@pytest.fixture
def badge(db):  # type: ignore[no-untyped-def]
    return BadgeClass.objects.create(
        slug="kind-words",
        name_en="Kind Words",
        name_es="Kind Words",
        description_en="Treats every caller with warmth.",
        description_es="Treats every caller with warmth.",
        criteria_en="Completed the kind-words training.",
        criteria_es="Completed the kind-words training.",
    )


@pytest.fixture
def qa_type(db):  # type: ignore[no-untyped-def]
    event_type, _ = EventType.objects.get_or_create(
        slug="qa_review", defaults={"name_en": "QA review", "name_es": "Evaluación de calidad"}
    )
    return event_type


@pytest.fixture
def track(hr_admin):  # type: ignore[no-untyped-def]
    track = track_services.create_track(
        actor=hr_admin, name_en="Customer Service", name_es="Atención al cliente"
    )
    track_services.add_level(actor=hr_admin, track=track, name_en="Agent I", name_es="Agente I")
    track_services.add_level(actor=hr_admin, track=track, name_en="Agent II", name_es="Agente II")
    return track


@pytest.fixture
def level_one(track):  # type: ignore[no-untyped-def]
    return track.levels.get(position=1)


@pytest.fixture
def level_two(track):  # type: ignore[no-untyped-def]
    return track.levels.get(position=2)


@pytest.fixture
def path(hr_admin, badge) -> TrainingPath:  # type: ignore[no-untyped-def]
    path = training_services.create_path(
        actor=hr_admin,
        name_en="Kind words on the phone",
        name_es="Palabras amables al teléfono",
        badge_class_id=badge.pk,
        points=50,
    )
    training_services.add_module(
        actor=hr_admin,
        path=path,
        title_en="Why kindness",
        title_es="Por qué la amabilidad",
        body_en="Customers **remember** how you made them feel.",
        estimated_minutes=10,
    )
    training_services.add_module(
        actor=hr_admin,
        path=path,
        title_en="Check yourself",
        title_es="Compruébalo",
        body_en="A short quiz.",
        estimated_minutes=5,
        pass_mark=50,
        questions=[
            {
                "prompt_en": "A caller is upset. First you…",
                "choices": [
                    {"text_en": "Acknowledge the feeling", "correct": True},
                    {"text_en": "Read the policy", "correct": False},
                ],
            },
            {
                "prompt_en": "Kind words cost…",
                "choices": [
                    {"text_en": "Nothing", "correct": True},
                    {"text_en": "Handle time", "correct": False},
                ],
            },
        ],
    )
    return path


def right_answers(module: Module) -> dict[str, str]:
    return {str(q.pk): str(q.choices.get(correct=True).pk) for q in module.questions.all()}


def wrong_answers(module: Module) -> dict[str, str]:
    return {
        str(q.pk): str(q.choices.filter(correct=False).first().pk) for q in module.questions.all()
    }


@pytest.fixture
def integration(db):  # type: ignore[no-untyped-def]
    return Integration.objects.create(name="QA tool")


def store_event(
    *,
    integration: Integration,
    agent: Any,
    event_type: EventType,
    occurred_at: dt.datetime,
    **metrics: float,
) -> PerformanceEvent:
    return PerformanceEvent.objects.create(
        integration=integration,
        external_id=f"e-{next(_external_ids)}",
        agent=agent,
        event_type=event_type,
        occurred_at=occurred_at,
        metrics=metrics,
        status=PerformanceEvent.Status.PROCESSED,
    )
