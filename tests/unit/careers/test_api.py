"""Careers API: the promotion workflow by role, career plans (whose private notes only the
agent ever reads), readiness, the lead's team view and HR's company view."""

import datetime as dt

import pytest
from django.utils import timezone

from careers.models import CareerPlan, CoachingNote, Goal, LevelHistory, Promotion
from careers.services import plans as plan_services
from careers.services import promotions as promotion_services
from careers.services import tracks as track_services
from careers.services import training as training_services
from core.models import AuditEvent
from tests.factories import MembershipFactory, UserFactory
from tests.unit.careers.conftest import store_event

pytestmark = pytest.mark.django_db

API = "/api/v1/careers"
SECRET = "Ask about the Lisbon office before telling my lead"


@pytest.fixture(autouse=True)
def _english(api_client):  # type: ignore[no-untyped-def]
    api_client.credentials(HTTP_ACCEPT_LANGUAGE="en")


def as_persona(api_client, request, persona):  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        api_client.force_authenticate(request.getfixturevalue(persona))
    return api_client


def refused(response, expected):  # type: ignore[no-untyped-def]
    """Anonymous requests answer 403 with session authentication (401 with a token)."""
    return response.status_code in ({401, 403} if expected == 403 else {expected})


@pytest.fixture
def targeted_agent(hr_admin, agent, level_one, level_two):  # type: ignore[no-untyped-def]
    """The agent holds level one and aims at level two."""
    promotion_services.set_level(actor=hr_admin, agent=agent, level=level_one)
    plan_services.set_target_level(actor=agent, agent=agent, level_id=level_two.pk)
    plan_services.set_private_notes(user=agent, text=SECRET)
    return agent


@pytest.fixture
def endorsement(targeted_agent, team_lead):  # type: ignore[no-untyped-def]
    return promotion_services.endorse(actor=team_lead, agent=targeted_agent, note="Ready")


# --- The promotion workflow by role -------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),
        ("team_lead", 201),
        ("other_team_lead", 403),
        ("hr_admin", 403),
        ("anonymous", 403),
    ],
)
def test_only_the_agents_own_lead_endorses(
    api_client, request, persona, expected, targeted_agent, level_two
):
    response = as_persona(api_client, request, persona).post(
        f"{API}/promotions/", {"agent": targeted_agent.pk, "note": "Great QA"}, format="json"
    )

    assert refused(response, expected)
    assert Promotion.objects.count() == (expected == 201)
    if expected == 201:
        body = response.json()
        assert (body["status"], body["to_level"]["id"]) == ("endorsed", level_two.pk)
        assert body["endorsed_by"]["display_name"] == "Lía Lead"


def test_endorsing_an_agent_of_another_team_writes_nothing(
    api_client, team_lead, other_team_agent, hr_admin, level_one, level_two
):
    promotion_services.set_level(actor=hr_admin, agent=other_team_agent, level=level_one)
    plan_services.set_target_level(
        actor=other_team_agent, agent=other_team_agent, level_id=level_two.pk
    )
    api_client.force_authenticate(team_lead)
    audits = AuditEvent.objects.count()

    response = api_client.post(f"{API}/promotions/", {"agent": other_team_agent.pk}, format="json")

    assert response.status_code == 403
    assert "agent" in response.json()["errors"]
    assert not Promotion.objects.exists()
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    "body", [{"agent": "ana"}, {"agent": None}, {}, {"agent": 1, "note": ["x"]}, "agent=1"]
)
def test_a_malformed_endorsement_is_a_400(api_client, team_lead, targeted_agent, body):
    api_client.force_authenticate(team_lead)

    response = api_client.post(f"{API}/promotions/", body, format="json")

    assert response.status_code == 400
    assert not Promotion.objects.exists()


