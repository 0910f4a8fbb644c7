"""HR's writes on tracks, levels and requirements: order stays 1..n without gaps or
repeats, levels in use cannot go, each requirement kind is validated, and only HR write."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from careers.models import CareerPlan, CareerTrack, Level, LevelHistory, Promotion, Requirement
from careers.services import tracks as track_services
from core.exceptions import ConflictError, DomainError, PermissionDeniedError
from core.models import AuditEvent
from performance.models import EventType
from recognition.models import BadgeClass
from tests.unit.careers.conftest import store_event

pytestmark = pytest.mark.django_db

JAN_2026 = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def positions(track: CareerTrack) -> list[tuple[str, int]]:
    return list(track.levels.order_by("position").values_list("name_en", "position"))


def audited(verb: str, target: Any) -> bool:
    return AuditEvent.objects.filter(
        verb=verb, target_type=target._meta.label_lower, target_id=str(target.pk)
    ).exists()


@pytest.fixture
def level_three(hr_admin, track):  # type: ignore[no-untyped-def]
    return track_services.add_level(
        actor=hr_admin, track=track, name_en="Senior Agent", name_es="Agente sénior"
    )


@pytest.fixture
def other_track(hr_admin):  # type: ignore[no-untyped-def]
    other = track_services.create_track(actor=hr_admin, name_en="Sales", name_es="Ventas")
    track_services.add_level(actor=hr_admin, track=other, name_en="Seller", name_es="Vendedor")
    return other


# --- Tracks -------------------------------------------------------------------------------


def test_hr_creates_a_track_with_a_slug_and_an_audit_row(hr_admin):
    track = track_services.create_track(
        actor=hr_admin,
        name_en="  Quality Assurance ",
        name_es="Calidad",
        description_en="Listen and improve.",
    )

    assert (track.slug, track.name_en, track.name_es) == (
        "quality-assurance",
        "Quality Assurance",
        "Calidad",
    )
    assert track.active
    assert audited("careers.track_created", track)


def test_a_track_needs_both_names(hr_admin):
    with pytest.raises(DomainError) as refused:
        track_services.create_track(actor=hr_admin, name_en=" ", name_es="")

    assert set(refused.value.errors) == {"name_en", "name_es"}
    assert not CareerTrack.objects.exists()


def test_a_second_track_with_the_same_name_is_a_conflict(hr_admin, track):
    with pytest.raises(ConflictError):
        track_services.create_track(actor=hr_admin, name_en="customer service", name_es="Otro")

    assert CareerTrack.objects.count() == 1


def test_hr_updates_and_archives_a_track(hr_admin, track):
    track_services.update_track(
        actor=hr_admin,
        track=track,
        name_en="Customer Care",
        name_es="Cuidado al cliente",
        active=False,
    )

    track.refresh_from_db()
    assert (track.name_en, track.name_es, track.active) == (
        "Customer Care",
        "Cuidado al cliente",
        False,
    )
    assert audited("careers.track_updated", track)


def test_renaming_a_track_to_another_tracks_name_is_a_conflict(hr_admin, track, other_track):
    with pytest.raises(ConflictError):
        track_services.update_track(
            actor=hr_admin, track=other_track, name_en="Customer Service", name_es="Ventas"
        )

    other_track.refresh_from_db()
    assert other_track.name_en == "Sales"


def test_copying_a_track_duplicates_levels_and_requirements_in_order(
    hr_admin, track, level_one, level_two, badge, path
):
    # given level two with three requirements in a chosen order
    for kind, extra in [
        ("tenure", {"min_tenure_days": 90}),
        ("badge", {"badge_class_id": badge.pk}),
        ("endorsement", {}),
    ]:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind=kind, **extra)

    # when
    copy = track_services.copy_track(
        actor=hr_admin, track=track, name_en="Customer Service B", name_es="Atención B"
    )

    # then the copy has the same levels and requirements, as new rows
    assert positions(copy) == [("Agent I", 1), ("Agent II", 2)]
    copied_two = copy.levels.get(position=2)
    assert copied_two.pk != level_two.pk
    assert list(
        copied_two.requirements.order_by("position").values_list(
            "position", "kind", "badge_class", "min_tenure_days"
        )
    ) == [(1, "tenure", None, 90), (2, "badge", badge.pk, None), (3, "endorsement", None, None)]
    assert audited("careers.track_copied", copy)
    assert AuditEvent.objects.get(verb="careers.track_copied").data == {"from": track.pk}


def test_a_copied_track_is_independent_of_the_original(hr_admin, track, level_two, badge):
    # given a copy
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge.pk
    )
    copy = track_services.copy_track(actor=hr_admin, track=track, name_en="B", name_es="B")

    # when the copy changes
    copied_two = copy.levels.get(position=2)
    track_services.update_level(actor=hr_admin, level=copied_two, name_en="Expert", name_es="Ex")
    track_services.add_requirement(
        actor=hr_admin, level=copied_two, kind="tenure", min_tenure_days=30
    )
    track_services.add_level(actor=hr_admin, track=copy, name_en="Lead", name_es="Líder")
    track_services.delete_requirement(actor=hr_admin, requirement=copied_two.requirements.first())

    # then the original stays as it was
    assert positions(track) == [("Agent I", 1), ("Agent II", 2)]
    assert list(level_two.requirements.values_list("kind", flat=True)) == ["badge"]
    assert positions(copy) == [("Agent I", 1), ("Expert", 2), ("Lead", 3)]
    assert list(copied_two.requirements.values_list("kind", "position")) == [("tenure", 1)]


# --- Levels -------------------------------------------------------------------------------


def test_add_level_appends_by_default(hr_admin, track, level_one, level_two):
    level = track_services.add_level(
        actor=hr_admin, track=track, name_en="Senior Agent", name_es="Agente sénior"
    )

    assert level.position == 3
    assert positions(track) == [("Agent I", 1), ("Agent II", 2), ("Senior Agent", 3)]
    assert audited("careers.level_added", level)


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (1, ["Trainee", "Agent I", "Agent II"]),
        (2, ["Agent I", "Trainee", "Agent II"]),
        (3, ["Agent I", "Agent II", "Trainee"]),
    ],
)
def test_add_level_inserts_at_a_position_moving_the_later_ones_down(
    hr_admin, track, level_one, level_two, position, expected
):
    level = track_services.add_level(
        actor=hr_admin, track=track, name_en="Trainee", name_es="Aprendiz", position=position
    )

    assert level.position == position
    assert positions(track) == [(name, n) for n, name in enumerate(expected, start=1)]


@pytest.mark.parametrize("position", [0, 4, 10, -1])
def test_add_level_at_a_position_that_leaves_a_gap_writes_nothing(
    hr_admin, track, level_one, level_two, position
):
    before = AuditEvent.objects.count()

    with pytest.raises(DomainError) as refused:
        track_services.add_level(
            actor=hr_admin, track=track, name_en="Trainee", name_es="Aprendiz", position=position
        )

    assert refused.value.status_code == 400
    assert "position" in refused.value.errors
    assert positions(track) == [("Agent I", 1), ("Agent II", 2)]
    assert AuditEvent.objects.count() == before


def test_a_level_name_is_unique_within_its_track(hr_admin, track, level_one, other_track):
    with pytest.raises(ConflictError):
        track_services.add_level(actor=hr_admin, track=track, name_en="agent i", name_es="X")

    # another track may use it
    track_services.add_level(actor=hr_admin, track=other_track, name_en="Agent I", name_es="X")


def test_update_level_renames_and_audits(hr_admin, level_one):
    track_services.update_level(
        actor=hr_admin, level=level_one, name_en="Junior Agent", name_es="Agente junior"
    )

    level_one.refresh_from_db()
    assert (level_one.name_en, level_one.position) == ("Junior Agent", 1)
    assert audited("careers.level_updated", level_one)


def test_reorder_levels_gives_positions_one_to_n(
    hr_admin, track, level_one, level_two, level_three
):
    levels = track_services.reorder_levels(
        actor=hr_admin, track=track, level_ids=[level_three.pk, level_one.pk, level_two.pk]
    )

    assert [(lv.pk, lv.position) for lv in levels] == [
        (level_three.pk, 1),
        (level_one.pk, 2),
        (level_two.pk, 3),
    ]
    assert positions(track) == [("Senior Agent", 1), ("Agent I", 2), ("Agent II", 3)]
    event = AuditEvent.objects.get(verb="careers.levels_reordered")
    assert event.data == {"order": [level_three.pk, level_one.pk, level_two.pk]}


def test_reorder_levels_accepts_ids_as_strings(hr_admin, track, level_one, level_two):
    track_services.reorder_levels(
        actor=hr_admin, track=track, level_ids=[str(level_two.pk), str(level_one.pk)]
    )

    assert positions(track) == [("Agent II", 1), ("Agent I", 2)]


@pytest.mark.parametrize(
    "new_order",
    [
        pytest.param(lambda one, two, three, foreign: [one, two, one], id="repeated-cycle"),
        pytest.param(lambda one, two, three, foreign: [one, two, two, three], id="repeated-extra"),
        pytest.param(lambda one, two, three, foreign: [one, three], id="missing-gap"),
        pytest.param(lambda one, two, three, foreign: [], id="empty"),
        pytest.param(lambda one, two, three, foreign: [one, two, three, foreign], id="foreign"),
        pytest.param(lambda one, two, three, foreign: [one, two, foreign], id="foreign-swap"),
        pytest.param(lambda one, two, three, foreign: [one, two, "three"], id="not-a-number"),
        pytest.param(lambda one, two, three, foreign: [one, two, None], id="none"),
        pytest.param(lambda one, two, three, foreign: [one, two, three + 0.5], id="fraction"),
        pytest.param(lambda one, two, three, foreign: [one, two, [three]], id="nested"),
    ],
)
def test_reorder_levels_refuses_a_bad_order_and_changes_nothing(
    hr_admin, track, level_one, level_two, level_three, other_track, new_order
):
    # given
    foreign = other_track.levels.get().pk
    ids = new_order(level_one.pk, level_two.pk, level_three.pk, foreign)

    # when
    with pytest.raises(DomainError) as refused:
        track_services.reorder_levels(actor=hr_admin, track=track, level_ids=ids)

    # then
    assert "level_ids" in refused.value.errors
    assert positions(track) == [("Agent I", 1), ("Agent II", 2), ("Senior Agent", 3)]
    assert positions(other_track) == [("Seller", 1)]
    assert not AuditEvent.objects.filter(verb="careers.levels_reordered").exists()


@pytest.mark.parametrize(
    "use",
    [
        pytest.param(
            lambda agent, level, lead: LevelHistory.objects.create(
                user=agent, level=level, started_at=JAN_2026
            ),
            id="someones-current-level",
        ),
        pytest.param(
            lambda agent, level, lead: LevelHistory.objects.create(
                user=agent,
                level=level,
                started_at=JAN_2026 - dt.timedelta(days=365),
                ended_at=JAN_2026,
            ),
            id="someones-past-level",
        ),
        pytest.param(
            lambda agent, level, lead: CareerPlan.objects.create(agent=agent, target_level=level),
            id="plan-target",
        ),
        pytest.param(
            lambda agent, level, lead: Promotion.objects.create(
                agent=agent, to_level=level, endorsed_by=lead, readiness_percent=50
            ),
            id="promotion-to",
        ),
        pytest.param(
            lambda agent, level, lead: Promotion.objects.create(
                agent=agent,
                from_level=level,
                to_level=Level.objects.exclude(pk=level.pk).first(),
                endorsed_by=lead,
                readiness_percent=50,
                status=Promotion.Status.DECLINED,
            ),
            id="promotion-from",
        ),
    ],
)
def test_a_level_in_use_cannot_be_deleted(
    hr_admin, agent, team_lead, track, level_one, level_two, use
):
    use(agent, level_two, team_lead)

    with pytest.raises(ConflictError) as refused:
        track_services.delete_level(actor=hr_admin, level=level_two)

    assert "level" in refused.value.errors
    assert positions(track) == [("Agent I", 1), ("Agent II", 2)]
    assert not AuditEvent.objects.filter(verb="careers.level_deleted").exists()


def test_an_unused_level_is_deleted_and_the_rest_renumbered(
    hr_admin, track, level_one, level_two, level_three
):
    # given level one has a requirement, which goes with it
    track_services.add_requirement(
        actor=hr_admin, level=level_one, kind="tenure", min_tenure_days=10
    )

    # when
    track_services.delete_level(actor=hr_admin, level=level_one)

    # then
    assert positions(track) == [("Agent II", 1), ("Senior Agent", 2)]
    assert not Requirement.objects.exists()
    event = AuditEvent.objects.get(verb="careers.level_deleted")
    assert (event.target_id, event.data) == (str(track.pk), {"level": "Agent I"})


def test_the_database_refuses_two_levels_on_one_position(track, level_one):
    with pytest.raises(IntegrityError), transaction.atomic():
        Level.objects.create(track=track, position=1, name_en="Twin", name_es="Gemelo")


# --- Requirements -------------------------------------------------------------------------


def test_add_requirement_of_each_kind(hr_admin, level_two, badge, path, qa_type):
    # when one of each kind is added
    added = [
        track_services.add_requirement(
            actor=hr_admin, level=level_two, kind="badge", badge_class_id=str(badge.pk)
        ),
        track_services.add_requirement(
            actor=hr_admin, level=level_two, kind="training", training_path_id=path.pk
        ),
        track_services.add_requirement(
            actor=hr_admin, level=level_two, kind="tenure", min_tenure_days="180"
        ),
        track_services.add_requirement(
            actor=hr_admin,
            level=level_two,
            kind="metric",
            event_type_id=qa_type.pk,
            metric=" score ",
            aggregate="mean",
            operator=">=",
            threshold="85.5",
            window_days=90,
            min_events="3",
        ),
        track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement"),
    ]

    # then each holds exactly its fields, in the order added
    assert [(r.position, r.kind) for r in added] == [
        (1, "badge"),
        (2, "training"),
        (3, "tenure"),
        (4, "metric"),
        (5, "endorsement"),
    ]
    badge_req, training_req, tenure_req, metric_req, _endorsement = added
    assert badge_req.badge_class == badge
    assert training_req.training_path == path
    assert tenure_req.min_tenure_days == 180
    assert (
        metric_req.event_type,
        metric_req.metric,
        metric_req.aggregate,
        metric_req.operator,
        metric_req.threshold,
        metric_req.window_days,
        metric_req.min_events,
    ) == (qa_type, "score", "mean", ">=", 85.5, 90, 3)
    for requirement in added:
        assert audited("careers.requirement_added", requirement)


def test_a_count_metric_needs_no_metric_name(hr_admin, level_two, qa_type):
    requirement = track_services.add_requirement(
        actor=hr_admin,
        level=level_two,
        kind="metric",
        event_type_id=qa_type.pk,
        metric="ignored",
        aggregate="count",
        threshold=10,
        window_days=30,
    )

    assert (requirement.aggregate, requirement.metric) == ("count", "")


def test_an_unknown_kind_is_refused(hr_admin, level_two):
    with pytest.raises(DomainError) as refused:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind="vibes")

    assert "kind" in refused.value.errors


@pytest.mark.parametrize("case", ["retired", "missing", "not-a-number"])
def test_a_badge_requirement_needs_a_live_badge(hr_admin, level_two, badge, case):
    badge_id: Any = {"retired": badge.pk, "missing": badge.pk + 1000, "not-a-number": "kind"}[case]
    if case == "retired":
        BadgeClass.objects.filter(pk=badge.pk).update(active=False)

    with pytest.raises(DomainError) as refused:
        track_services.add_requirement(
            actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge_id
        )

    assert "badge_class" in refused.value.errors
    assert not Requirement.objects.exists()


@pytest.mark.parametrize("case", ["archived", "missing", "none"])
def test_a_training_requirement_needs_a_live_path(hr_admin, level_two, path, case):
    path_id: Any = {"archived": path.pk, "missing": path.pk + 1000, "none": None}[case]
    if case == "archived":
        path.active = False
        path.save()

    with pytest.raises(DomainError) as refused:
        track_services.add_requirement(
            actor=hr_admin, level=level_two, kind="training", training_path_id=path_id
        )

    assert "training_path" in refused.value.errors
    assert not Requirement.objects.exists()


@pytest.mark.parametrize("days", [0, -5, "ten", None, 3651, 1.5, True])
def test_a_tenure_requirement_needs_a_sensible_number_of_days(hr_admin, level_two, days):
    with pytest.raises(DomainError) as refused:
        track_services.add_requirement(
            actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=days
        )

    assert "min_tenure_days" in refused.value.errors


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"metric": ""}, "metric"),
        ({"metric": "1st_score"}, "metric"),
        ({"metric": "score; DROP TABLE"}, "metric"),
        ({"metric": "score.value"}, "metric"),
        ({"metric": "x" * 61}, "metric"),
        ({"threshold": "high"}, "threshold"),
        ({"threshold": None}, "threshold"),
        ({"threshold": float("inf")}, "threshold"),
        ({"threshold": "-inf"}, "threshold"),
        ({"threshold": "nan"}, "threshold"),
        ({"window_days": 0}, "window_days"),
        ({"window_days": 731}, "window_days"),
        ({"window_days": "a month"}, "window_days"),
        ({"min_events": 0}, "min_events"),
        ({"aggregate": "median"}, "aggregate"),
        ({"operator": "=="}, "operator"),
        ({"event_type_id": 99999}, "event_type"),
        ({"event_type_id": None}, "event_type"),
    ],
)
def test_a_metric_requirement_names_the_wrong_field(hr_admin, level_two, qa_type, override, field):
    fields = {
        "event_type_id": qa_type.pk,
        "metric": "score",
        "aggregate": "mean",
        "operator": ">=",
        "threshold": 85,
        "window_days": 30,
        "min_events": 1,
        **override,
    }

    with pytest.raises(DomainError) as refused:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind="metric", **fields)

    assert list(refused.value.errors) == [field]
    assert not Requirement.objects.exists()
    assert not AuditEvent.objects.filter(verb="careers.requirement_added").exists()


def test_a_metric_requirement_reports_every_wrong_field_at_once(hr_admin, level_two):
    with pytest.raises(DomainError) as refused:
        track_services.add_requirement(
            actor=hr_admin,
            level=level_two,
            kind="metric",
            event_type_id=None,
            metric="no spaces",
            threshold="x",
            window_days=0,
        )

    assert set(refused.value.errors) == {"event_type", "metric", "threshold", "window_days"}


def test_a_metric_on_an_inactive_event_type_is_refused(hr_admin, level_two, qa_type):
    EventType.objects.filter(pk=qa_type.pk).update(active=False)

    with pytest.raises(DomainError) as refused:
        track_services.add_requirement(
            actor=hr_admin,
            level=level_two,
            kind="metric",
            event_type_id=qa_type.pk,
            metric="score",
            threshold=1,
            window_days=30,
        )

    assert "event_type" in refused.value.errors


def test_a_second_endorsement_requirement_is_a_conflict(hr_admin, level_two):
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")

    with pytest.raises(ConflictError):
        track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")

    assert level_two.requirements.count() == 1


def test_the_same_badge_twice_on_one_level_is_a_conflict(hr_admin, level_one, level_two, badge):
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge.pk
    )

    with pytest.raises(ConflictError) as refused:
        track_services.add_requirement(
            actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge.pk
        )

    assert "badge_class" in refused.value.errors
    assert level_two.requirements.count() == 1
    # another level may ask for it too
    track_services.add_requirement(
        actor=hr_admin, level=level_one, kind="badge", badge_class_id=badge.pk
    )


def test_the_same_path_twice_on_one_level_is_a_conflict(hr_admin, level_two, path):
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="training", training_path_id=path.pk
    )

    with pytest.raises(ConflictError):
        track_services.add_requirement(
            actor=hr_admin, level=level_two, kind="training", training_path_id=path.pk
        )


def test_reorder_and_delete_requirements_keep_positions_contiguous(hr_admin, level_two, badge):
    # given three requirements
    tenure = track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=30
    )
    held = track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge.pk
    )
    endorsed = track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")

    # when reordered, then one deleted
    track_services.reorder_requirements(
        actor=hr_admin, level=level_two, requirement_ids=[endorsed.pk, tenure.pk, held.pk]
    )
    track_services.delete_requirement(actor=hr_admin, requirement=tenure)

    # then
    assert list(level_two.requirements.order_by("position").values_list("pk", "position")) == [
        (endorsed.pk, 1),
        (held.pk, 2),
    ]
    assert audited("careers.requirements_reordered", level_two)
    assert audited("careers.requirement_deleted", level_two)


def test_reorder_requirements_refuses_a_repeated_id(hr_admin, level_two, badge):
    tenure = track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=30
    )
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge.pk
    )

    with pytest.raises(DomainError) as refused:
        track_services.reorder_requirements(
            actor=hr_admin, level=level_two, requirement_ids=[tenure.pk, tenure.pk]
        )

    assert "requirement_ids" in refused.value.errors
    assert list(level_two.requirements.order_by("position").values_list("kind", flat=True)) == [
        "tenure",
        "badge",
    ]


def test_the_database_refuses_a_badge_requirement_without_a_badge(level_two):
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(level=level_two, position=1, kind="badge")


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "training"},
        {"kind": "tenure"},
        {"kind": "metric", "threshold": 1, "window_days": 30},
        {"kind": "nonsense"},
    ],
)
def test_the_database_refuses_requirements_missing_their_kinds_fields(level_two, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(level=level_two, position=1, **fields)


def test_the_database_refuses_two_requirements_on_one_position(level_two):
    Requirement.objects.create(level=level_two, position=1, kind="endorsement")

    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(level=level_two, position=1, min_tenure_days=5, kind="tenure")


# --- Only HR ------------------------------------------------------------------------------


def every_track_service(track: CareerTrack, level: Level, requirement: Requirement):  # type: ignore[no-untyped-def]
    names = {"name_en": "Hacked", "name_es": "Hackeado"}
    return [
        lambda actor: track_services.create_track(actor=actor, **names),
        lambda actor: track_services.update_track(actor=actor, track=track, **names),
        lambda actor: track_services.copy_track(actor=actor, track=track, **names),
        lambda actor: track_services.add_level(actor=actor, track=track, **names),
        lambda actor: track_services.update_level(actor=actor, level=level, **names),
        lambda actor: track_services.reorder_levels(
            actor=actor, track=track, level_ids=list(track.levels.values_list("pk", flat=True))
        ),
        lambda actor: track_services.delete_level(actor=actor, level=level),
        lambda actor: track_services.add_requirement(
            actor=actor, level=level, kind="tenure", min_tenure_days=1
        ),
        lambda actor: track_services.reorder_requirements(
            actor=actor, level=level, requirement_ids=[requirement.pk]
        ),
        lambda actor: track_services.delete_requirement(actor=actor, requirement=requirement),
    ]


@pytest.mark.parametrize("persona", ["agent", "team_lead", "other_team_lead", "anonymous"])
def test_only_hr_may_change_tracks(request, hr_admin, track, level_two, persona):
    # given
    requirement = track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="endorsement"
    )
    actor = request.getfixturevalue(persona)
    audit_rows = AuditEvent.objects.count()
    snapshot = (
        list(CareerTrack.objects.values_list("pk", "name_en", "active")),
        list(Level.objects.values_list("pk", "name_en", "position")),
        list(Requirement.objects.values_list("pk", "position")),
    )

    # when / then every service refuses
    for service in every_track_service(track, level_two, requirement):
        with pytest.raises(PermissionDeniedError):
            service(actor)

    assert AuditEvent.objects.count() == audit_rows
    assert snapshot == (
        list(CareerTrack.objects.values_list("pk", "name_en", "active")),
        list(Level.objects.values_list("pk", "name_en", "position")),
        list(Requirement.objects.values_list("pk", "position")),
    )


def test_a_metric_the_integrations_never_send_is_refused_with_the_names_they_do(
    hr_admin, level_two, qa_type, integration, agent
):
    # given QA reviews arriving with a "score"
    store_event(
        integration=integration,
        agent=agent,
        event_type=qa_type,
        occurred_at=timezone.now(),
        score=90,
        calls=3,
    )
    fields = {
        "kind": "metric",
        "event_type_id": qa_type.pk,
        "operator": ">=",
        "threshold": 85,
        "window_days": 90,
    }

    # when HR misspell it, then spell it right
    with pytest.raises(DomainError) as refused:
        track_services.add_requirement(actor=hr_admin, level=level_two, metric="scroe", **fields)
    requirement = track_services.add_requirement(
        actor=hr_admin, level=level_two, metric="score", **fields
    )

    # then the error names what the events carry, and only the right one was written
    assert "calls, score" in refused.value.errors["metric"][0]
    assert "scroe" in refused.value.errors["metric"][0]
    assert list(Requirement.objects.filter(level=level_two)) == [requirement]


def test_a_metric_is_accepted_before_any_event_of_its_type_arrived(hr_admin, level_two, qa_type):
    requirement = track_services.add_requirement(
        actor=hr_admin,
        level=level_two,
        kind="metric",
        event_type_id=qa_type.pk,
        metric="score",
        threshold=85,
        window_days=90,
    )

    assert requirement.metric == "score"
