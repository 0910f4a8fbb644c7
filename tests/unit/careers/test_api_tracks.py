"""Careers API: tracks, their levels and requirements. Everyone reads the active ladder;
only HR shape it, and a bad order or a retired reference is a 4xx that writes nothing."""

import pytest

from careers.models import CareerTrack, Level, Requirement
from careers.services import plans as plan_services
from careers.services import tracks as track_services
from careers.services import training as training_services
from core.models import AuditEvent

pytestmark = pytest.mark.django_db

API = "/api/v1/careers"


def as_persona(api_client, request, persona):  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        api_client.force_authenticate(request.getfixturevalue(persona))
    return api_client


@pytest.fixture(autouse=True)
def _english(api_client):  # type: ignore[no-untyped-def]
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")


def positions(track):  # type: ignore[no-untyped-def]
    return list(track.levels.order_by("pk").values_list("name_en", "position"))


@pytest.fixture
def ladder(hr_admin, track, level_two, badge, path, qa_type):  # type: ignore[no-untyped-def]
    """Level two asks for one requirement of each kind."""
    for kind, extra in [
        ("badge", {"badge_class_id": badge.pk}),
        ("training", {"training_path_id": path.pk}),
        ("tenure", {"min_tenure_days": 180}),
        (
            "metric",
            {
                "event_type_id": qa_type.pk,
                "metric": "score",
                "operator": ">=",
                "threshold": 85,
                "window_days": 90,
                "min_events": 2,
            },
        ),
        ("endorsement", {}),
    ]:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind=kind, **extra)
    return track


@pytest.mark.parametrize("persona", ["agent", "team_lead", "hr_admin"])
def test_everyone_reads_the_ladder_with_each_requirement_described(
    api_client, request, persona, ladder, badge, path, qa_type
):
    response = as_persona(api_client, request, persona).get(f"{API}/tracks/")

    assert response.status_code == 200
    (track,) = response.json()["results"]
    assert [level["name"] for level in track["levels"]] == ["Agent I", "Agent II"]
    requirements = {r["kind"]: r for r in track["levels"][1]["requirements"]}
    assert [r["kind"] for r in track["levels"][1]["requirements"]] == [
        "badge",
        "training",
        "tenure",
        "metric",
        "endorsement",
    ]
    assert requirements["badge"]["badge"] == {
        "id": badge.pk,
        "slug": badge.slug,
        "name": badge.name,
    }
    assert requirements["badge"]["summary"] == "Holds the badge “Kind Words”"
    # fields of other kinds are null, whatever the column holds (min_events defaults to 1)
    assert requirements["badge"]["min_events"] is None
    assert requirements["training"]["training_path"]["id"] == path.pk
    assert requirements["tenure"]["min_tenure_days"] == 180
    metric = requirements["metric"]
    assert metric["event_type"]["id"] == qa_type.pk
    assert (metric["aggregate"], metric["operator"], metric["threshold"]) == ("mean", ">=", 85.0)
    assert (metric["window_days"], metric["min_events"]) == (90, 2)
    assert metric["summary"] == "QA review: average score ≥ 85 over 90 days"
    assert requirements["endorsement"]["summary"] == "Endorsed by the team lead"


def test_names_follow_accept_language(api_client, agent, track):
    api_client.force_authenticate(agent)

    english = api_client.get(f"{API}/tracks/{track.pk}/").json()
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="es")
    spanish = api_client.get(f"{API}/tracks/{track.pk}/").json()

    assert (spanish["name"], spanish["levels"][0]["name"]) == ("Atención al cliente", "Agente I")
    assert (english["name"], english["levels"][0]["name"]) == ("Customer Service", "Agent I")