def test_endorsing_without_a_target_level_is_a_400(api_client, team_lead, agent):
    api_client.force_authenticate(team_lead)

    response = api_client.post(f"{API}/promotions/", {"agent": agent.pk}, format="json")

    assert response.status_code == 400
    assert "target_level" in response.json()["errors"]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),
        ("team_lead", 403),
        ("other_team_lead", 403),
        ("hr_admin", 200),
        ("anonymous", 403),
    ],
)
def test_only_hr_approve(
    api_client, request, persona, expected, endorsement, targeted_agent, level_two
):
    response = as_persona(api_client, request, persona).post(
        f"{API}/promotions/{endorsement.pk}/approve/"
    )

    assert refused(response, expected)
    endorsement.refresh_from_db()
    assert endorsement.status == ("approved" if expected == 200 else "endorsed")
    assert LevelHistory.objects.filter(user=targeted_agent, level=level_two).count() == (
        expected == 200
    )


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),
        ("team_lead", 403),
        ("other_team_lead", 403),
        ("hr_admin", 200),
        ("anonymous", 403),
    ],
)
def test_only_hr_decline(api_client, request, persona, expected, endorsement):
    response = as_persona(api_client, request, persona).post(
        f"{API}/promotions/{endorsement.pk}/decline/",
        {"reason": "Six more months of QA first."},
        format="json",
    )

    assert refused(response, expected)
    endorsement.refresh_from_db()
    assert endorsement.status == ("declined" if expected == 200 else "endorsed")
    if expected == 200:
        assert response.json()["reason"] == "Six more months of QA first."


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 403),
        ("team_lead", 200),
        ("other_team_lead", 403),
        ("hr_admin", 403),
        ("anonymous", 403),
    ],
)
def test_only_the_endorsing_teams_lead_withdraws(
    api_client, request, persona, expected, endorsement
):
    response = as_persona(api_client, request, persona).post(
        f"{API}/promotions/{endorsement.pk}/withdraw/"
    )

    assert refused(response, expected)
    endorsement.refresh_from_db()
    assert endorsement.status == ("withdrawn" if expected == 200 else "endorsed")


def test_approving_twice_is_a_conflict_with_one_history_row(
    api_client, hr_admin, endorsement, targeted_agent, level_two
):
    api_client.force_authenticate(hr_admin)

    first = api_client.post(f"{API}/promotions/{endorsement.pk}/approve/")
    second = api_client.post(f"{API}/promotions/{endorsement.pk}/approve/")

    assert (first.status_code, second.status_code) == (200, 409)
    assert LevelHistory.objects.filter(user=targeted_agent, level=level_two).count() == 1
    assert LevelHistory.objects.filter(promotion=endorsement).count() == 1


@pytest.mark.parametrize("action", ["decline", "withdraw"])
def test_a_decided_promotion_cannot_be_approved(
    api_client, hr_admin, team_lead, endorsement, action
):
    decider = hr_admin if action == "decline" else team_lead
    api_client.force_authenticate(decider)
    api_client.post(f"{API}/promotions/{endorsement.pk}/{action}/", {"reason": "No"}, format="json")
    api_client.force_authenticate(hr_admin)

    response = api_client.post(f"{API}/promotions/{endorsement.pk}/approve/")

    assert response.status_code == 409
    assert not LevelHistory.objects.filter(promotion=endorsement).exists()


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "   "}, {"reason": None}])
def test_declining_needs_a_reason(api_client, hr_admin, endorsement, body):
    api_client.force_authenticate(hr_admin)

    response = api_client.post(f"{API}/promotions/{endorsement.pk}/decline/", body, format="json")

    assert response.status_code == 400
    assert "reason" in response.json()["errors"]
    endorsement.refresh_from_db()
    assert endorsement.status == "endorsed"


def test_an_unknown_promotion_is_404_for_hr(api_client, hr_admin):
    api_client.force_authenticate(hr_admin)

    assert api_client.post(f"{API}/promotions/999999/approve/").status_code == 404


