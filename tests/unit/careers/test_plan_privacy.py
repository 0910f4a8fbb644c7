"""Who shapes a career plan (the agent and their team's leads), who writes coaching notes
(the lead), and the agent's private notes: written only to their own plan and never
loaded into what the lead's and HR's readers return."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import models
from django.urls import reverse
from django.utils import translation

from careers import selectors
from careers.models import CareerPlan, CareerTrack, CoachingNote, Goal, Promotion
from careers.services import plans, promotions
from careers.services import tracks as track_services
from core.exceptions import DomainError, NotFoundError, PermissionDeniedError
from core.models import AuditEvent
from notifications.models import Notification

pytestmark = pytest.mark.django_db

SECRET = "I am interviewing at another company on Friday"


# --- Shaping the plan ---------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_the_agent_and_their_lead_set_the_target(request, agent, level_two, persona):
    actor = request.getfixturevalue(persona)

    plan = plans.set_target_level(actor=actor, agent=agent, level_id=str(level_two.pk))

    assert plan.agent == agent
    assert CareerPlan.objects.get(agent=agent).target_level == level_two
    event = AuditEvent.objects.get(verb="careers.target_set")
    assert (event.actor, event.target_id, event.data) == (
        actor,
        str(plan.pk),
        {"level": level_two.pk},
    )


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("other_team_lead", NotFoundError),
        ("teammate", NotFoundError),
        ("other_team_agent", NotFoundError),
        ("hr_admin", PermissionDeniedError),
    ],
)
def test_others_cannot_set_the_target(request, agent, level_two, persona, error):
    actor = request.getfixturevalue(persona)

    with pytest.raises(error):
        plans.set_target_level(actor=actor, agent=agent, level_id=level_two.pk)

    assert not CareerPlan.objects.exists()
    assert not AuditEvent.objects.filter(verb="careers.target_set").exists()


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_the_agent_and_their_lead_add_goals(request, agent, persona):
    actor = request.getfixturevalue(persona)

    goal = plans.add_goal(
        actor=actor,
        agent=agent,
        text="  Shadow a senior agent  ",
        due_on=dt.date(2026, 7, 1),
        today=dt.date(2026, 6, 15),
    )

    assert (goal.plan.agent, goal.text, goal.created_by) == (agent, "Shadow a senior agent", actor)
    assert AuditEvent.objects.filter(verb="careers.goal_added", target_id=str(goal.pk)).exists()


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("other_team_lead", NotFoundError),
        ("teammate", NotFoundError),
        ("hr_admin", PermissionDeniedError),
    ],
)
def test_others_cannot_add_or_change_goals(request, agent, persona, error):
    goal = plans.add_goal(actor=agent, agent=agent, text="Learn the billing system")
    actor = request.getfixturevalue(persona)

    with pytest.raises(error):
        plans.add_goal(actor=actor, agent=agent, text="Quit")
    with pytest.raises(error):
        plans.update_goal(actor=actor, goal_id=goal.pk, status=Goal.Status.DROPPED)

    goal.refresh_from_db()
    assert goal.status == Goal.Status.OPEN
    assert Goal.objects.count() == 1


def test_a_goal_due_in_the_past_or_empty_is_refused(agent):
    with pytest.raises(DomainError) as refused:
        plans.add_goal(
            actor=agent,
            agent=agent,
            text=" ",
            due_on=dt.date(2026, 1, 1),
            today=dt.date(2026, 6, 1),
        )

    assert set(refused.value.errors) == {"text", "due_on"}


@pytest.mark.parametrize("position", ["same", "below"])
def test_the_target_must_be_above_the_current_level_on_the_same_track(
    hr_admin, agent, track, level_one, level_two, position
):
    # given the agent holds level two
    promotions.set_level(actor=hr_admin, agent=agent, level=level_two)
    level = level_two if position == "same" else level_one

    # when / then
    with pytest.raises(DomainError) as refused:
        plans.set_target_level(actor=agent, agent=agent, level_id=level.pk)

    assert "target_level" in refused.value.errors
    assert CareerPlan.objects.get(agent=agent).target_level is None


def test_a_first_level_of_another_track_may_be_the_target(hr_admin, agent, level_two):
    # given the agent holds level two of customer service
    promotions.set_level(actor=hr_admin, agent=agent, level=level_two)
    sales = track_services.create_track(actor=hr_admin, name_en="Sales", name_es="Ventas")
    seller = track_services.add_level(actor=hr_admin, track=sales, name_en="S", name_es="V")

    plan = plans.set_target_level(actor=agent, agent=agent, level_id=seller.pk)

    assert plan.target_level == seller


@pytest.mark.parametrize("level_id", ["nope", 10**9])
def test_an_unknown_target_is_refused(agent, level_id):
    with pytest.raises(DomainError) as refused:
        plans.set_target_level(actor=agent, agent=agent, level_id=level_id)

    assert "target_level" in refused.value.errors


def test_a_level_of_an_archived_track_cannot_be_the_target(agent, track, level_two):
    CareerTrack.objects.filter(pk=track.pk).update(active=False)

    with pytest.raises(DomainError):
        plans.set_target_level(actor=agent, agent=agent, level_id=level_two.pk)


# --- Coaching notes -----------------------------------------------------------------------


def test_the_agents_lead_writes_a_coaching_note_and_the_agent_is_told(agent, team_lead):
    note = plans.add_coaching_note(actor=team_lead, agent=agent, text="  Great empathy today. ")

    assert (note.plan.agent, note.author, note.text) == (agent, team_lead, "Great empathy today.")
    assert AuditEvent.objects.filter(
        verb="careers.coaching_note_added", target_id=str(note.pk)
    ).exists()
    notification = Notification.objects.get(user=agent)
    assert notification.url == reverse("careers:my_plan")


@pytest.mark.parametrize(
    ("persona", "error"),
    [
        ("agent", PermissionDeniedError),
        ("hr_admin", PermissionDeniedError),
        ("other_team_lead", NotFoundError),
        ("teammate", NotFoundError),
    ],
)
def test_only_the_agents_lead_writes_coaching_notes(request, agent, persona, error):
    actor = request.getfixturevalue(persona)

    with pytest.raises(error):
        plans.add_coaching_note(actor=actor, agent=agent, text="A note.")

    assert not CoachingNote.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize("persona", ["agent", "team_lead", "hr_admin"])
def test_nobody_writes_coaching_notes_on_their_own_plan(request, persona):
    person = request.getfixturevalue(persona)

    with translation.override("en"), pytest.raises(PermissionDeniedError) as refused:
        plans.add_coaching_note(actor=person, agent=person, text="I coach myself.")

    assert refused.value.message.startswith("Nobody writes coaching notes on their own plan")
    assert not CoachingNote.objects.exists()


# --- Private notes ------------------------------------------------------------------------


def test_private_notes_go_to_the_callers_own_plan_only(agent, teammate, team_lead):
    # given the agent keeps private notes
    plans.set_private_notes(user=agent, text=SECRET)

    # when the teammate and the lead write their own
    plans.set_private_notes(user=teammate, text="Teammate's thoughts")
    plans.set_private_notes(user=team_lead, text="Lead's thoughts")

    # then each wrote to their own plan and the agent's is untouched
    assert dict(CareerPlan.objects.values_list("agent__display_name", "private_notes")) == {
        "Ana Agent": SECRET,
        "Tomás Teammate": "Teammate's thoughts",
        "Lía Lead": "Lead's thoughts",
    }


def test_private_notes_are_not_audited_with_their_text(agent):
    plans.set_private_notes(user=agent, text=SECRET)

    assert not any(SECRET in str(data) for data in AuditEvent.objects.values_list("data"))


def test_overlong_private_notes_are_refused(agent):
    plans.set_private_notes(user=agent, text=SECRET)

    with pytest.raises(DomainError):
        plans.set_private_notes(user=agent, text="x" * 4001)

    assert CareerPlan.objects.get(agent=agent).private_notes == SECRET


def loaded_strings(obj: Any, seen: set[int] | None = None) -> Iterator[str]:
    """Every string already in memory under ``obj``: dataclass fields, model instances'
    loaded fields, their cached relations (select_related, reverse one-to-one caches) and
    prefetched rows. Reads ``__dict__`` only, so it never triggers a query."""
    seen = set() if seen is None else seen
    if id(obj) in seen:
        return
    seen.add(id(obj))
    if isinstance(obj, str):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for f in dataclasses.fields(obj):
            yield from loaded_strings(getattr(obj, f.name), seen)
    elif isinstance(obj, models.Model):
        for name, value in vars(obj).items():
            if name != "_state":
                yield from loaded_strings(value, seen)
        yield from loaded_strings(obj._state.fields_cache, seen)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield from loaded_strings(key, seen)
            yield from loaded_strings(value, seen)
    elif isinstance(obj, list | tuple | set | frozenset):
        for item in obj:
            yield from loaded_strings(item, seen)


@pytest.fixture
def agent_with_secret(hr_admin, agent, team_lead, level_one, level_two, badge):  # type: ignore[no-untyped-def]
    """An agent with private notes, a target, readiness evidence and an open endorsement:
    everything a team or HR readiness row shows."""
    track_services.add_requirement(
        actor=hr_admin, level=level_two, kind="badge", badge_class_id=badge.pk
    )
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    plans.set_target_level(actor=agent, agent=agent, level_id=level_two.pk)
    plans.add_goal(actor=agent, agent=agent, text="Public goal")
    plans.set_private_notes(user=agent, text=SECRET)
    promotions.endorse(actor=team_lead, agent=agent, note="Endorsement note")
    return agent


def test_the_walker_finds_private_notes_where_they_are_loaded(agent_with_secret):
    # A control for the tests below: the plan object itself does carry the notes.
    plan = CareerPlan.objects.select_related("agent").get(agent=agent_with_secret)

    assert SECRET in set(loaded_strings(plan.agent.career_plan))


def test_team_plan_rows_do_not_load_private_notes(
    django_assert_num_queries, agent_with_secret, teammate, team
):
    rows = selectors.team_plan_rows(team=team)

    with django_assert_num_queries(0):
        strings = set(loaded_strings(rows))
    row = next(r for r in rows if r.agent == agent_with_secret)
    assert row.readiness.level.name_en == "Agent II"
    assert row.open_promotion is not None
    assert "Endorsement note" in strings, "the walker should reach the row's promotion"
    assert not any(SECRET in s for s in strings)


def test_company_readiness_does_not_load_private_notes(
    django_assert_num_queries, agent_with_secret, teammate, level_two
):
    # given the teammate aims at the same level with notes of their own
    plans.set_target_level(actor=teammate, agent=teammate, level_id=level_two.pk)
    plans.set_private_notes(user=teammate, text="Teammate's secret")

    # when HR read the readiness of the company, and of one level
    for level_id in (None, level_two.pk):
        summary, rows = selectors.company_readiness(level_id=level_id)

        # then nothing loaded in what they get holds either person's notes
        with django_assert_num_queries(0):
            strings = set(loaded_strings((summary, rows)))
        assert {r.agent for r in rows} == {agent_with_secret, teammate}
        assert "Ana Agent" in strings
        assert not any(SECRET in s or "Teammate's secret" in s for s in strings)


def test_the_promotion_evidence_hr_reads_holds_no_private_notes(agent_with_secret):
    promotion = Promotion.objects.get(agent=agent_with_secret)

    assert SECRET not in str(promotion.evidence)
    assert SECRET not in promotion.endorsement_note


@pytest.mark.parametrize("persona", ["team_lead", "hr_admin"])
def test_the_plan_a_lead_or_hr_read_has_no_private_notes(
    request, django_assert_num_queries, agent_with_secret, persona
):
    viewer = request.getfixturevalue(persona)

    plan = selectors.plan_for_viewer(viewer=viewer, agent=agent_with_secret)

    assert plan.target_level.name_en == "Agent II"
    with django_assert_num_queries(0):
        assert plan.private_notes == ""
        assert not any(SECRET in s for s in loaded_strings(plan))


def test_the_agent_reads_their_own_private_notes(agent_with_secret):
    plan = selectors.plan_for_viewer(viewer=agent_with_secret, agent=agent_with_secret)

    assert plan.private_notes == SECRET