def test_errors_follow_accept_language(api_client, hr_admin, track):
    api_client.force_authenticate(hr_admin)
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="es")

    response = api_client.post(
        f"{API}/tracks/{track.pk}/levels/order/", {"level_ids": "first"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["detail"] == "Datos no válidos."


def test_archived_tracks_are_hidden_except_from_hr(api_client, request, agent, hr_admin, track):
    CareerTrack.objects.filter(pk=track.pk).update(active=False)

    api_client.force_authenticate(agent)
    assert api_client.get(f"{API}/tracks/").json()["count"] == 0
    assert api_client.get(f"{API}/tracks/{track.pk}/").status_code == 404
    assert api_client.get(f"{API}/tracks/?include_inactive=true").status_code == 403

    api_client.force_authenticate(hr_admin)
    assert api_client.get(f"{API}/tracks/{track.pk}/").status_code == 200
    assert api_client.get(f"{API}/tracks/?include_inactive=true").json()["count"] == 1


def test_track_list_queries_do_not_grow_with_tracks(
    api_client, agent, hr_admin, ladder, django_assert_max_num_queries
):
    api_client.force_authenticate(agent)
    with django_assert_max_num_queries(4) as few:
        assert api_client.get(f"{API}/tracks/").status_code == 200

    for n in range(4):
        copy = track_services.copy_track(
            actor=hr_admin, track=ladder, name_en=f"Copy {n}", name_es=f"Copia {n}"
        )
        track_services.add_level(actor=hr_admin, track=copy, name_en="Lead", name_es="Líder")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api_client.get(f"{API}/tracks/").json()["count"] == 5


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),
        ("team_lead", 403),
        ("other_team_lead", 403),
        ("hr_admin", 201),
        ("anonymous", 403),
    ],
)
def test_only_hr_create_tracks(api_client, request, persona, expected):
    response = as_persona(api_client, request, persona).post(
        f"{API}/tracks/", {"name_en": "Quality", "name_es": "Calidad"}, format="json"
    )

    assert response.status_code in ({401, 403} if expected == 403 else {expected})
    assert CareerTrack.objects.filter(name_en="Quality").count() == (expected == 201)
    if expected == 201:
        assert response.json()["levels"] == []


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("patch", "tracks/{track}/", {"name_en": "X"}),
        ("post", "tracks/{track}/copy/", {"name_en": "X", "name_es": "X"}),
        ("post", "tracks/{track}/levels/", {"name_en": "X", "name_es": "X"}),
        ("post", "tracks/{track}/levels/order/", {"level_ids": []}),
        ("patch", "levels/{level}/", {"name_en": "X"}),
        ("delete", "levels/{level}/", None),
        ("post", "levels/{level}/requirements/", {"kind": "endorsement"}),
        ("post", "levels/{level}/requirements/order/", {"requirement_ids": []}),
    ],
)
@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_ladder_writes_are_hr_only(
    api_client, request, persona, method, path, body, track, level_two
):
    client = as_persona(api_client, request, persona)
    before = AuditEvent.objects.count()

    response = getattr(client, method)(
        f"{API}/" + path.format(track=track.pk, level=level_two.pk), body, format="json"
    )

    assert response.status_code == 403
    assert AuditEvent.objects.count() == before


def test_hr_rename_and_archive_a_track(api_client, hr_admin, track):
    api_client.force_authenticate(hr_admin)

    response = api_client.patch(
        f"{API}/tracks/{track.pk}/", {"name_en": "Care", "active": False}, format="json"
    )

    assert response.status_code == 200
    track.refresh_from_db()
    # fields left out keep their value
    assert (track.name_en, track.name_es, track.active) == ("Care", "Atención al cliente", False)


def test_hr_copy_a_track_with_its_levels(api_client, hr_admin, ladder):
    api_client.force_authenticate(hr_admin)

    response = api_client.post(
        f"{API}/tracks/{ladder.pk}/copy/",
        {"name_en": "Sales", "name_es": "Ventas"},
        format="json",
    )

    assert response.status_code == 201
    levels = response.json()["levels"]
    assert [level["name"] for level in levels] == ["Agent I", "Agent II"]
    assert len(levels[1]["requirements"]) == 5