def test_after_approval_the_agent_holds_the_new_level(
    api_client, hr_admin, endorsement, targeted_agent, level_two
):
    api_client.force_authenticate(hr_admin)
    api_client.post(f"{API}/promotions/{endorsement.pk}/approve/")

    api_client.force_authenticate(targeted_agent)
    plan = api_client.get(f"{API}/plans/me/").json()

    assert plan["current_level"]["level"]["id"] == level_two.pk
    assert plan["open_promotion"] is None
    history = api_client.get(f"{API}/plans/{targeted_agent.pk}/history/").json()["results"]
    assert [(h["level"]["name"], h["ended_at"] is None) for h in history] == [
        ("Agent II", True),
        ("Agent I", False),
    ]
    assert history[0]["promotion_id"] == endorsement.pk


@pytest.mark.parametrize(
    ("persona", "visible"),
    [
        ("agent", 1),
        ("teammate", 0),
        ("team_lead", 1),
        ("other_team_lead", 0),
        ("hr_admin", 1),
    ],
)
def test_promotion_list_by_role(api_client, request, persona, visible, endorsement):
    response = as_persona(api_client, request, persona).get(f"{API}/promotions/")

    assert response.status_code == 200
    assert [p["id"] for p in response.json()["results"]] == [endorsement.pk] * visible


def test_hr_queue_holds_only_what_waits_for_a_decision(
    api_client, hr_admin, team_lead, endorsement
):
    promotion_services.withdraw(actor=team_lead, promotion_id=endorsement.pk)
    api_client.force_authenticate(hr_admin)
    assert api_client.get(f"{API}/promotions/").json()["count"] == 0
    # the lead still sees their team's history
    api_client.force_authenticate(team_lead)
    assert api_client.get(f"{API}/promotions/").json()["results"][0]["status"] == "withdrawn"


# --- Plans --------------------------------------------------------------------------------


def test_my_plan_includes_my_private_notes(api_client, targeted_agent, level_two):
    api_client.force_authenticate(targeted_agent)

    response = api_client.get(f"{API}/plans/me/")

    assert response.status_code == 200
    body = response.json()
    assert body["private_notes"] == SECRET
    assert body["target_level"]["id"] == level_two.pk
    assert body["current_level"]["level"]["name"] == "Agent I"


def test_an_agent_without_a_plan_reads_an_empty_one(api_client, agent):
    api_client.force_authenticate(agent)

    body = api_client.get(f"{API}/plans/me/").json()

    assert (body["target_level"], body["current_level"], body["goals"]) == (None, None, [])
    assert not CareerPlan.objects.exists()


def test_i_set_my_target_and_notes_together(api_client, agent, level_two):
    api_client.force_authenticate(agent)

    response = api_client.patch(
        f"{API}/plans/me/",
        {"target_level": level_two.pk, "private_notes": "  my words  "},
        format="json",
    )

    assert response.status_code == 200
    plan = CareerPlan.objects.get(agent=agent)
    assert (plan.target_level_id, plan.private_notes) == (level_two.pk, "  my words  ")


def test_a_refused_target_leaves_my_notes_alone(api_client, targeted_agent, level_one):
    api_client.force_authenticate(targeted_agent)

    response = api_client.patch(
        f"{API}/plans/me/",
        {"target_level": level_one.pk, "private_notes": "overwritten"},
        format="json",
    )

    assert response.status_code == 400
    assert "target_level" in response.json()["errors"]
    assert CareerPlan.objects.get(agent=targeted_agent).private_notes == SECRET


@pytest.mark.parametrize(
    "body",
    [
        {"target_level": "two"},
        {"private_notes": "x" * 4001},
        {"private_notes": ["a list"]},
        '{"private_notes": ',
    ],
)
def test_malformed_plan_changes_are_a_400(api_client, targeted_agent, level_two, body):
    api_client.force_authenticate(targeted_agent)

    if isinstance(body, str):  # not even JSON
        response = api_client.patch(f"{API}/plans/me/", data=body, content_type="application/json")
    else:
        response = api_client.patch(f"{API}/plans/me/", body, format="json")

    assert response.status_code == 400
    plan = CareerPlan.objects.get(agent=targeted_agent)
    assert (plan.target_level_id, plan.private_notes) == (level_two.pk, SECRET)


