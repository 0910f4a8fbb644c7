"""The careers pages of agents and leads: the career plan, learning, the catalog, an agent's
plan as their lead and HR see it, and a team's plans."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from careers.models import (
    CareerPlan,
    CoachingNote,
    Enrollment,
    Goal,
    LevelHistory,
    ModuleProgress,
    Promotion,
)
from careers.services import plans, promotions, training
from careers.services import tracks as track_services
from people.models import Membership, Role, User
from recognition.models import BadgeAward, LedgerEntry
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.unit.careers.conftest import right_answers, store_event, wrong_answers

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
SECRET = "I am thinking of moving to the sales team"


def quiz_data(answers: dict[str, str]) -> dict[str, str]:
    """The quiz form names each radio group ``q<question id>``."""
    return {f"q{question}": choice for question, choice in answers.items()}


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


@pytest.fixture
def placed_agent(hr_admin, agent, level_one, level_two):  # type: ignore[no-untyped-def]
    """The agent on level one, aiming at level two (which needs an endorsement)."""
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    plans.set_target_level(actor=agent, agent=agent, level_id=level_two.pk)
    return agent


# --- Who may open what -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("my_plan", []),
        ("my_learning", []),
        ("catalog", []),
        ("my_team_plans", []),
        ("person_plan", [1]),
        ("team_plans", [1]),
        ("enrollment", [1]),
        ("path_detail", [1]),
    ],
)
def test_pages_need_signing_in(client, name, args):
    response = client.get(reverse(f"careers:{name}", args=args))

    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize("persona", ["agent", "team_lead", "hr_admin", "staff_user"])
def test_own_pages_open_for_everyone_signed_in_with_empty_states(client, persona, request):
    client.force_login(request.getfixturevalue(persona))

    plan = client.get(reverse("careers:my_plan"))
    learning = client.get(reverse("careers:my_learning"))
    catalog = client.get(reverse("careers:catalog"))

    assert plan.status_code == learning.status_code == catalog.status_code == 200
    assert "Choose the level you are aiming for" in html(plan)
    assert "You are not on a level yet." in html(plan)
    assert "No goals yet." in html(plan)
    assert "No coaching notes yet." in html(plan)
    assert "You have no training yet." in html(learning)
    assert reverse("careers:catalog") in html(learning)
    assert "There are no training paths yet." in html(catalog)


@pytest.mark.parametrize("persona", ["team_lead", "hr_admin"])
def test_the_agents_leads_and_hr_read_their_plan(client, persona, request, placed_agent):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("careers:person_plan", args=[placed_agent.pk]))

    assert response.status_code == 200
    page = html(response)
    assert "Career plan of Ana Agent" in page
    assert "Agent I" in page
    assert "0% ready for Agent II" in page
    assert "Endorsed by the team lead" in page


@pytest.mark.parametrize("persona", ["teammate", "other_team_lead", "other_team_agent"])
def test_outsiders_get_404_on_an_agents_plan(client, persona, request, agent):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("careers:person_plan", args=[agent.pk])).status_code == 404


def test_the_agent_opening_their_own_plan_by_id_lands_on_my_plan(client, agent):
    client.force_login(agent)

    response = client.get(reverse("careers:person_plan", args=[agent.pk]))

    assert response.status_code == 302
    assert response.url == reverse("careers:my_plan")


def test_private_notes_never_reach_the_lead_or_hr(client, agent, team_lead, hr_admin):
    # given the agent saved private notes
    client.force_login(agent)
    client.post(reverse("careers:private_notes"), {"private_notes": SECRET})
    assert SECRET in html(client.get(reverse("careers:my_plan")))

    for viewer in (team_lead, hr_admin):
        # when their lead or HR open the plan
        client.force_login(viewer)
        page = html(client.get(reverse("careers:person_plan", args=[agent.pk])))

        # then the notes are nowhere in the page
        assert SECRET not in page
        assert "My private notes" not in page


def test_private_notes_save_with_htmx_and_are_labelled_private(client, agent):
    client.force_login(agent)
    assert "Only you can read this." in html(client.get(reverse("careers:my_plan")))

    response = client.post(reverse("careers:private_notes"), {"private_notes": SECRET}, **HTMX)

    assert response.status_code == 200
    assert 'id="private-notes"' in html(response)
    assert "Saved." in html(response)
    assert "<html" not in html(response)
    assert CareerPlan.objects.get(agent=agent).private_notes == SECRET


def test_the_agent_reads_the_leads_coaching_note(client, agent, team_lead):
    # given the lead writes a note from the agent's plan page
    client.force_login(team_lead)
    response = client.post(
        reverse("careers:add_coaching_note", args=[agent.pk]),
        {"text": "Great progress on empathy this month."},
    )
    assert response.status_code == 302
    assert response.url == reverse("careers:person_plan", args=[agent.pk])

    # when the agent opens their plan
    client.force_login(agent)
    page = html(client.get(reverse("careers:my_plan")))

    # then they read it, with no form to write one
    assert "Great progress on empathy this month." in page
    assert "Lía Lead" in page
    assert 'id="coaching-form"' not in page


def test_hr_reads_plans_without_lead_actions_and_cannot_write_notes(client, agent, hr_admin):
    client.force_login(hr_admin)

    page = html(client.get(reverse("careers:person_plan", args=[agent.pk])))
    response = client.post(
        reverse("careers:add_coaching_note", args=[agent.pk]), {"text": "From HR"}
    )

    assert 'id="coaching-form"' not in page
    assert 'id="endorse-form"' not in page
    assert 'id="assign-form"' not in page
    assert 'id="goal-form"' not in page
    assert reverse("careers:promotion_queue") in page
    assert response.status_code == 403
    assert not CoachingNote.objects.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("add_goal", {"text": "Sneaky goal"}),
        ("add_coaching_note", {"text": "Sneaky note"}),
        ("set_target", {"target_level": ""}),
        ("endorse", {"note": "", "confirm": "on"}),
    ],
)
def test_another_teams_lead_cannot_act_on_the_plan(client, other_team_lead, agent, name, data):
    client.force_login(other_team_lead)

    response = client.post(reverse(f"careers:{name}", args=[agent.pk]), data)

    assert response.status_code == 404
    assert not Goal.objects.exists()
    assert not CoachingNote.objects.exists()
    assert not CareerPlan.objects.exists()
    assert not Promotion.objects.exists()


# --- Shaping the plan ----------------------------------------------------------------------


def test_the_agent_chooses_a_target_and_sees_readiness_with_evidence(
    client, hr_admin, agent, level_one, level_two, path
):
    # given level two asks for the training path and an endorsement
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="training", training_path_id=path.pk
    )
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    client.force_login(agent)
    page = html(client.get(reverse("careers:my_plan")))
    # the current level is not offered as a target
    assert f'<option value="{level_one.pk}"' not in page
    assert f'<option value="{level_two.pk}"' in page

    # when they aim at level two
    response = client.post(
        reverse("careers:set_target", args=[agent.pk]), {"target_level": level_two.pk}
    )

    # then the plan shows the ladder, the readiness and each requirement's evidence
    assert response.status_code == 302
    page = html(client.get(response.url))
    assert CareerPlan.objects.get(agent=agent).target_level == level_two
    assert 'aria-current="step"' in page
    assert "You are here" in page
    assert "0% ready for Agent II" in page
    assert "Completed the training “Kind words on the phone”" in page
    assert "Not completed yet." in page
    assert "✗" in page


def test_a_target_below_the_current_level_is_refused(client, hr_admin, agent, level_one, level_two):
    promotions.set_level(actor=hr_admin, agent=agent, level=level_two)
    client.force_login(agent)

    response = client.post(
        reverse("careers:set_target", args=[agent.pk]), {"target_level": level_one.pk}
    )

    assert response.status_code == 200
    assert response.context["target_form"].errors["target_level"]
    assert not CareerPlan.objects.filter(target_level__isnull=False).exists()


def test_goals_are_added_and_their_status_changed_with_htmx(client, agent):
    client.force_login(agent)
    due = timezone.localdate() + dt.timedelta(days=30)

    added = client.post(
        reverse("careers:add_goal", args=[agent.pk]),
        {"text": "Finish the empathy path", "due_on": due.isoformat()},
        **HTMX,
    )
    goal = Goal.objects.get()
    changed = client.post(
        reverse("careers:update_goal", args=[goal.pk]), {"status": "in_progress"}, **HTMX
    )

    assert added.status_code == changed.status_code == 200
    assert "Finish the empathy path" in html(added)
    assert 'id="goals"' in html(changed)
    assert "<html" not in html(changed)
    goal.refresh_from_db()
    assert (goal.text, goal.due_on, goal.status) == ("Finish the empathy path", due, "in_progress")


def test_a_goal_in_the_past_shows_the_field_error(client, agent):
    client.force_login(agent)

    response = client.post(
        reverse("careers:add_goal", args=[agent.pk]),
        {"text": "Too late", "due_on": "2000-01-01"},
    )

    assert response.status_code == 200
    assert response.context["goal_form"].errors["due_on"] == ["The due date is in the past."]
    assert not Goal.objects.exists()


def test_a_teammate_cannot_change_someone_elses_goal(client, agent, teammate):
    goal = plans.add_goal(actor=agent, agent=agent, text="Mine")
    client.force_login(teammate)

    response = client.post(reverse("careers:update_goal", args=[goal.pk]), {"status": "done"})

    assert response.status_code == 404
    goal.refresh_from_db()
    assert goal.status == "open"


def test_the_lead_sets_goals_and_assigns_training_with_a_due_date(client, team_lead, agent, path):
    client.force_login(team_lead)
    due = timezone.localdate() + dt.timedelta(days=14)

    client.post(reverse("careers:add_goal", args=[agent.pk]), {"text": "Shadow a senior"})
    response = client.post(
        reverse("careers:assign_path", args=[agent.pk]),
        {"path": path.pk, "due_on": due.isoformat()},
    )

    assert response.status_code == 302
    enrollment = Enrollment.objects.get(user=agent, path=path)
    assert (enrollment.assigned_by, enrollment.due_on) == (team_lead, due)
    lead_page = html(client.get(reverse("careers:person_plan", args=[agent.pk])))
    assert "Shadow a senior" in lead_page
    assert "Kind words on the phone" in lead_page
    client.force_login(agent)
    learning = html(client.get(reverse("careers:my_learning")))
    assert "Kind words on the phone" in learning
    assert "Lía Lead" in learning
    assert "0 of 2 modules" in learning


# --- Endorsing -----------------------------------------------------------------------------


def test_endorsing_before_every_requirement_is_met_needs_a_confirmation(
    client, hr_admin, team_lead, placed_agent, level_two, badge
):
    # given level two also asks for a badge the agent does not hold
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge.pk
    )
    client.force_login(team_lead)
    page = html(client.get(reverse("careers:person_plan", args=[placed_agent.pk])))
    assert "meets 0 of 2 requirements" in page

    # when the lead endorses without ticking the box, nothing happens
    refused = client.post(reverse("careers:endorse", args=[placed_agent.pk]), {"note": "Go"})
    assert refused.status_code == 200
    assert refused.context["endorse_form"].errors["confirm"]
    assert not Promotion.objects.exists()

    # then with the box ticked the endorsement waits for HR
    response = client.post(
        reverse("careers:endorse", args=[placed_agent.pk]), {"note": "Go", "confirm": "on"}
    )
    assert response.status_code == 302
    promotion = Promotion.objects.get()
    assert (promotion.status, promotion.endorsed_by) == ("endorsed", team_lead)
    client.force_login(placed_agent)
    assert "Waiting for HR" in html(client.get(reverse("careers:my_plan")))


def test_a_ready_agent_shows_ready_and_is_endorsed_without_confirmation(
    client, team_lead, placed_agent
):
    client.force_login(team_lead)

    page = html(client.get(reverse("careers:person_plan", args=[placed_agent.pk])))
    response = client.post(reverse("careers:endorse", args=[placed_agent.pk]), {"note": ""})

    assert "Ready" in page
    assert "besides your endorsement" in page
    assert 'name="confirm"' not in page
    assert response.status_code == 302
    assert Promotion.objects.filter(agent=placed_agent, status="endorsed").exists()


def test_the_lead_withdraws_an_open_endorsement(client, team_lead, other_team_lead, placed_agent):
    promotion = promotions.endorse(actor=team_lead, agent=placed_agent)

    client.force_login(other_team_lead)
    outsider = client.post(reverse("careers:withdraw", args=[promotion.pk]))
    client.force_login(team_lead)
    response = client.post(reverse("careers:withdraw", args=[promotion.pk]))

    assert outsider.status_code == 404
    assert response.status_code == 302
    promotion.refresh_from_db()
    assert promotion.status == "withdrawn"


def test_the_agent_reads_a_declined_promotion_with_its_reason(
    client, hr_admin, team_lead, placed_agent
):
    promotion = promotions.endorse(actor=team_lead, agent=placed_agent)
    promotions.decline(actor=hr_admin, promotion_id=promotion.pk, reason="Six more months")
    client.force_login(placed_agent)

    page = html(client.get(reverse("careers:my_plan")))

    assert "Declined" in page
    assert "Reason: Six more months" in page


# --- Learning ------------------------------------------------------------------------------


def test_catalog_lists_paths_with_totals_and_filters(client, agent, hr_admin, track, path):
    # given a second, long path in the track
    long_path = training.create_path(
        actor=hr_admin, name_en="Deep dive", name_es="A fondo", track_id=track.pk
    )
    training.add_module(
        actor=hr_admin,
        path=long_path,
        title_en="Long read",
        title_es="Lectura larga",
        body_en="Long.",
        estimated_minutes=200,
    )
    client.force_login(agent)

    everything = html(client.get(reverse("careers:catalog")))
    short = client.get(reverse("careers:catalog"), {"max_minutes": "30"}, **HTMX)
    by_track = html(client.get(reverse("careers:catalog"), {"track": track.pk}))

    assert "Kind words on the phone" in everything
    assert "Deep dive" in everything
    assert "2 modules" in everything
    assert "15 minutes" in everything
    assert "the badge “Kind Words”" in everything
    assert "50 points" in everything
    assert "<html" not in html(short)
    assert "Kind words on the phone" in html(short)
    assert "Deep dive" not in html(short)
    assert "Deep dive" in by_track
    assert "Kind words on the phone" not in by_track


def test_catalog_filters_with_no_match_say_so_and_bad_filters_are_a_400(client, agent, path):
    client.force_login(agent)

    nothing = client.get(reverse("careers:catalog"), {"max_minutes": "30", "track": "999"})
    bad = client.get(reverse("careers:catalog"), {"max_minutes": "forever"})

    assert nothing.status_code == 400  # an unknown track is not a valid choice
    assert bad.status_code == 400
    assert "These filters are not valid." in html(bad)


def test_catalog_filters_that_match_nothing_offer_to_show_all(client, agent, hr_admin, track, path):
    other_track = track_services.create_track(actor=hr_admin, name_en="Sales", name_es="Ventas")
    client.force_login(agent)

    page = html(client.get(reverse("careers:catalog"), {"track": other_track.pk}))

    assert "No training path matches these filters." in page
    assert "Kind words on the phone" not in page


def test_path_detail_lists_modules_in_order(client, agent, path):
    client.force_login(agent)

    page = html(client.get(reverse("careers:path_detail", args=[path.pk])))

    assert page.index("Why kindness") < page.index("Check yourself")
    assert "quiz" in page
    assert reverse("careers:enroll", args=[path.pk]) in page


def test_enrolling_and_completing_through_the_pages_awards_the_badge_once(
    client, agent, path, badge
):
    client.force_login(agent)

    # when the agent enrolls from the catalog
    response = client.post(reverse("careers:enroll", args=[path.pk]))
    enrollment = Enrollment.objects.get(user=agent, path=path)
    assert response.url == reverse("careers:enrollment", args=[enrollment.pk])
    page = html(client.get(response.url))
    first, second = path.modules.order_by("position")
    assert "<strong>remember</strong>" in page
    assert "Mark as done" in page

    # and marks the first module done, then passes the quiz
    done = client.post(reverse("careers:complete_module", args=[enrollment.pk, first.pk]))
    quiz_page = html(client.get(done.url))
    assert "“Why kindness” is done." in quiz_page
    assert "A caller is upset. First you…" in quiz_page
    passed = client.post(
        reverse("careers:complete_module", args=[enrollment.pk, second.pk]),
        quiz_data(right_answers(second)),
        follow=True,
    )

    # then the path is complete, with the badge and the points, once
    page = html(passed)
    assert "You completed “Kind words on the phone”. Well done!" in page
    assert "You earned the badge “Kind Words”." in page
    assert "50 points are in your balance." in page
    client.post(
        reverse("careers:complete_module", args=[enrollment.pk, second.pk]),
        quiz_data(right_answers(second)),
    )
    client.post(reverse("careers:enroll", args=[path.pk]))
    assert BadgeAward.objects.filter(recipient=agent, badge_class=badge).count() == 1
    assert LedgerEntry.objects.filter(account=agent, kind="training").count() == 1
    learning = html(client.get(reverse("careers:my_learning")))
    assert 'id="completed-enrollments"' in learning
    assert "Nothing in progress." in learning


def test_a_failed_quiz_shows_the_score_and_keeps_the_module_open(client, agent, path):
    enrollment = training.enroll(user=agent, path=path)
    second = path.modules.get(position=2)
    client.force_login(agent)

    response = client.post(
        reverse("careers:complete_module", args=[enrollment.pk, second.pk]),
        quiz_data(wrong_answers(second)),
        follow=True,
    )

    page = html(response)
    assert "You scored 0%; 50% is needed to pass." in page
    assert response.context["current"] == second
    assert 'id="quiz-form"' in page
    assert "Your last score: 0% (1 attempt)." in page
    progress = ModuleProgress.objects.get(enrollment=enrollment, module=second)
    assert (progress.completed_at, progress.last_score) == (None, 0)
    assert not BadgeAward.objects.exists()


def test_an_unanswered_quiz_shows_field_errors(client, agent, path):
    enrollment = training.enroll(user=agent, path=path)
    second = path.modules.get(position=2)
    client.force_login(agent)

    response = client.post(reverse("careers:complete_module", args=[enrollment.pk, second.pk]), {})

    assert response.status_code == 200
    assert "Choose an answer." in html(response)
    assert not ModuleProgress.objects.exists()


def test_a_module_of_another_path_is_a_400_and_writes_nothing(client, agent, hr_admin, path):
    other = training.create_path(actor=hr_admin, name_en="Other", name_es="Otra")
    foreign = training.add_module(
        actor=hr_admin, path=other, title_en="X", title_es="X", body_en="x"
    )
    enrollment = training.enroll(user=agent, path=path)
    client.force_login(agent)

    response = client.post(reverse("careers:complete_module", args=[enrollment.pk, foreign.pk]))
    missing = client.post(reverse("careers:complete_module", args=[enrollment.pk, 999999]))

    assert response.status_code == missing.status_code == 400
    assert "This module is not part of this training path." in html(response)
    assert not ModuleProgress.objects.exists()


def test_someone_elses_enrollment_is_a_404(client, agent, teammate, team_lead, path):
    enrollment = training.enroll(user=agent, path=path)
    first = path.modules.get(position=1)

    for outsider in (teammate, team_lead):
        client.force_login(outsider)
        assert client.get(reverse("careers:enrollment", args=[enrollment.pk])).status_code == 404
        response = client.post(reverse("careers:complete_module", args=[enrollment.pk, first.pk]))
        assert response.status_code == 404
    assert not ModuleProgress.objects.exists()


def test_module_markdown_is_sanitised(client, agent, hr_admin):
    path = training.create_path(actor=hr_admin, name_en="Safe", name_es="Segura")
    training.add_module(
        actor=hr_admin,
        path=path,
        title_en="Text",
        title_es="Texto",
        body_en=(
            "Read **this**.\n\n<script>alert('owned')</script>\n\n"
            '<img src="x" onerror="alert(1)">\n\n[guide](https://example.com/guide) '
            "[trap](javascript:alert(2))"
        ),
    )
    enrollment = training.enroll(user=agent, path=path)
    client.force_login(agent)

    page = html(client.get(reverse("careers:enrollment", args=[enrollment.pk])))

    assert "<strong>this</strong>" in page
    assert "alert('owned')" not in page
    assert "onerror" not in page
    assert "javascript:" not in page
    assert (
        '<a href="https://example.com/guide" target="_blank" rel="noopener noreferrer">guide</a>'
        in page
    )


def test_overdue_trainings_are_highlighted(client, agent, team_lead, path):
    training.assign_path(
        actor=team_lead,
        agent=agent,
        path=path,
        due_on=timezone.localdate() - dt.timedelta(days=1),
        today=timezone.localdate() - dt.timedelta(days=5),
    )
    client.force_login(agent)

    page = html(client.get(reverse("careers:my_learning")))

    assert '<span class="overdue">overdue</span>' in page


# --- Team plans ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["team_lead", "hr_admin"])
def test_team_plans_open_for_the_teams_leads_and_hr(client, persona, request, team, placed_agent):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("careers:team_plans", args=[team.pk]))

    assert response.status_code == 200
    page = html(response)
    assert "Ana Agent" in page
    assert reverse("careers:person_plan", args=[placed_agent.pk]) in page
    assert 'value="0"' in page


@pytest.mark.parametrize("persona", ["agent", "other_team_lead", "other_team_agent"])
def test_team_plans_are_404_for_everyone_else(client, persona, request, team):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("careers:team_plans", args=[team.pk])).status_code == 404


def test_a_team_without_agents_says_so(client, team_lead, team):
    client.force_login(team_lead)

    assert "This team has no agents yet." in html(
        client.get(reverse("careers:team_plans", args=[team.pk]))
    )


def test_my_team_plans_takes_a_lead_to_their_team_or_lets_them_choose(
    client, team_lead, team, agent, hr_admin, other_team
):
    client.force_login(team_lead)
    single = client.get(reverse("careers:my_team_plans"))
    MembershipFactory(team=TeamFactory(name="Night shift"), role=Role.LEAD, user=team_lead)
    several = client.get(reverse("careers:my_team_plans"))
    client.force_login(agent)
    refused = client.get(reverse("careers:my_team_plans"))
    client.force_login(hr_admin)
    for_hr = client.get(reverse("careers:my_team_plans"))

    assert single.status_code == 302
    assert single.url == reverse("careers:team_plans", args=[team.pk])
    assert several.status_code == 200
    assert "Night shift" in html(several)
    assert refused.status_code == 403
    assert for_hr.status_code == 200
    assert other_team.name in html(for_hr)


@pytest.mark.parametrize("agents", [10, 1000])
def test_team_plans_query_count_does_not_grow_with_the_team(
    client,
    django_assert_max_num_queries,
    agents,
    hr_admin,
    team_lead,
    team,
    level_one,
    level_two,
    path,
    badge,
    qa_type,
    integration,
):
    # given level two asks for one requirement of each kind
    for kind, extra in [
        ("training", {"training_path_id": path.pk}),
        ("badge", {"badge_class_id": badge.pk}),
        ("tenure", {"min_tenure_days": 30}),
        (
            "metric",
            {
                "event_type_id": qa_type.pk,
                "metric": "score",
                "aggregate": "mean",
                "operator": ">=",
                "threshold": 80,
                "window_days": 90,
            },
        ),
        ("endorsement", {}),
    ]:
        track_services.add_requirement(actor=hr_admin, level=level_two, kind=kind, **extra)
    # and a team of agents on level one, each aiming at level two
    people = User.objects.bulk_create(
        User(email=f"bulk{n}@example.test", display_name=f"Agent {n:04}") for n in range(agents)
    )
    Membership.objects.bulk_create(Membership(user=u, team=team, role=Role.AGENT) for u in people)
    CareerPlan.objects.bulk_create(CareerPlan(agent=u, target_level=level_two) for u in people)
    since = timezone.now() - dt.timedelta(days=60)
    LevelHistory.objects.bulk_create(
        LevelHistory(user=u, level=level_one, started_at=since) for u in people
    )
    Enrollment.objects.bulk_create(Enrollment(user=u, path=path) for u in people[::2])
    store_event(
        integration=integration,
        agent=people[0],
        event_type=qa_type,
        occurred_at=timezone.now(),
        score=90,
    )
    promotions.endorse(actor=team_lead, agent=people[0])
    client.force_login(team_lead)

    # when the lead opens the team's plans, then the queries stay the same
    with django_assert_max_num_queries(17):
        response = client.get(reverse("careers:team_plans", args=[team.pk]))

    assert response.status_code == 200
    page = html(response)
    assert page.count('<tr id="plan-') == agents
    assert "Waiting for HR: Agent II" in page


# --- Navigation, home and language ---------------------------------------------------------


def test_home_card_shows_level_readiness_and_trainings(client, placed_agent, path):
    training.enroll(user=placed_agent, path=path)
    client.force_login(placed_agent)

    page = html(client.get(reverse("home")))

    assert 'id="career-card"' in page
    assert "You are Agent I" in page
    assert "0% ready for Agent II" in page
    assert "1 training in progress" in page
    assert "Coming soon" not in page


def test_navigation_links_career_pages_and_counts_promotions_for_hr(
    client, hr_admin, team_lead, placed_agent
):
    promotions.endorse(actor=team_lead, agent=placed_agent)
    client.force_login(hr_admin)

    page = html(client.get(reverse("careers:my_plan")))

    assert reverse("careers:my_learning") in page
    assert f'href="{reverse("careers:promotion_queue")}"' in page
    assert 'aria-label="1 waiting"' in page


def test_agents_see_no_promotions_link(client, agent):
    client.force_login(agent)

    page = html(client.get(reverse("careers:my_plan")))

    assert reverse("careers:promotion_queue") not in page


def test_lead_dashboard_links_each_teams_plans(client, team_lead, team):
    client.force_login(team_lead)

    page = html(client.get(reverse("people:lead_dashboard")))

    assert reverse("careers:team_plans", args=[team.pk]) in page


def test_plan_page_renders_in_spanish(client, placed_agent):
    placed_agent.preferred_language = "es"
    placed_agent.save(update_fields=["preferred_language"])
    client.force_login(placed_agent)

    response = client.get(reverse("careers:my_plan"))

    assert response.status_code == 200
    assert '<html lang="es">' in html(response)
    assert "Agente II" in html(response)


def test_new_user_factory_persona_has_no_plan_until_they_write(client, db):
    person = UserFactory()
    client.force_login(person)

    client.get(reverse("careers:my_plan"))

    assert not CareerPlan.objects.filter(agent=person).exists()
