"""The careers demo's catalog, created through careers' services from the content file:
the badges the paths award, the tracks with their levels, the training paths with their
modules and quizzes, and the levels' requirements. Rows are found by their code (slug);
a track or path is only built when missing."""

from __future__ import annotations

from typing import Any

from careers.demo.content import BADGES, PATHS, TRACKS
from careers.models import NAMED_BILINGUAL_FIELDS, CareerTrack, Level, Requirement, TrainingPath
from careers.services import tracks as track_services
from careers.services import training as training_services
from people.models import User
from performance.selectors import event_types_for_rules
from recognition.demo import ensure_demo_badges
from recognition.models import BadgeClass


def ensure_badges() -> dict[str, BadgeClass]:
    """The demo badges by slug (recognition's demo creates and refreshes them)."""
    badges, _created = ensure_demo_badges(BADGES)
    return badges


def ensure_catalog(
    *, hr: User, badges: dict[str, BadgeClass]
) -> tuple[dict[str, CareerTrack], dict[str, TrainingPath]]:
    """Tracks and training paths by slug, each built when missing; a track built now gets
    its requirements once the paths they name exist."""
    tracks, new_tracks = _ensure_tracks(hr=hr)
    paths = {spec["slug"]: _ensure_path(spec, hr=hr, badges=badges) for spec in PATHS}
    for spec in TRACKS:
        if spec["slug"] in new_tracks:
            _add_requirements(spec, track=tracks[spec["slug"]], hr=hr, badges=badges, paths=paths)
    return tracks, paths


def _named(spec: dict[str, Any]) -> dict[str, Any]:
    return {name: spec[name] for name in NAMED_BILINGUAL_FIELDS}


def _ensure_tracks(*, hr: User) -> tuple[dict[str, CareerTrack], set[str]]:
    """The tracks and their levels, by slug; and the slugs of the tracks made now, whose
    requirements are still to add (they need the training paths)."""
    tracks, new = {}, set()
    for spec in TRACKS:
        track = CareerTrack.objects.filter(slug=spec["slug"]).first()
        if track is None:
            track = track_services.create_track(actor=hr, **_named(spec))
            for level in spec["levels"]:
                track_services.add_level(actor=hr, track=track, **_named(level))
            new.add(spec["slug"])
        tracks[spec["slug"]] = track
    return tracks, new


def _ensure_path(spec: dict[str, Any], *, hr: User, badges: dict[str, BadgeClass]) -> TrainingPath:
    existing = TrainingPath.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    track = CareerTrack.objects.filter(slug=spec["track"]).first()
    path = training_services.create_path(
        actor=hr,
        **_named(spec),
        track_id=track.pk if track else None,
        badge_class_id=badges[spec["badge"]].pk,
        points=spec["points"],
    )
    for module in spec["modules"]:
        training_services.add_module(
            actor=hr,
            path=path,
            title_en=module["title_en"],
            title_es=module["title_es"],
            body_en=module["body_en"],
            body_es=module["body_es"],
            estimated_minutes=module["minutes"],
            pass_mark=module.get("pass_mark"),
            questions=module.get("questions"),
        )
    return path


def _add_requirements(
    spec: dict[str, Any],
    *,
    track: CareerTrack,
    hr: User,
    badges: dict[str, BadgeClass],
    paths: dict[str, TrainingPath],
) -> None:
    event_types = _event_type_ids(spec)
    levels = {level.name_en: level for level in track.levels.all()}
    for level_spec in spec["levels"]:
        for requirement in level_spec["requirements"]:
            _add_requirement(
                levels[level_spec["name_en"]],
                requirement,
                hr=hr,
                badges=badges,
                paths=paths,
                event_types=event_types,
            )


def _event_type_ids(spec: dict[str, Any]) -> dict[str, int]:
    """The ids of the event types the track's metric requirements name, read through
    performance's selectors (careers never reads performance's models); a name performance
    does not offer fails here, before a requirement is half made."""
    ids = {event_type.slug: event_type.pk for event_type in event_types_for_rules()}
    named = {
        requirement["event_type"]
        for level in spec["levels"]
        for requirement in level["requirements"]
        if requirement["kind"] == "metric"
    }
    unknown = sorted(named - ids.keys())
    if unknown:
        raise ValueError(f"Demo track {spec['slug']}: unknown event types {', '.join(unknown)}")
    return ids


def _add_requirement(
    level: Level,
    requirement: dict[str, Any],
    *,
    hr: User,
    badges: dict[str, BadgeClass],
    paths: dict[str, TrainingPath],
    event_types: dict[str, int],
) -> None:
    kind = requirement["kind"]
    fields: dict[str, Any] = {}
    if kind == "badge":
        fields["badge_class_id"] = badges[requirement["badge"]].pk
    elif kind == "training":
        fields["training_path_id"] = paths[requirement["path"]].pk
    elif kind == "tenure":
        fields["min_tenure_days"] = requirement["days"]
    elif kind == "metric":
        fields.update(
            event_type_id=event_types[requirement["event_type"]],
            metric=requirement["metric"],
            aggregate=Requirement.Aggregate.MEAN,
            operator=">=",
            threshold=requirement["threshold"],
            window_days=requirement["window_days"],
        )
    track_services.add_requirement(actor=hr, level=level, kind=kind, **fields)