@pytest.mark.parametrize("persona", ["agent", "team_lead", "hr_admin"])
def test_private_notes_never_leave_through_someone_elses_view(
    api_client, request, persona, targeted_agent, endorsement, team
):
    client = as_persona(api_client, request, persona)
    reads = [
        f"{API}/plans/{targeted_agent.pk}/",
        f"{API}/plans/{targeted_agent.pk}/readiness/",
        f"{API}/plans/{targeted_agent.pk}/history/",
        f"{API}/promotions/",
    ]
    if persona != "agent":
        reads.append(f"{API}/teams/{team.pk}/plans/")

    for url in reads:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SECRET not in response.content.decode(), url
        assert "private_notes" not in response.content.decode(), url


@pytest.mark.parametrize("persona", ["teammate", "other_team_lead", "other_team_agent"])
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "plans/{agent}/", None),
        ("patch", "plans/{agent}/", {"target_level": None}),
        ("get", "plans/{agent}/readiness/", None),
        ("get", "plans/{agent}/history/", None),
        ("post", "plans/{agent}/goals/", {"text": "Learn billing"}),
        ("post", "plans/{agent}/notes/", {"text": "Good week"}),
    ],
)
def test_an_outsider_gets_404_for_a_plan(
    api_client, request, persona, method, path, body, targeted_agent
):
    client = as_persona(api_client, request, persona)
    audits = AuditEvent.objects.count()

    response = getattr(client, method)(
        f"{API}/" + path.format(agent=targeted_agent.pk), body, format="json"
    )

    assert response.status_code == 404
    assert AuditEvent.objects.count() == audits


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agent", 200), ("team_lead", 200), ("hr_admin", 403)],
)
def test_the_agent_and_their_lead_set_the_target(
    api_client, request, persona, expected, agent, level_two
):
    response = as_persona(api_client, request, persona).patch(
        f"{API}/plans/{agent.pk}/", {"target_level": level_two.pk}, format="json"
    )

    assert response.status_code == expected
    assert CareerPlan.objects.filter(agent=agent, target_level=level_two).exists() == (
        expected == 200
    )
    if expected == 200:
        assert "private_notes" not in response.json()


@pytest.mark.parametrize(
    ("persona", "expected"), [("agent", 201), ("team_lead", 201), ("hr_admin", 403)]
)
def test_goals_are_added_by_the_agent_or_their_lead(api_client, request, persona, expected, agent):
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()

    response = as_persona(api_client, request, persona).post(
        f"{API}/plans/{agent.pk}/goals/", {"text": "Shadow a senior", "due_on": due}, format="json"
    )

    assert response.status_code == expected
    assert Goal.objects.count() == (expected == 201)
    if expected == 201:
        assert (response.json()["status"], response.json()["due_on"]) == ("open", due)


def test_a_goal_moves_through_its_statuses(api_client, agent, team_lead):
    goal = plan_services.add_goal(actor=agent, agent=agent, text="Shadow a senior")
    api_client.force_authenticate(team_lead)

    response = api_client.patch(f"{API}/goals/{goal.pk}/", {"status": "in_progress"}, format="json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["text"]) == (
        "in_progress",
        "Shadow a senior",
    )


