"""Careers API: the training catalog, HR's path and module editor, enrollments and module
completion. Learners never see which quiz answer is correct; a bad submission writes
nothing; the catalog keeps a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from careers.models import Enrollment, Module, ModuleProgress, QuizChoice, TrainingPath
from careers.services import training as training_services
from core.models import AuditEvent
from tests.unit.careers.conftest import right_answers, wrong_answers

pytestmark = pytest.mark.django_db

API = "/api/v1/careers"


@pytest.fixture(autouse=True)
def _english(api_client):  # type: ignore[no-untyped-def]
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):  # type: ignore[no-untyped-def]
    # Completing the path awards its badge, which draws an image into MEDIA_ROOT.
    settings.MEDIA_ROOT = tmp_path


def as_persona(api_client, request, persona):  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        api_client.force_authenticate(request.getfixturevalue(persona))
    return api_client


@pytest.fixture
def first(path):  # type: ignore[no-untyped-def]
    return path.modules.get(position=1)


@pytest.fixture
def quiz(path):  # type: ignore[no-untyped-def]
    return path.modules.get(position=2)


@pytest.fixture
def enrollment(agent, path):  # type: ignore[no-untyped-def]
    return training_services.enroll(user=agent, path=path)


def make_path(hr_admin, name, *, minutes=10, track=None):  # type: ignore[no-untyped-def]
    new = training_services.create_path(
        actor=hr_admin, name_en=name, name_es=name, track_id=track.pk if track else None
    )
    training_services.add_module(
        actor=hr_admin,
        path=new,
        title_en="Only module",
        title_es="Único módulo",
        url="https://example.test/read",
        estimated_minutes=minutes,
    )
    return new


# --- Catalog -----------------------------------------------------------------------------


def test_the_catalog_lists_active_paths_with_their_length(api_client, agent, path, hr_admin):
    training_services.create_path(actor=hr_admin, name_en="Empty", name_es="Vacía")
    api_client.force_authenticate(agent)

    response = api_client.get(f"{API}/paths/")

    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert (row["id"], row["module_count"], row["total_minutes"]) == (path.pk, 2, 15)
    assert (row["badge"]["slug"], row["points"]) == ("kind-words", 50)


def test_the_catalog_filters_by_track_and_length(api_client, agent, hr_admin, path, track):
    on_track = make_path(hr_admin, "Tone", minutes=5, track=track)
    make_path(hr_admin, "Long read", minutes=90)
    api_client.force_authenticate(agent)

    by_track = api_client.get(f"{API}/paths/", {"track": track.pk}).json()["results"]
    short = api_client.get(f"{API}/paths/", {"max_minutes": 15}).json()["results"]

    assert [p["id"] for p in by_track] == [on_track.pk]
    assert {p["name"] for p in short} == {"Tone", "Kind words on the phone"}


@pytest.mark.parametrize(
    "query",
    [{"track": "sales"}, {"max_minutes": "-5"}, {"max_minutes": "0"}, {"max_minutes": "1.5"}],
)
def test_bad_catalog_filters_are_a_400(api_client, agent, path, query):
    api_client.force_authenticate(agent)

    response = api_client.get(f"{API}/paths/", query)

    assert response.status_code == 400
    assert set(response.json()["errors"]) == set(query)


def test_only_hr_list_archived_paths(api_client, agent, hr_admin, path):
    training_services.update_path(
        actor=hr_admin, path=path, name_en=path.name_en, name_es=path.name_es, active=False
    )

    api_client.force_authenticate(agent)
    assert api_client.get(f"{API}/paths/").json()["count"] == 0
    assert api_client.get(f"{API}/paths/", {"include_archived": "true"}).status_code == 403
    api_client.force_authenticate(hr_admin)
    assert api_client.get(f"{API}/paths/", {"include_archived": "true"}).json()["count"] == 1


def test_catalog_queries_do_not_grow_with_paths(
    api_client, agent, hr_admin, path, track, django_assert_max_num_queries
):
    api_client.force_authenticate(agent)
    with django_assert_max_num_queries(2) as few:
        assert api_client.get(f"{API}/paths/").json()["count"] == 1

    for n in range(6):
        make_path(hr_admin, f"Path {n}", track=track)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api_client.get(f"{API}/paths/").json()["count"] == 7


def test_a_path_shows_its_quiz_without_the_correct_answers(api_client, agent, path, quiz):
    api_client.force_authenticate(agent)

    response = api_client.get(f"{API}/paths/{path.pk}/")

    assert response.status_code == 200
    first, second = response.json()["modules"]
    assert (first["has_quiz"], first["questions"]) == (False, [])
    assert second["pass_mark"] == 50
    question = second["questions"][0]
    assert question["prompt"] == "A caller is upset. First you…"
    assert [c["text"] for c in question["choices"]] == [
        "Acknowledge the feeling",
        "Read the policy",
    ]
    assert "correct" not in response.content.decode()


# --- HR's editor -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path_", "body"),
    [
        ("post", "paths/", {"name_en": "X", "name_es": "X"}),
        ("patch", "paths/{path}/", {"name_en": "X"}),
        ("post", "paths/{path}/modules/", {"title_en": "X", "title_es": "X", "body_en": "x"}),
        ("post", "paths/{path}/modules/order/", {"module_ids": []}),
        ("get", "modules/{module}/", None),
        ("patch", "modules/{module}/", {"title_en": "X"}),
        ("delete", "modules/{module}/", None),
    ],
)
@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_the_training_editor_is_hr_only(
    api_client, request, persona, method, path_, body, path, quiz
):
    client = as_persona(api_client, request, persona)
    audits = AuditEvent.objects.count()

    response = getattr(client, method)(
        f"{API}/" + path_.format(path=path.pk, module=quiz.pk), body, format="json"
    )

    assert response.status_code == 403
    assert AuditEvent.objects.count() == audits


def test_hr_build_a_path_with_a_quiz_module(api_client, hr_admin, badge, track):
    api_client.force_authenticate(hr_admin)

    created = api_client.post(
        f"{API}/paths/",
        {"name_en": "De-escalation", "name_es": "Desescalar", "track": track.pk, "points": 20},
        format="json",
    )
    path_id = created.json()["id"]
    module = api_client.post(
        f"{API}/paths/{path_id}/modules/",
        {
            "title_en": "Calm down",
            "title_es": "Calma",
            "body_en": "Breathe.",
            "estimated_minutes": 7,
            "pass_mark": 100,
            "questions": [
                {
                    "prompt_en": "First?",
                    "choices": [
                        {"text_en": "Listen", "correct": True},
                        {"text_en": "Argue"},
                    ],
                }
            ],
        },
        format="json",
    )

    assert created.status_code == 201
    assert (created.json()["track"]["id"], created.json()["points"]) == (track.pk, 20)
    assert module.status_code == 201
    (question,) = module.json()["questions"]
    assert [(c["text_en"], c["text_es"], c["correct"]) for c in question["choices"]] == [
        ("Listen", "Listen", True),
        ("Argue", "Argue", False),
    ]
    detail = api_client.get(f"{API}/paths/{path_id}/").json()
    assert (detail["module_count"], detail["total_minutes"]) == (1, 7)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"pass_mark": 50, "questions": []}, "questions"),
        (
            {"pass_mark": 50, "questions": [{"prompt_en": "Q", "choices": [{"text_en": "A"}]}]},
            "questions",
        ),
        ({"pass_mark": 150, "questions": [{"prompt_en": "Q", "choices": []}]}, "pass_mark"),
        ({"body_en": "", "url": ""}, "body_en"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"estimated_minutes": 0}, "estimated_minutes"),
        ({"questions": "none"}, "questions"),
    ],
)
def test_a_bad_module_is_refused_and_nothing_is_written(api_client, hr_admin, path, body, field):
    api_client.force_authenticate(hr_admin)
    modules = Module.objects.count()

    response = api_client.post(
        f"{API}/paths/{path.pk}/modules/",
        {"title_en": "New", "title_es": "Nuevo", "body_en": "Text", **body},
        format="json",
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Module.objects.count() == modules


def test_hr_read_a_module_with_the_correct_answers(api_client, hr_admin, quiz):
    api_client.force_authenticate(hr_admin)

    response = api_client.get(f"{API}/modules/{quiz.pk}/")

    assert response.status_code == 200
    choices = response.json()["questions"][0]["choices"]
    assert [c["correct"] for c in choices] == [True, False]


def test_editing_a_module_text_keeps_its_quiz(api_client, hr_admin, quiz):
    api_client.force_authenticate(hr_admin)

    response = api_client.patch(
        f"{API}/modules/{quiz.pk}/", {"title_en": "Check your tone"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["title_en"], body["title_es"], body["pass_mark"]) == (
        "Check your tone",
        "Compruébalo",
        50,
    )
    assert [len(q["choices"]) for q in body["questions"]] == [2, 2]
    assert QuizChoice.objects.filter(question__module=quiz, correct=True).count() == 2


def test_hr_remove_a_quiz(api_client, hr_admin, quiz):
    api_client.force_authenticate(hr_admin)

    response = api_client.patch(
        f"{API}/modules/{quiz.pk}/", {"pass_mark": None, "questions": []}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["pass_mark"], response.json()["questions"]) == (None, [])


def test_hr_reorder_modules(api_client, hr_admin, path, first, quiz):
    api_client.force_authenticate(hr_admin)

    response = api_client.post(
        f"{API}/paths/{path.pk}/modules/order/", {"module_ids": [quiz.pk, first.pk]}, format="json"
    )
    repeated = api_client.post(
        f"{API}/paths/{path.pk}/modules/order/", {"module_ids": [quiz.pk, quiz.pk]}, format="json"
    )

    assert response.status_code == 200
    assert [m["id"] for m in response.json()["modules"]] == [quiz.pk, first.pk]
    assert repeated.status_code == 400
    assert list(path.modules.order_by("position").values_list("pk", flat=True)) == [
        quiz.pk,
        first.pk,
    ]


def test_a_module_someone_worked_on_cannot_be_deleted(
    api_client, hr_admin, agent, enrollment, first, path
):
    training_services.complete_module(user=agent, enrollment_id=enrollment.pk, module_id=first.pk)
    spare = make_path(hr_admin, "Spare").modules.get()
    api_client.force_authenticate(hr_admin)

    in_use = api_client.delete(f"{API}/modules/{first.pk}/")
    unused = api_client.delete(f"{API}/modules/{spare.pk}/")

    assert in_use.status_code == 409
    assert Module.objects.filter(pk=first.pk).exists()
    assert unused.status_code == 204


def test_hr_archive_a_path_keeping_the_rest(api_client, hr_admin, path, badge):
    api_client.force_authenticate(hr_admin)

    response = api_client.patch(f"{API}/paths/{path.pk}/", {"active": False}, format="json")

    assert response.status_code == 200
    path.refresh_from_db()
    assert (path.active, path.badge_class_id, path.points) == (False, badge.pk, 50)


# --- Enrollments -------------------------------------------------------------------------


def test_enrolling_twice_returns_the_same_enrollment(api_client, agent, path):
    api_client.force_authenticate(agent)

    first = api_client.post(f"{API}/paths/{path.pk}/enroll/")
    again = api_client.post(f"{API}/paths/{path.pk}/enroll/")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert (first.json()["modules_done"], first.json()["modules_total"]) == (0, 2)
    assert Enrollment.objects.filter(user=agent).count() == 1


def test_an_archived_path_takes_no_new_enrollments(api_client, agent, hr_admin, path):
    training_services.update_path(
        actor=hr_admin, path=path, name_en=path.name_en, name_es=path.name_es, active=False
    )
    api_client.force_authenticate(agent)

    response = api_client.post(f"{API}/paths/{path.pk}/enroll/")

    assert response.status_code == 400
    assert not Enrollment.objects.exists()


def test_my_enrollments_show_progress_and_due_date(api_client, agent, team_lead, path, first):
    due = timezone.localdate() + dt.timedelta(days=7)
    enrollment = training_services.assign_path(actor=team_lead, agent=agent, path=path, due_on=due)
    training_services.complete_module(user=agent, enrollment_id=enrollment.pk, module_id=first.pk)
    api_client.force_authenticate(agent)

    (row,) = api_client.get(f"{API}/enrollments/").json()["results"]

    assert (row["modules_done"], row["modules_total"]) == (1, 2)
    assert row["due_on"] == due.isoformat()
    assert row["assigned_by"]["display_name"] == "Lía Lead"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),
        ("team_lead", 201),
        ("other_team_lead", 404),
        ("hr_admin", 201),
        ("anonymous", 403),
    ],
)
def test_assigning_a_path_by_role(api_client, request, persona, expected, teammate, path):
    due = (timezone.localdate() + dt.timedelta(days=3)).isoformat()

    response = as_persona(api_client, request, persona).post(
        f"{API}/enrollments/",
        {"user": teammate.pk, "path": path.pk, "due_on": due},
        format="json",
    )

    assert response.status_code in ({401, 403} if expected == 403 else {expected})
    assert Enrollment.objects.filter(user=teammate).count() == (expected == 201)
    if expected == 201:
        assert response.json()["due_on"] == due


def test_assigning_an_existing_enrollment_is_a_200(api_client, team_lead, agent, enrollment):
    api_client.force_authenticate(team_lead)

    response = api_client.post(
        f"{API}/enrollments/", {"user": agent.pk, "path": enrollment.path_id}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["id"] == enrollment.pk


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"path": 999999}, "path"),
        ({"due_on": "2000-01-01"}, "due_on"),
        ({"due_on": "next week"}, "due_on"),
        ({"user": "ana"}, "user"),
    ],
)
def test_a_bad_assignment_is_refused(api_client, team_lead, teammate, path, body, field):
    api_client.force_authenticate(team_lead)

    response = api_client.post(
        f"{API}/enrollments/", {"user": teammate.pk, "path": path.pk, **body}, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Enrollment.objects.exists()


def test_an_enrollment_is_read_by_its_owner_only(
    api_client, agent, teammate, team_lead, hr_admin, enrollment, first
):
    training_services.complete_module(user=agent, enrollment_id=enrollment.pk, module_id=first.pk)

    api_client.force_authenticate(agent)
    mine = api_client.get(f"{API}/enrollments/{enrollment.pk}/")
    assert mine.status_code == 200
    modules = mine.json()["modules"]
    assert [(m["module_id"], m["attempts"]) for m in modules] == [
        (first.pk, 1),
        (modules[1]["module_id"], 0),
    ]
    assert modules[0]["completed_at"] is not None
    assert modules[1]["completed_at"] is None

    for other in (teammate, team_lead, hr_admin):
        api_client.force_authenticate(other)
        assert api_client.get(f"{API}/enrollments/{enrollment.pk}/").status_code == 404


# --- Completing modules ------------------------------------------------------------------


def complete(api_client, enrollment, module, answers=None):  # type: ignore[no-untyped-def]
    body = {} if answers is None else {"answers": answers}
    return api_client.post(
        f"{API}/enrollments/{enrollment.pk}/modules/{module.pk}/complete/", body, format="json"
    )


def test_completing_every_module_completes_the_path(api_client, agent, enrollment, first, quiz):
    api_client.force_authenticate(agent)

    reading = complete(api_client, enrollment, first)
    failed = complete(api_client, enrollment, quiz, wrong_answers(quiz))
    passed = complete(api_client, enrollment, quiz, right_answers(quiz))

    assert reading.status_code == 200
    assert (reading.json()["passed"], reading.json()["score"]) == (True, None)
    assert failed.json()["passed"] is False
    assert (failed.json()["score"], failed.json()["path_completed_now"]) == (0, False)
    body = passed.json()
    assert (body["passed"], body["score"], body["attempts"]) == (True, 100, 2)
    assert body["path_completed_now"] is True
    assert body["enrollment"]["modules_done"] == body["enrollment"]["modules_total"] == 2
    assert body["enrollment"]["completed_at"] is not None


def test_a_quiz_without_answers_is_refused(api_client, agent, enrollment, quiz):
    api_client.force_authenticate(agent)

    response = complete(api_client, enrollment, quiz)

    assert response.status_code == 400
    assert "answers" in response.json()["errors"]
    assert not ModuleProgress.objects.exists()


def test_a_module_outside_the_enrollment_is_refused_and_nothing_is_written(
    api_client, agent, hr_admin, enrollment
):
    stranger = make_path(hr_admin, "Other path").modules.get()
    api_client.force_authenticate(agent)

    response = complete(api_client, enrollment, stranger)

    assert response.status_code == 400
    assert "module" in response.json()["errors"]
    assert not ModuleProgress.objects.exists()


def test_quiz_answers_for_another_module_are_refused_and_nothing_is_written(
    api_client, agent, hr_admin, enrollment, quiz
):
    other = training_services.create_path(actor=hr_admin, name_en="Other", name_es="Otra")
    foreign = training_services.add_module(
        actor=hr_admin,
        path=other,
        title_en="Q",
        title_es="Q",
        body_en="Q",
        pass_mark=50,
        questions=[
            {"prompt_en": "Q?", "choices": [{"text_en": "Y", "correct": True}, {"text_en": "N"}]}
        ],
    )
    answers = {**right_answers(quiz), **right_answers(foreign)}
    api_client.force_authenticate(agent)

    response = complete(api_client, enrollment, quiz, answers)

    assert response.status_code == 400
    assert "answers" in response.json()["errors"]
    assert not ModuleProgress.objects.exists()


@pytest.mark.parametrize("answers", [["1", "2"], "all right", {"1": "first"}, {"question": 1}])
def test_malformed_answers_are_refused(api_client, agent, enrollment, quiz, answers):
    api_client.force_authenticate(agent)

    response = complete(api_client, enrollment, quiz, answers)

    assert response.status_code == 400
    assert not ModuleProgress.objects.exists()


def test_someone_elses_enrollment_is_404(api_client, teammate, enrollment, first):
    api_client.force_authenticate(teammate)

    response = complete(api_client, enrollment, first)

    assert response.status_code == 404
    assert not ModuleProgress.objects.exists()
    assert TrainingPath.objects.count() == 1
