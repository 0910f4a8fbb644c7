"""The careers admin: HR edit the catalog there, what people earn is read-only, and a
plan's private notes never reach the admin."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careers.models import CareerPlan, Goal
from careers.services import plans, training
from people.services import set_hr

CATALOG = ["careertrack", "level", "trainingpath", "module", "quizquestion"]
EVIDENCE = ["enrollment", "moduleprogress", "careerplan", "levelhistory", "promotion"]


@pytest.fixture
def hr_staff(hr_admin):  # type: ignore[no-untyped-def]
    set_hr(actor=None, user=hr_admin, is_hr=True)  # staff access + the catalog's permissions
    return hr_admin


@pytest.mark.parametrize("model", CATALOG)
def test_hr_can_add_and_change_the_catalog(client, hr_staff, track, path, model):
    client.force_login(hr_staff)

    changelist = client.get(reverse(f"admin:careers_{model}_changelist"))
    add = client.get(reverse(f"admin:careers_{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 200


@pytest.mark.parametrize("model", EVIDENCE)
def test_what_people_earn_is_read_only_even_for_a_superuser(client, admin_user, agent, path, model):
    training.enroll(user=agent, path=path)
    plans.set_target_level(actor=agent, agent=agent, level_id=None)
    client.force_login(admin_user)

    changelist = client.get(reverse(f"admin:careers_{model}_changelist"))
    add = client.get(reverse(f"admin:careers_{model}_add"))

    assert changelist.status_code == 200
    assert add.status_code == 403


def test_private_notes_never_reach_the_admin(client, admin_user, agent, team_lead):
    # given a plan with private notes, a goal and a coaching note
    plans.set_private_notes(user=agent, text="I am thinking of leaving")
    plans.add_goal(actor=agent, agent=agent, text="Lead the Friday huddle")
    plans.add_coaching_note(actor=team_lead, agent=agent, text="Great progress on calm calls")
    plan = CareerPlan.objects.get(agent=agent)
    client.force_login(admin_user)

    # when a superuser opens the plan in the admin
    page = client.get(reverse("admin:careers_careerplan_change", args=[plan.pk]))

    # then goals and coaching notes show, the private notes do not
    html = page.content.decode()
    assert page.status_code == 200
    assert Goal.objects.get(plan=plan).text in html
    assert "Great progress on calm calls" in html
    assert "I am thinking of leaving" not in html