@pytest.mark.parametrize(
    "body",
    [
        {"status": "finished"},
        {"text": ""},
        {"due_on": "2000-01-01"},
        {"text": "New words", "due_on": "2000-01-01"},
        {"due_on": "soon"},
    ],
)
def test_a_bad_goal_change_writes_nothing(api_client, agent, body):
    goal = plan_services.add_goal(actor=agent, agent=agent, text="Shadow a senior")
    api_client.force_authenticate(agent)

    response = api_client.patch(f"{API}/goals/{goal.pk}/", body, format="json")

    assert response.status_code == 400
    goal.refresh_from_db()
    assert (goal.text, goal.due_on, goal.status) == ("Shadow a senior", None, "open")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("team_lead", 200),
        ("agent", 200),
        ("teammate", 404),
        ("other_team_lead", 404),
        ("hr_admin", 403),
    ],
)
def test_goal_changes_by_role(api_client, request, persona, expected, agent):
    goal = plan_services.add_goal(actor=agent, agent=agent, text="Shadow a senior")

    response = as_persona(api_client, request, persona).patch(
        f"{API}/goals/{goal.pk}/", {"status": "done"}, format="json"
    )

    assert response.status_code == expected
    goal.refresh_from_db()
    assert goal.status == ("done" if expected == 200 else "open")


@pytest.mark.parametrize(
    ("persona", "expected"), [("team_lead", 201), ("agent", 403), ("hr_admin", 403)]
)
def test_coaching_notes_are_written_by_the_lead_and_read_by_the_agent(
    api_client, request, persona, expected, agent
):
    response = as_persona(api_client, request, persona).post(
        f"{API}/plans/{agent.pk}/notes/", {"text": "Lovely calm on call 3."}, format="json"
    )

    assert response.status_code == expected
    assert CoachingNote.objects.count() == (expected == 201)
    if expected == 201:
        api_client.force_authenticate(agent)
        notes = api_client.get(f"{API}/plans/me/").json()["coaching_notes"]
        assert [(n["text"], n["author"]["display_name"]) for n in notes] == [
            ("Lovely calm on call 3.", "Lía Lead")
        ]


# --- Readiness ----------------------------------------------------------------------------


def test_readiness_shows_each_requirement_with_its_evidence(
    api_client, hr_admin, team_lead, targeted_agent, level_two, qa_type, integration
):
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="tenure", min_tenure_days=1
    )
    track_services.add_requirement(
        actor=hr_admin,
        level=level_two,
        kind="metric",
        event_type_id=qa_type.pk,
        metric="score",
        operator=">=",
        threshold=85,
        window_days=30,
        min_events=1,
    )
    store_event(
        integration=integration,
        agent=targeted_agent,
        event_type=qa_type,
        occurred_at=timezone.now() - dt.timedelta(days=2),
        score=90,
    )
    api_client.force_authenticate(team_lead)

    response = api_client.get(f"{API}/plans/{targeted_agent.pk}/readiness/")

    assert response.status_code == 200
    body = response.json()
    assert (body["level"]["id"], body["current_level"]["level"]["name"]) == (
        level_two.pk,
        "Agent I",
    )
    assert (body["percent"], body["ready"], body["met"], body["total"]) == (50, False, 1, 2)
    tenure, metric = body["requirements"]
    assert (tenure["kind"], tenure["met"], tenure["target"]) == ("tenure", False, 1.0)
    assert (metric["met"], metric["current"], metric["target"], metric["events"]) == (
        True,
        90.0,
        85.0,
        1,
    )
    assert metric["evidence"] == "Now 90 over 1 events (needs ≥ 85)."


# --- The lead's team view and HR's company view -------------------------------------------


def join_team(team, hr_admin, level_one, level_two, n):  # type: ignore[no-untyped-def]
    for i in range(n):
        person = MembershipFactory(team=team, user=UserFactory(display_name=f"Agent {i:02}")).user
        promotion_services.set_level(actor=hr_admin, agent=person, level=level_one)
        plan_services.set_target_level(actor=person, agent=person, level_id=level_two.pk)


