"""HR's careers pages: the tracks editor, the training editor, the promotion queue and the
company's readiness view, driven through the pages as HR would use them."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from careers.models import (
    CareerPlan,
    CareerTrack,
    Enrollment,
    Level,
    LevelHistory,
    Module,
    ModuleProgress,
    Promotion,
    Requirement,
    TrainingPath,
)
from careers.services import plans, promotions
from careers.services import tracks as track_services
from people.models import Membership, Role, User

pytestmark = pytest.mark.django_db


def quiz_rows(*questions):  # type: ignore[no-untyped-def]
    """The quiz editor's rows as the page posts them: each question is
    (prompt_en, prompt_es, [(text_en, text_es, correct), ...])."""
    data = {
        "questions-TOTAL_FORMS": str(len(questions)),
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
    }
    for n, (prompt_en, prompt_es, choices) in enumerate(questions):
        data[f"questions-{n}-prompt_en"] = prompt_en
        data[f"questions-{n}-prompt_es"] = prompt_es
        for c, (text_en, text_es, correct) in enumerate(choices):
            data[f"questions-{n}-choice_{c}_en"] = text_en
            data[f"questions-{n}-choice_{c}_es"] = text_es
            if correct:
                data[f"questions-{n}-choice_{c}_correct"] = "on"
    return data


QUIZ = quiz_rows(
    (
        "A caller is upset. First you…",
        "Un cliente está molesto. Primero…",
        [
            ("Acknowledge the feeling", "Reconoces lo que siente", True),
            ("Read the policy", "Lees la política", False),
        ],
    ),
    ("Kind words cost…", "", [("Nothing", "", True), ("Handle time", "", False)]),
)


@pytest.fixture
def endorsed(hr_admin, team_lead, agent, level_one, level_two):  # type: ignore[no-untyped-def]
    """Ana holds level one, aims at level two and her lead endorsed her."""
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    plans.set_target_level(actor=agent, agent=agent, level_id=level_two.pk)
    return promotions.endorse(actor=team_lead, agent=agent, note="Ready: calm on hard calls.")


def _pages(track, path, agent):  # type: ignore[no-untyped-def]
    module = path.modules.first()
    return [
        reverse("careers:hr_tracks"),
        reverse("careers:hr_track", args=[track.pk]),
        reverse("careers:hr_paths"),
        reverse("careers:hr_path", args=[path.pk]),
        reverse("careers:hr_module_add", args=[path.pk]),
        reverse("careers:hr_module_edit", args=[module.pk]),
        reverse("careers:promotion_queue"),
        reverse("careers:hr_set_level", args=[agent.pk]),
        reverse("careers:hr_readiness"),
    ]


def _actions(hr, track, level_one, path, endorsed, agent):  # type: ignore[no-untyped-def]
    module = path.modules.first()
    requirement = track_services.add_requirement(actor=hr, level=level_one, kind="endorsement")
    return [
        (reverse("careers:hr_tracks"), {"name_en": "X", "name_es": "X"}),
        (reverse("careers:hr_track", args=[track.pk]), {"name_en": "X", "name_es": "X"}),
        (reverse("careers:hr_track_copy", args=[track.pk]), {"name_en": "Y", "name_es": "Y"}),
        (reverse("careers:hr_level_add", args=[track.pk]), {"name_en": "Z", "name_es": "Z"}),
        (reverse("careers:hr_levels_reorder", args=[track.pk]), {"ids": []}),
        (reverse("careers:hr_level_edit", args=[level_one.pk]), {"name_en": "Q"}),
        (reverse("careers:hr_level_delete", args=[level_one.pk]), {}),
        (reverse("careers:hr_requirement_add", args=[level_one.pk]), {"kind": "tenure"}),
        (reverse("careers:hr_requirements_reorder", args=[level_one.pk]), {"ids": []}),
        (reverse("careers:hr_requirement_delete", args=[requirement.pk]), {}),
        (reverse("careers:hr_paths"), {"name_en": "P", "name_es": "P"}),
        (reverse("careers:hr_path", args=[path.pk]), {"name_en": "P", "name_es": "P"}),
        (reverse("careers:hr_module_add", args=[path.pk]), {"title_en": "M"}),
        (reverse("careers:hr_module_edit", args=[module.pk]), {"title_en": "M"}),
        (reverse("careers:hr_modules_reorder", args=[path.pk]), {"ids": []}),
        (reverse("careers:hr_module_delete", args=[module.pk]), {}),
        (reverse("careers:hr_promotion_approve", args=[endorsed.pk]), {}),
        (reverse("careers:hr_promotion_decline", args=[endorsed.pk]), {"reason": "No"}),
        (reverse("careers:hr_set_level", args=[agent.pk]), {"level": level_one.pk}),
    ]


# --- Who may open them ---------------------------------------------------------------------


def test_every_hr_page_sends_anonymous_visitors_to_sign_in(
    client, hr_admin, track, level_one, path, endorsed, agent
):
    actions = _actions(hr_admin, track, level_one, path, endorsed, agent)

    for url in _pages(track, path, agent):
        response = client.get(url)
        assert response.status_code == 302, url
        assert reverse("account_login") in response["Location"]
    for url, data in actions:
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert reverse("account_login") in response["Location"]
    endorsed.refresh_from_db()
    assert endorsed.status == Promotion.Status.ENDORSED


@pytest.mark.parametrize("persona", ["agent", "team_lead", "other_team_lead", "staff_user"])
def test_every_hr_page_and_action_is_403_for_everyone_but_hr(
    client, request, persona, hr_admin, track, level_one, path, endorsed, agent
):
    # given the actions' targets, made before anyone else signs in
    actions = _actions(hr_admin, track, level_one, path, endorsed, agent)
    counts = (Level.objects.count(), Requirement.objects.count(), Module.objects.count())
    client.force_login(request.getfixturevalue(persona))

    for url in _pages(track, path, agent):
        assert client.get(url).status_code == 403, url
    for url, data in actions:
        assert client.post(url, data).status_code == 403, url

    # then nothing changed
    assert (Level.objects.count(), Requirement.objects.count(), Module.objects.count()) == counts
    endorsed.refresh_from_db()
    assert endorsed.status == Promotion.Status.ENDORSED


def test_hr_opens_every_page(client, hr_admin, track, level_one, path, endorsed, agent):
    client.force_login(hr_admin)

    for url in _pages(track, path, agent):
        assert client.get(url).status_code == 200, url


def test_hr_dashboard_links_to_the_careers_pages(client, hr_admin):
    client.force_login(hr_admin)

    html = client.get(reverse("people:hr_dashboard")).content.decode()

    for name in ("hr_tracks", "hr_paths", "promotion_queue", "hr_readiness"):
        assert f'href="{reverse(f"careers:{name}")}"' in html


# --- Tracks editor -------------------------------------------------------------------------


def test_hr_builds_a_track_with_levels_in_order_and_requirements(
    client, hr_admin, badge, path, qa_type
):
    client.force_login(hr_admin)

    # when HR creates a track and two levels, the second first by mistake
    response = client.post(
        reverse("careers:hr_tracks"),
        {"name_en": "Back office", "name_es": "Oficina", "description_en": "Claims."},
    )
    track = CareerTrack.objects.get(name_en="Back office")
    assert response.status_code == 302
    assert response["Location"] == reverse("careers:hr_track", args=[track.pk])
    level_url = reverse("careers:hr_level_add", args=[track.pk])
    client.post(level_url, {"name_en": "Senior clerk", "name_es": "Administrativo sénior"})
    client.post(level_url, {"name_en": "Clerk", "name_es": "Administrativo", "position": "1"})
    # then the second one went before the first
    assert list(track.levels.order_by("position").values_list("name_en", flat=True)) == [
        "Clerk",
        "Senior clerk",
    ]

    # when HR moves "Clerk" down with the button (the whole new order)
    clerk, senior = track.levels.order_by("position")
    response = client.post(
        reverse("careers:hr_levels_reorder", args=[track.pk]), {"ids": [senior.pk, clerk.pk]}
    )
    assert response.status_code == 302
    assert list(track.levels.order_by("position").values_list("name_en", flat=True)) == [
        "Senior clerk",
        "Clerk",
    ]

    # when HR adds one requirement of each kind to "Senior clerk"
    requirement_url = reverse("careers:hr_requirement_add", args=[senior.pk])
    for data in [
        {"kind": "badge", "badge_class": badge.pk},
        {"kind": "training", "training_path": path.pk},
        {"kind": "tenure", "min_tenure_days": "180"},
        {
            "kind": "metric",
            "event_type": qa_type.pk,
            "metric": "score",
            "aggregate": "mean",
            "operator": ">=",
            "threshold": "85.5",
            "window_days": "90",
            "min_events": "3",
        },
        {"kind": "endorsement"},
    ]:
        response = client.post(requirement_url, {"operator": ">=", "min_events": "1", **data})
        assert response.status_code == 302, response.content.decode()[:2000]

    # then they are listed in order on the track page
    kinds = list(senior.requirements.order_by("position").values_list("kind", flat=True))
    assert kinds == ["badge", "training", "tenure", "metric", "endorsement"]
    metric = senior.requirements.get(kind="metric")
    assert (metric.threshold, metric.window_days, metric.min_events) == (85.5, 90, 3)
    html = client.get(reverse("careers:hr_track", args=[track.pk])).content.decode()
    assert "Holds the badge “Kind Words”" in html
    assert "At least 180 days in the current level" in html

    # when HR moves the endorsement to the top
    ids = list(senior.requirements.order_by("position").values_list("pk", flat=True))
    client.post(
        reverse("careers:hr_requirements_reorder", args=[senior.pk]), {"ids": [ids[-1], *ids[:-1]]}
    )
    assert senior.requirements.order_by("position").first().kind == "endorsement"

    # and removes the tenure requirement
    tenure = senior.requirements.get(kind="tenure")
    client.post(reverse("careers:hr_requirement_delete", args=[tenure.pk]))
    assert list(senior.requirements.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
    ]


@pytest.mark.parametrize(
    "order",
    [
        pytest.param(lambda one, two: [one, one], id="repeated"),
        pytest.param(lambda one, two: [two], id="missing"),
        pytest.param(lambda one, two: [two, one, 999999], id="stranger"),
        pytest.param(lambda one, two: [two, "x"], id="not-a-number"),
    ],
)
def test_a_bad_level_order_shows_an_error_and_changes_nothing(
    client, hr_admin, track, level_one, level_two, order
):
    client.force_login(hr_admin)

    response = client.post(
        reverse("careers:hr_levels_reorder", args=[track.pk]),
        {"ids": order(level_one.pk, level_two.pk)},
        follow=True,
    )

    assert response.status_code == 200
    assert "The new order must" in response.content.decode()
    level_one.refresh_from_db()
    level_two.refresh_from_db()
    assert (level_one.position, level_two.position) == (1, 2)


def test_a_bad_requirement_order_shows_an_error_and_changes_nothing(client, hr_admin, level_two):
    first = track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=30
    )
    second = track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    client.force_login(hr_admin)

    response = client.post(
        reverse("careers:hr_requirements_reorder", args=[level_two.pk]),
        {"ids": [second.pk, second.pk]},
        follow=True,
    )

    assert "listed more than once" in response.content.decode()
    assert list(level_two.requirements.order_by("position")) == [first, second]


def test_a_requirement_for_a_retired_badge_is_refused_and_nothing_is_written(
    client, hr_admin, level_two, badge
):
    badge.active = False
    badge.save()
    client.force_login(hr_admin)

    response = client.post(
        reverse("careers:hr_requirement_add", args=[level_two.pk]),
        {"kind": "badge", "badge_class": badge.pk, "operator": ">=", "min_events": "1"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This badge does not exist or was retired." in html
    assert 'class="field-error"' in html
    assert not Requirement.objects.exists()


def test_a_requirement_for_an_archived_path_is_refused(client, hr_admin, level_two, path):
    path.active = False
    path.save()
    client.force_login(hr_admin)

    response = client.post(
        reverse("careers:hr_requirement_add", args=[level_two.pk]),
        {"kind": "training", "training_path": path.pk, "operator": ">="},
    )

    assert response.status_code == 400
    assert "This training path does not exist or was archived." in response.content.decode()
    assert not Requirement.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "tenure", "min_tenure_days": "-3"}, "Give a whole number from 1 to 3650."),
        ({"kind": "tenure", "min_tenure_days": "abc"}, "Give a whole number from 1 to 3650."),
        ({"threshold": "lots"}, "Give the threshold as a number."),
        ({"threshold": "nan"}, "Give the threshold as a number."),
        ({"window_days": "0"}, "Give a whole number from 1 to 730."),
        ({"metric": "a b"}, "Name the metric"),
        ({"event_type": "424242"}, "This event type does not exist or is not active."),
        ({"kind": "made-up"}, "Select a valid choice."),
    ],
)
def test_a_requirement_with_bad_values_shows_the_field_error_and_writes_nothing(
    client, hr_admin, level_two, qa_type, data, message
):
    client.force_login(hr_admin)
    post = {
        "kind": "metric",
        "event_type": qa_type.pk,
        "metric": "score",
        "aggregate": "mean",
        "operator": ">=",
        "threshold": "80",
        "window_days": "30",
        "min_events": "1",
        **data,
    }

    response = client.post(reverse("careers:hr_requirement_add", args=[level_two.pk]), post)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Requirement.objects.exists()


def test_copy_track_copies_its_levels_and_requirements(client, hr_admin, track, level_two, badge):
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge.pk
    )
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=90
    )
    client.force_login(hr_admin)

    response = client.post(
        reverse("careers:hr_track_copy", args=[track.pk]),
        {"name_en": "Customer Service Madrid", "name_es": "Atención al cliente Madrid"},
    )

    copy = CareerTrack.objects.get(name_en="Customer Service Madrid")
    assert response["Location"] == reverse("careers:hr_track", args=[copy.pk])
    levels = list(copy.levels.order_by("position"))
    assert [level.name_en for level in levels] == ["Agent I", "Agent II"]
    assert list(levels[1].requirements.order_by("position").values_list("kind", flat=True)) == [
        "badge",
        "tenure",
    ]
    assert track.levels.count() == 2


def test_copy_track_with_a_name_in_use_shows_the_error(client, hr_admin, track):
    client.force_login(hr_admin)

    response = client.post(
        reverse("careers:hr_track_copy", args=[track.pk]),
        {"name_en": "customer service", "name_es": "Otra"},
    )

    assert response.status_code == 409
    assert "A track with this name already exists." in response.content.decode()
    assert CareerTrack.objects.count() == 1


def test_hr_edits_and_archives_a_track(client, hr_admin, track):
    client.force_login(hr_admin)

    client.post(
        reverse("careers:hr_track", args=[track.pk]),
        {"name_en": "Customer Care", "name_es": "Atención", "description_en": "Phones."},
    )

    track.refresh_from_db()
    assert (track.name_en, track.active) == ("Customer Care", False)


def test_hr_edits_a_level_and_an_empty_name_is_refused(client, hr_admin, level_one):
    client.force_login(hr_admin)
    url = reverse("careers:hr_level_edit", args=[level_one.pk])

    response = client.post(url, {"name_en": "", "name_es": "Agente"})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()

    client.post(url, {"name_en": "Agent 1", "name_es": "Agente 1"})
    level_one.refresh_from_db()
    assert level_one.name_en == "Agent 1"


def test_deleting_a_level_someone_holds_shows_the_conflict(
    client, hr_admin, agent, level_one, level_two
):
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    client.force_login(hr_admin)

    response = client.post(reverse("careers:hr_level_delete", args=[level_one.pk]), follow=True)

    assert "People hold, held or aim for this level, so it cannot be deleted." in (
        response.content.decode()
    )
    assert Level.objects.filter(pk=level_one.pk).exists()

    client.post(reverse("careers:hr_level_delete", args=[level_two.pk]))
    assert not Level.objects.filter(pk=level_two.pk).exists()


def test_adding_a_level_at_an_impossible_position_is_refused(client, hr_admin, track):
    client.force_login(hr_admin)
    url = reverse("careers:hr_level_add", args=[track.pk])

    for position in ("9", "abc"):
        response = client.post(url, {"name_en": "Lead", "name_es": "Líder", "position": position})
        assert response.status_code == 400
    assert track.levels.count() == 2


def test_unknown_ids_are_404_not_500(client, hr_admin):
    client.force_login(hr_admin)

    assert client.get(reverse("careers:hr_track", args=[999999])).status_code == 404
    assert client.post(reverse("careers:hr_level_delete", args=[999999])).status_code == 404
    assert client.post(reverse("careers:hr_promotion_approve", args=[999999])).status_code == 404
    assert client.get(reverse("careers:hr_set_level", args=[999999])).status_code == 404


# --- Training editor -------------------------------------------------------------------------


def test_hr_creates_a_path_and_a_module_with_a_quiz(client, hr_admin, badge, track):
    client.force_login(hr_admin)

    response = client.post(
        reverse("careers:hr_paths"),
        {
            "name_en": "De-escalation",
            "name_es": "Desescalada",
            "track": track.pk,
            "badge_class": badge.pk,
            "points": "30",
        },
    )
    path = TrainingPath.objects.get(name_en="De-escalation")
    assert response["Location"] == reverse("careers:hr_path", args=[path.pk])
    assert (path.track, path.badge_class, path.points) == (track, badge, 30)

    response = client.post(
        reverse("careers:hr_module_add", args=[path.pk]),
        {
            "title_en": "Stay calm",
            "title_es": "Mantén la calma",
            "body_en": "Breathe **first**.",
            "estimated_minutes": "8",
            "pass_mark": "50",
            **QUIZ,
            "action": "save",
        },
    )

    assert response.status_code == 302
    module = path.modules.get()
    assert (module.title_en, module.estimated_minutes, module.pass_mark) == ("Stay calm", 8, 50)
    first, second = module.questions.order_by("position")
    assert (first.prompt_en, first.prompt_es) == (
        "A caller is upset. First you…",
        "Un cliente está molesto. Primero…",
    )
    assert [(c.text_es, c.correct) for c in first.choices.all()] == [
        ("Reconoces lo que siente", True),
        ("Lees la política", False),
    ]
    assert second.prompt_es == "Kind words cost…"
    # the edit page gives the quiz back as rows, the right answers ticked
    html = client.get(reverse("careers:hr_module_edit", args=[module.pk])).content.decode()
    assert 'name="questions-0-choice_0_es" value="Reconoces lo que siente"' in html
    assert (
        'name="questions-0-choice_0_correct" id="id_questions-0-choice_0_correct" checked' in html
    )
    assert 'name="questions-0-choice_1_correct" id="id_questions-0-choice_1_correct">' in html


@pytest.mark.parametrize(
    ("quiz", "row", "message"),
    [
        (
            [
                ("Fine?", "", [("Yes", "", True), ("No", "", False)]),
                ("Only one?", "", [("A", "", True)]),
            ],
            2,
            "Question 2 needs two or more answers, at least one correct.",
        ),
        (
            [("Which one?", "", [("A", "", False), ("B", "", False)])],
            1,
            "Question 1 needs two or more answers, at least one correct.",
        ),
        (
            [("", "Sin inglés", [("Yes", "Sí", True), ("No", "", False)])],
            1,
            "Question 1 needs a text of up to 300 characters.",
        ),
    ],
)
def test_a_bad_quiz_shows_the_error_on_its_question_and_writes_nothing(
    client, hr_admin, path, quiz, row, message
):
    client.force_login(hr_admin)
    before = path.modules.count()

    response = client.post(
        reverse("careers:hr_module_add", args=[path.pk]),
        {
            "title_en": "T",
            "title_es": "T",
            "body_en": "Text",
            "estimated_minutes": "5",
            "pass_mark": "80",
            **quiz_rows(*quiz),
        },
    )

    assert response.status_code == 400
    page = response.content.decode()
    on_row = page[page.index(f'id="question-{row}"') :]
    on_row = on_row[: on_row.index("</fieldset>")]
    assert message in on_row
    assert page.count(message) == 1  # on its row, not repeated on top
    assert path.modules.count() == before


def test_blank_questions_and_answers_are_left_out(client, hr_admin, path):
    client.force_login(hr_admin)
    rows = quiz_rows(
        ("", "", []),
        ("Fine?", "", [("Yes", "", True), ("", "", False), ("No", "", False)]),
    )

    response = client.post(
        reverse("careers:hr_module_add", args=[path.pk]),
        {
            "title_en": "T",
            "title_es": "T",
            "body_en": "x",
            "estimated_minutes": "5",
            "pass_mark": "50",
            **rows,
        },
    )

    assert response.status_code == 302
    (question,) = path.modules.get(title_en="T").questions.all()
    assert [c.text_en for c in question.choices.all()] == ["Yes", "No"]


def test_add_a_question_shows_one_more_empty_row_and_writes_nothing(client, hr_admin, path):
    client.force_login(hr_admin)
    before = path.modules.count()

    response = client.post(
        reverse("careers:hr_module_add", args=[path.pk]),
        {
            "title_en": "Kept",
            "action": "add_question",
            **quiz_rows(("Fine?", "", [("Yes", "", True), ("No", "", False)])),
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="question-2"' in page
    assert 'name="questions-TOTAL_FORMS" value="2"' in page
    assert 'value="Fine?"' in page
    assert 'value="Kept"' in page
    assert path.modules.count() == before


def test_a_removed_question_leaves_the_quiz(client, hr_admin, path):
    module = path.modules.get(position=2)  # the path's quiz module
    client.force_login(hr_admin)
    rows = quiz_rows(
        ("Kept?", "", [("Yes", "", True), ("No", "", False)]),
        ("Gone?", "", [("Yes", "", True), ("No", "", False)]),
    )
    rows["questions-1-DELETE"] = "on"

    client.post(
        reverse("careers:hr_module_edit", args=[module.pk]),
        {
            "title_en": module.title_en,
            "title_es": module.title_es,
            "body_en": "x",
            "estimated_minutes": "5",
            "pass_mark": "50",
            **rows,
        },
    )

    assert [q.prompt_en for q in module.questions.all()] == ["Kept?"]


def test_saving_a_module_unchanged_keeps_its_quiz_ids(client, hr_admin, path):
    module = path.modules.get(position=2)
    ids = sorted(module.questions.values_list("pk", flat=True))
    client.force_login(hr_admin)
    page = client.get(reverse("careers:hr_module_edit", args=[module.pk]))
    form = page.context["form"]
    questions = page.context["questions"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {f"{questions.prefix}-{k}": v for k, v in questions.management_form.initial.items()}
    )
    for n, row in enumerate(questions.forms):
        for name, value in row.initial.items():
            if value is True:
                data[f"questions-{n}-{name}"] = "on"
            elif value not in (False, None):
                data[f"questions-{n}-{name}"] = value

    response = client.post(
        reverse("careers:hr_module_edit", args=[module.pk]),
        {**data, "title_en": "A new title", "action": "save"},
    )

    assert response.status_code == 302
    module.refresh_from_db()
    assert module.title_en == "A new title"
    assert sorted(module.questions.values_list("pk", flat=True)) == ids


def test_a_quiz_without_a_pass_mark_is_refused(client, hr_admin, path):
    client.force_login(hr_admin)

    response = client.post(
        reverse("careers:hr_module_add", args=[path.pk]),
        {"title_en": "T", "title_es": "T", "body_en": "x", "estimated_minutes": "5", **QUIZ},
    )

    assert response.status_code == 400
    assert "Give a whole number from 1 to 100." in response.content.decode()


def test_module_preview_renders_the_markdown_and_writes_nothing(client, hr_admin, path):
    client.force_login(hr_admin)
    data = {
        "title_en": "",
        "body_en": "Say **thank you**<script>alert(1)</script>",
        "body_es": "Di *gracias*",
        "action": "preview",
    }
    url = reverse("careers:hr_module_add", args=[path.pk])

    page = client.post(url, data)
    partial = client.post(url, data, headers={"HX-Request": "true"})

    assert page.status_code == 200
    assert "<strong>thank you</strong>" in page.content.decode()
    assert 'name="title_en"' in page.content.decode()
    assert partial.content.decode().lstrip().startswith('<div id="module-preview"')
    assert "<em>gracias</em>" in partial.content.decode()
    assert "<script>" not in partial.content.decode()
    assert path.modules.count() == 2


def test_hr_reorders_edits_and_archives_a_path(client, hr_admin, path):
    first, second = path.modules.order_by("position")
    client.force_login(hr_admin)

    client.post(reverse("careers:hr_modules_reorder", args=[path.pk]), {"ids": [second.pk]})
    assert list(path.modules.order_by("position")) == [first, second]
    client.post(
        reverse("careers:hr_modules_reorder", args=[path.pk]), {"ids": [second.pk, first.pk]}
    )
    assert list(path.modules.order_by("position")) == [second, first]

    client.post(
        reverse("careers:hr_path", args=[path.pk]),
        {"name_en": path.name_en, "name_es": path.name_es, "points": "10"},
    )
    path.refresh_from_db()
    assert (path.active, path.points, path.badge_class) == (False, 10, None)
    html = client.get(reverse("careers:hr_paths")).content.decode()
    assert "Archived" in html


def test_a_path_whose_badge_was_retired_says_so_when_saved(client, hr_admin, path, badge):
    badge.active = False
    badge.save()
    client.force_login(hr_admin)
    url = reverse("careers:hr_path", args=[path.pk])

    assert "Kind Words (retired)" in client.get(url).content.decode()
    response = client.post(
        url,
        {"name_en": path.name_en, "name_es": path.name_es, "badge_class": badge.pk, "points": 5},
    )

    assert response.status_code == 400
    assert "This badge does not exist or was retired." in response.content.decode()
    path.refresh_from_db()
    assert (path.badge_class, path.points, path.active) == (badge, 50, True)


def test_deleting_a_module_someone_worked_on_shows_the_conflict(client, hr_admin, agent, path):
    module = path.modules.get(position=1)
    enrollment = Enrollment.objects.create(user=agent, path=path)
    ModuleProgress.objects.create(enrollment=enrollment, module=module, attempts=1)
    client.force_login(hr_admin)

    response = client.post(reverse("careers:hr_module_delete", args=[module.pk]), follow=True)

    assert "People already worked on this module; archive the path instead." in (
        response.content.decode()
    )
    assert Module.objects.filter(pk=module.pk).exists()

    other = path.modules.get(position=2)
    client.post(reverse("careers:hr_module_delete", args=[other.pk]))
    assert not Module.objects.filter(pk=other.pk).exists()


# --- Promotions ------------------------------------------------------------------------------


def test_the_queue_shows_the_endorsement_its_evidence_and_readiness_today(
    client, hr_admin, endorsed, level_two, agent, team
):
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=30
    )
    client.force_login(hr_admin)

    html = client.get(reverse("careers:promotion_queue")).content.decode()

    assert str(agent) in html
    assert team.name in html
    assert "Ready: calm on hard calls." in html
    assert "Readiness when endorsed" in html
    assert "<dd>100 %</dd>" in html  # no requirement when endorsed
    assert "<dd>0 % " in html  # the tenure requirement added since is not met today


def test_approving_changes_the_agents_level_and_twice_is_a_conflict(
    client, hr_admin, endorsed, agent, level_two
):
    client.force_login(hr_admin)
    url = reverse("careers:hr_promotion_approve", args=[endorsed.pk])

    first = client.post(url)
    second = client.post(url, follow=True)

    assert first.status_code == 302
    current = LevelHistory.objects.get(user=agent, ended_at__isnull=True)
    assert current.level == level_two
    assert second.status_code == 200
    assert "This promotion was already decided (Approved)." in second.content.decode()
    assert LevelHistory.objects.filter(user=agent, promotion=endorsed).count() == 1


def test_declining_needs_a_reason(client, hr_admin, endorsed):
    client.force_login(hr_admin)
    url = reverse("careers:hr_promotion_decline", args=[endorsed.pk])

    response = client.post(url, {"reason": "   "})

    assert response.status_code == 400
    assert "Tell the agent and their lead why." in response.content.decode()
    endorsed.refresh_from_db()
    assert endorsed.status == Promotion.Status.ENDORSED

    client.post(url, {"reason": "Six more months on the phones first."})
    endorsed.refresh_from_db()
    assert (endorsed.status, endorsed.reason) == (
        Promotion.Status.DECLINED,
        "Six more months on the phones first.",
    )
    again = client.post(url, {"reason": "Again"}, follow=True)
    assert "This promotion was already decided (Declined)." in again.content.decode()


def test_hr_cannot_decide_their_own_promotion(client, team, team_lead, level_one, level_two):
    # given an HR person who is also an agent of the team, endorsed by the lead
    hr_agent = User.objects.create_user(
        email="hr-agent@example.test", display_name="Hugo HR", preferred_language="en"
    )
    hr_agent.groups.add(Group.objects.get_or_create(name="HR")[0])
    Membership.objects.create(user=hr_agent, team=team, role=Role.AGENT)
    plans.set_target_level(actor=hr_agent, agent=hr_agent, level_id=level_one.pk)
    promotion = promotions.endorse(actor=team_lead, agent=hr_agent)
    client.force_login(hr_agent)

    html = client.get(reverse("careers:promotion_queue")).content.decode()
    response = client.post(reverse("careers:hr_promotion_approve", args=[promotion.pk]))

    assert "another person in HR decides it" in html
    assert response.status_code == 403
    assert "Nobody decides their own promotion." in response.content.decode()
    promotion.refresh_from_db()
    assert promotion.status == Promotion.Status.ENDORSED


def test_hr_places_a_person_on_a_level(client, hr_admin, agent, level_one, level_two):
    client.force_login(hr_admin)
    url = reverse("careers:hr_set_level", args=[agent.pk])

    response = client.post(url, {"level": level_two.pk, "note": "Joined as Agent II"})

    assert response.status_code == 302
    current = LevelHistory.objects.get(user=agent, ended_at__isnull=True)
    assert (current.level, current.note, current.set_by) == (
        level_two,
        "Joined as Agent II",
        hr_admin,
    )
    again = client.post(url, {"level": level_two.pk})
    assert again.status_code == 409
    assert "already holds this level" in again.content.decode()
    assert client.post(url, {"level": "nope"}).status_code == 400
    assert LevelHistory.objects.filter(user=agent).count() == 1


def test_hr_cannot_place_themselves_on_a_level_through_the_page(client, hr_admin, level_two):
    client.force_login(hr_admin)
    url = reverse("careers:hr_set_level", args=[hr_admin.pk])

    page = client.get(url).content.decode()
    response = client.post(url, {"level": level_two.pk})

    assert "another person in HR sets it" in page
    assert 'name="level"' not in page
    assert response.status_code == 403
    assert "Nobody sets their own level" in response.content.decode()
    assert not LevelHistory.objects.filter(user=hr_admin).exists()


# --- Company readiness -------------------------------------------------------------------------


def _agents_aiming_at(level: Level, *, count: int, start: int = 0) -> None:
    users = User.objects.bulk_create(
        User(email=f"bulk{n}@example.test", display_name=f"Bulk {n:04}")
        for n in range(start, start + count)
    )
    CareerPlan.objects.bulk_create(
        CareerPlan(agent=user, target_level=level, private_notes=f"SECRET NOTE {user.email}")
        for user in users
    )


def test_readiness_query_count_does_not_grow_with_people(
    client, hr_admin, level_one, level_two, badge, qa_type, path, django_assert_max_num_queries
):
    # given a level with a requirement of each kind, so every fact is read
    for kind, extra in [
        ("badge", {"badge_class_id": badge.pk}),
        ("training", {"training_path_id": path.pk}),
        ("tenure", {"min_tenure_days": 30}),
        ("endorsement", {}),
        (
            "metric",
            {"event_type_id": qa_type.pk, "metric": "score", "threshold": 80, "window_days": 30},
        ),
    ]:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind=kind, **extra)
    _agents_aiming_at(level_two, count=10)
    client.force_login(hr_admin)
    url = reverse("careers:hr_readiness")

    with django_assert_max_num_queries(15):
        small = client.get(url, {"level": level_two.pk})
    _agents_aiming_at(level_two, count=990, start=10)
    _agents_aiming_at(level_one, count=10, start=1000)
    with django_assert_max_num_queries(15):
        large = client.get(url, {"level": level_two.pk, "page": 3})

    assert small.status_code == large.status_code == 200
    html = large.content.decode()
    assert "Page 3 of 20" in html
    assert f"level={level_two.pk}" in html  # the pages keep the filter
    assert "SECRET NOTE" not in html
    assert "SECRET NOTE" not in small.content.decode()


def test_readiness_counts_ready_halfway_and_starting_per_target_level(
    client, hr_admin, level_one, level_two
):
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    _agents_aiming_at(level_two, count=3)  # endorsement missing: 0 %, starting
    _agents_aiming_at(level_one, count=2, start=3)  # no requirements: 100 %, ready
    client.force_login(hr_admin)

    response = client.get(reverse("careers:hr_readiness"))

    summary = {
        (s.level.pk, s.agents, s.ready, s.halfway, s.starting) for s in response.context["summary"]
    }
    assert summary == {(level_two.pk, 3, 0, 0, 3), (level_one.pk, 2, 2, 0, 0)}
    html = response.content.decode()
    assert (
        reverse("careers:hr_set_level", args=[User.objects.get(email="bulk0@example.test").pk])
        in html
    )
    assert (
        reverse("careers:person_plan", args=[User.objects.get(email="bulk4@example.test").pk])
        in html
    )


def test_readiness_filter_lists_only_that_levels_people_and_ignores_nonsense(
    client, hr_admin, level_one, level_two
):
    _agents_aiming_at(level_two, count=2)
    _agents_aiming_at(level_one, count=1, start=2)
    client.force_login(hr_admin)
    url = reverse("careers:hr_readiness")

    filtered = client.get(url, {"level": level_one.pk}).content.decode()
    partial = client.get(url, {"level": level_two.pk}, headers={"HX-Request": "true"})

    assert "Bulk 0002" in filtered
    assert "Bulk 0000" not in filtered
    assert partial.content.decode().startswith('<div id="readiness-people">')
    assert "Bulk 0000" in partial.content.decode()
    for nonsense in ("abc", "-1", "999999", "1e3"):
        response = client.get(url, {"level": nonsense, "page": "zz"})
        assert response.status_code == 200
        assert "Bulk 0000" in response.content.decode()


def test_readiness_without_plans_shows_the_empty_state(client, hr_admin):
    client.force_login(hr_admin)

    html = client.get(reverse("careers:hr_readiness")).content.decode()

    assert "Nobody has a target level in their career plan yet." in html


def _endorse_in_bulk(*, team, lead, level, count: int, start: int = 0) -> None:
    users = User.objects.bulk_create(
        User(email=f"queue{n}@example.test", display_name=f"Queue {n:03}")
        for n in range(start, start + count)
    )
    Membership.objects.bulk_create(Membership(user=u, team=team, role=Role.AGENT) for u in users)
    Promotion.objects.bulk_create(
        Promotion(
            agent=u,
            to_level=level,
            endorsed_by=lead,
            readiness_percent=100,
            evidence=[{"met": True, "summary": "Endorsed", "evidence": "Yes."}],
        )
        for u in users
    )


def test_list_pages_query_count_does_not_grow(
    client, hr_admin, team, team_lead, track, level_two, path, django_assert_max_num_queries
):
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    _endorse_in_bulk(team=team, lead=team_lead, level=level_two, count=2)
    client.force_login(hr_admin)
    pages = [
        reverse("careers:hr_tracks"),
        reverse("careers:hr_track", args=[track.pk]),
        reverse("careers:hr_paths"),
        reverse("careers:hr_path", args=[path.pk]),
        reverse("careers:promotion_queue"),
    ]
    for url in pages:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200

    # when there are many more levels, requirements, modules and endorsements
    for n in range(8):
        level = track_services.add_level(
            actor=hr_admin, track=track, name_en=f"L{n}", name_es=f"N{n}"
        )
        track_services.add_requirement(
            actor=hr_admin, level=level, kind="tenure", min_tenure_days=9
        )
        track_services.add_requirement(actor=hr_admin, level=level, kind="endorsement")
    _endorse_in_bulk(team=team, lead=team_lead, level=level_two, count=40, start=2)

    for url in pages:
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