def test_hr_insert_a_level_at_a_position(api_client, hr_admin, track):
    api_client.force_authenticate(hr_admin)

    response = api_client.post(
        f"{API}/tracks/{track.pk}/levels/",
        {"name_en": "Trainee", "name_es": "Aprendiz", "position": 1},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["position"] == 1
    assert list(track.levels.order_by("position").values_list("name_en", flat=True)) == [
        "Trainee",
        "Agent I",
        "Agent II",
    ]


def test_a_level_position_past_the_end_is_refused(api_client, hr_admin, track):
    api_client.force_authenticate(hr_admin)

    response = api_client.post(
        f"{API}/tracks/{track.pk}/levels/",
        {"name_en": "Far", "name_es": "Lejos", "position": 9},
        format="json",
    )

    assert response.status_code == 400
    assert "position" in response.json()["errors"]
    assert track.levels.count() == 2


def test_hr_reorder_levels(api_client, hr_admin, track, level_one, level_two):
    api_client.force_authenticate(hr_admin)

    response = api_client.post(
        f"{API}/tracks/{track.pk}/levels/order/",
        {"level_ids": [level_two.pk, level_one.pk]},
        format="json",
    )

    assert response.status_code == 200
    assert [level["id"] for level in response.json()["levels"]] == [level_two.pk, level_one.pk]


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(lambda one, two, other: [one, one], id="repeat (a cycle)"),
        pytest.param(lambda one, two, other: [two], id="gap"),
        pytest.param(lambda one, two, other: [one, two, other], id="foreign id"),
        pytest.param(lambda one, two, other: [one, 999999], id="unknown id"),
        pytest.param(lambda one, two, other: [], id="empty"),
    ],
)
def test_a_bad_level_order_is_refused_and_nothing_moves(
    api_client, hr_admin, track, level_one, level_two, order
):
    other = track_services.create_track(actor=hr_admin, name_en="Other", name_es="Otra")
    stranger = track_services.add_level(actor=hr_admin, track=other, name_en="S", name_es="S")
    api_client.force_authenticate(hr_admin)
    before, audits = positions(track), AuditEvent.objects.count()

    response = api_client.post(
        f"{API}/tracks/{track.pk}/levels/order/",
        {"level_ids": order(level_one.pk, level_two.pk, stranger.pk)},
        format="json",
    )

    assert response.status_code == 400
    assert "level_ids" in response.json()["errors"]
    assert positions(track) == before
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    "body",
    [
        {"level_ids": ["one", "two"]},
        {"level_ids": "1,2"},
        {"level_ids": None},
        {},
        [1, 2],
    ],
)
def test_a_level_order_of_the_wrong_type_is_refused(api_client, hr_admin, track, body):
    api_client.force_authenticate(hr_admin)
    before = positions(track)

    response = api_client.post(f"{API}/tracks/{track.pk}/levels/order/", body, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
    assert positions(track) == before


def test_malformed_json_is_a_400(api_client, hr_admin, track):
    api_client.force_authenticate(hr_admin)
    before = positions(track)

    response = api_client.post(
        f"{API}/tracks/{track.pk}/levels/order/",
        data='{"level_ids": [1, 2',
        content_type="application/json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"detail", "errors"}
    assert positions(track) == before


def test_hr_rename_a_level(api_client, hr_admin, level_one):
    api_client.force_authenticate(hr_admin)

    response = api_client.patch(
        f"{API}/levels/{level_one.pk}/", {"description_en": "Where everyone starts"}
    )

    assert response.status_code == 200
    assert response.json()["description_en"] == "Where everyone starts"
    assert response.json()["name_en"] == "Agent I"


def test_hr_delete_an_unused_level_and_the_rest_close_up(api_client, hr_admin, track, level_one):
    api_client.force_authenticate(hr_admin)

    response = api_client.delete(f"{API}/levels/{level_one.pk}/")

    assert response.status_code == 204
    assert positions(track) == [("Agent II", 1)]


def test_a_level_in_use_cannot_be_deleted(api_client, hr_admin, agent, track, level_two):
    plan_services.set_target_level(actor=agent, agent=agent, level_id=level_two.pk)
    api_client.force_authenticate(hr_admin)

    response = api_client.delete(f"{API}/levels/{level_two.pk}/")

    assert response.status_code == 409
    assert Level.objects.filter(pk=level_two.pk).exists()


def test_hr_add_a_metric_requirement(api_client, hr_admin, level_two, qa_type):
    api_client.force_authenticate(hr_admin)

    response = api_client.post(
        f"{API}/levels/{level_two.pk}/requirements/",
        {
            "kind": "metric",
            "event_type": qa_type.pk,
            "metric": "score",
            "aggregate": "mean",
            "operator": ">=",
            "threshold": 85,
            "window_days": 90,
            "min_events": 3,
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["kind"], body["position"], body["min_events"]) == ("metric", 1, 3)
    assert body["badge"] is None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "badge", "badge_class": "{retired_badge}"}, "badge_class"),
        ({"kind": "badge", "badge_class": 999999}, "badge_class"),
        ({"kind": "badge"}, "badge_class"),
        ({"kind": "training", "training_path": "{archived_path}"}, "training_path"),
        ({"kind": "training", "training_path": 999999}, "training_path"),
        ({"kind": "tenure", "min_tenure_days": 0}, "min_tenure_days"),
        ({"kind": "metric", "event_type": "{qa_type}", "threshold": 1}, "window_days"),
        ({"kind": "promotion"}, "kind"),
        ({"kind": "tenure", "min_tenure_days": "many"}, "min_tenure_days"),
        ({"kind": "metric", "threshold": "high"}, "threshold"),
    ],
)
def test_a_bad_requirement_is_refused_and_nothing_is_written(
    api_client, hr_admin, level_two, badge, path, qa_type, body, field
):
    badge.active = False
    badge.save()
    training_services.update_path(
        actor=hr_admin, path=path, name_en=path.name_en, name_es=path.name_es, active=False
    )
    refs = {"{retired_badge}": badge.pk, "{archived_path}": path.pk, "{qa_type}": qa_type.pk}
    body = {key: refs.get(value, value) for key, value in body.items()}
    api_client.force_authenticate(hr_admin)
    audits = AuditEvent.objects.count()

    response = api_client.post(f"{API}/levels/{level_two.pk}/requirements/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Requirement.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_hr_reorder_and_delete_requirements(api_client, hr_admin, ladder, level_two):
    api_client.force_authenticate(hr_admin)
    ids = list(level_two.requirements.order_by("position").values_list("pk", flat=True))

    reordered = api_client.post(
        f"{API}/levels/{level_two.pk}/requirements/order/",
        {"requirement_ids": list(reversed(ids))},
        format="json",
    )
    deleted = api_client.delete(f"{API}/requirements/{ids[-1]}/")

    assert reordered.status_code == 200
    assert [r["id"] for r in reordered.json()["requirements"]] == list(reversed(ids))
    assert deleted.status_code == 204
    assert list(level_two.requirements.order_by("position").values_list("pk", flat=True)) == [
        ids[3],
        ids[2],
        ids[1],
        ids[0],
    ]


def test_a_requirement_order_with_a_repeat_is_refused(api_client, hr_admin, ladder, level_two):
    api_client.force_authenticate(hr_admin)
    ids = list(level_two.requirements.order_by("position").values_list("pk", flat=True))

    response = api_client.post(
        f"{API}/levels/{level_two.pk}/requirements/order/",
        {"requirement_ids": [ids[0], *ids[:-1]]},
        format="json",
    )

    assert response.status_code == 400
    assert list(level_two.requirements.order_by("position").values_list("pk", flat=True)) == ids


def test_unknown_ids_in_the_url_are_404(api_client, hr_admin):
    api_client.force_authenticate(hr_admin)

    assert api_client.get(f"{API}/tracks/999999/").status_code == 404
    assert api_client.patch(f"{API}/levels/999999/", {}, format="json").status_code == 404
    assert api_client.delete(f"{API}/requirements/999999/").status_code == 404