@pytest.fixture
def demanding_level(hr_admin, level_two, badge, path, qa_type):  # type: ignore[no-untyped-def]
    for kind, extra in [
        ("badge", {"badge_class_id": badge.pk}),
        ("training", {"training_path_id": path.pk}),
        ("tenure", {"min_tenure_days": 30}),
        (
            "metric",
            {"event_type_id": qa_type.pk, "metric": "score", "threshold": 80, "window_days": 30},
        ),
        ("endorsement", {}),
    ]:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind=kind, **extra)
    return level_two


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("agent", 404),
        ("team_lead", 200),
        ("other_team_lead", 404),
        ("hr_admin", 200),
        ("anonymous", 403),
    ],
)
def test_team_plans_by_role(api_client, request, persona, expected, team, endorsement):
    response = as_persona(api_client, request, persona).get(f"{API}/teams/{team.pk}/plans/")

    assert refused(response, expected)
    if expected == 200:
        (row,) = response.json()
        assert row["agent"]["display_name"] == "Ana Agent"
        assert (row["current_level"]["level"]["name"], row["target_level"]["name"]) == (
            "Agent I",
            "Agent II",
        )
        assert row["open_promotion"]["id"] == endorsement.pk
        assert row["readiness_percent"] == 100  # the endorsement is the only requirement


def test_team_plans_count_training(api_client, team_lead, team, agent, path, hr_admin):
    training_services.assign_path(
        actor=team_lead, agent=agent, path=path, due_on=timezone.localdate()
    )
    api_client.force_authenticate(team_lead)

    (row,) = api_client.get(f"{API}/teams/{team.pk}/plans/").json()

    assert (row["active_enrollments"], row["overdue_enrollments"]) == (1, 0)


def test_team_plan_queries_do_not_grow_with_the_team(
    api_client,
    team_lead,
    team,
    hr_admin,
    level_one,
    demanding_level,
    targeted_agent,
    endorsement,
    django_assert_max_num_queries,
):
    api_client.force_authenticate(team_lead)
    with django_assert_max_num_queries(14) as few:
        assert len(api_client.get(f"{API}/teams/{team.pk}/plans/").json()) == 1

    join_team(team, hr_admin, level_one, demanding_level, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api_client.get(f"{API}/teams/{team.pk}/plans/").json()) == 9


@pytest.mark.parametrize(
    ("persona", "expected"),
    [("agent", 403), ("team_lead", 403), ("hr_admin", 200), ("anonymous", 403)],
)
def test_company_readiness_is_for_hr(
    api_client, request, persona, expected, targeted_agent, endorsement, level_two
):
    response = as_persona(api_client, request, persona).get(f"{API}/readiness/")

    assert refused(response, expected)
    if expected == 200:
        (summary,) = response.json()
        assert summary["level"]["id"] == level_two.pk
        assert summary["track"]["name"] == "Customer Service"
        assert (summary["agents"], summary["ready"]) == (1, 1)


def test_company_readiness_lists_the_people_aiming_at_a_level(
    api_client, hr_admin, targeted_agent, level_two
):
    api_client.force_authenticate(hr_admin)

    page = api_client.get(f"{API}/readiness/people/", {"level": level_two.pk}).json()
    people = page["results"]
    bad = api_client.get(f"{API}/readiness/people/", {"level": "two"})
    outsider = api_client.get(f"{API}/readiness/people/", {"level": level_two.pk + 999})

    assert [p["agent"]["id"] for p in people] == [targeted_agent.pk]
    assert page["count"] == 1
    assert SECRET not in str(page)
    assert bad.status_code == 400
    assert outsider.json()["results"] == []


def test_company_readiness_queries_do_not_grow(
    api_client,
    hr_admin,
    team,
    level_one,
    demanding_level,
    targeted_agent,
    django_assert_max_num_queries,
):
    api_client.force_authenticate(hr_admin)
    with django_assert_max_num_queries(14) as few:
        api_client.get(f"{API}/readiness/people/", {"level": demanding_level.pk})

    join_team(team, hr_admin, level_one, demanding_level, 8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api_client.get(f"{API}/readiness/people/", {"level": demanding_level.pk})
    assert response.json()["count"] == 9
