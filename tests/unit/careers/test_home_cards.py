"""Careers' cards on the home page: who a lead can endorse now, what HR has to decide."""

from __future__ import annotations

import pytest
from django.urls import reverse

from careers.services import plans, promotions
from careers.services import tracks as track_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready_agent(hr_admin, agent, level_one, level_two):  # type: ignore[no-untyped-def]
    """On level one, aiming at level two, which needs nothing but the lead's endorsement."""
    promotions.set_level(actor=hr_admin, agent=agent, level=level_one)
    track_services.add_requirement(actor=hr_admin, level=level_two, kind="endorsement")
    plans.set_target_level(actor=agent, agent=agent, level_id=level_two.pk)
    return agent


def test_lead_home_lists_who_is_ready_for_an_endorsement(client, team_lead, ready_agent):
    client.force_login(team_lead)

    page = client.get(reverse("home")).content.decode()

    assert reverse("careers:person_plan", args=[ready_agent.pk]) in page
    assert str(ready_agent) in page


def test_someone_endorsed_leaves_the_list_at_once_despite_the_cache(
    client, team_lead, ready_agent, hr_admin
):
    # given the lead saw the agent as ready (the list is then remembered a few minutes)
    client.force_login(team_lead)
    client.get(reverse("home"))

    # when the lead endorses them
    promotions.endorse(actor=team_lead, agent=ready_agent)
    page = client.get(reverse("home")).content.decode()

    # then they are no longer offered, and HR sees one endorsement waiting
    assert reverse("careers:person_plan", args=[ready_agent.pk]) not in page
    client.force_login(hr_admin)
    assert "1 endorsement waits for your decision" in client.get(reverse("home")).content.decode()


def test_the_other_teams_lead_does_not_see_the_agent(client, other_team_lead, ready_agent):
    client.force_login(other_team_lead)

    page = client.get(reverse("home")).content.decode()

    assert reverse("careers:person_plan", args=[ready_agent.pk]) not in page
