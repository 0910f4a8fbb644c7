import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from core.exceptions import ConflictError, DomainError, PermissionDeniedError
from core.models import AuditEvent
from people import services
from people.models import Membership, Role
from people.permissions import can_view_user, is_lead_of, leads_agent

pytestmark = pytest.mark.django_db


def test_create_person_rejects_a_duplicate_email_in_any_case(agent):
    with pytest.raises(ConflictError):
        services.create_person(actor=None, email=agent.email.upper(), display_name="Copy")


def test_create_person_writes_an_audit_row(hr_admin):
    person = services.create_person(actor=hr_admin, email="New@Example.test", display_name="N")

    assert person.email == "new@example.test"
    assert AuditEvent.objects.filter(verb="person.created", target_id=str(person.pk)).exists()


def test_assign_agent_moves_them_and_records_it(agent, other_team, hr_admin):
    services.assign_agent(actor=hr_admin, user=agent, team=other_team)

    assert list(Membership.objects.filter(user=agent).values_list("team", "role")) == [
        (other_team.pk, Role.AGENT)
    ]
    event = AuditEvent.objects.get(verb="membership.agent_assigned", target_id=str(agent.pk))
    assert event.actor == hr_admin
    assert event.data["team"] == other_team.pk


def test_database_refuses_an_agent_in_two_teams(agent, other_team):
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=agent, team=other_team, role=Role.AGENT)


def test_a_lead_cannot_be_an_agent_of_the_same_team(team_lead, team):
    with pytest.raises(DomainError):
        services.assign_agent(actor=None, user=team_lead, team=team)


def test_a_lead_can_lead_several_teams(team_lead, other_team):
    services.assign_lead(actor=None, user=team_lead, team=other_team)

    assert is_lead_of(team_lead, other_team)


def test_visibility_helpers(agent, teammate, team_lead, other_team_lead, hr_admin):
    assert leads_agent(team_lead, agent)
    assert not leads_agent(other_team_lead, agent)
    assert can_view_user(agent, agent)
    assert can_view_user(hr_admin, agent)
    assert can_view_user(team_lead, agent)
    assert not can_view_user(teammate, agent)
    assert not can_view_user(other_team_lead, agent)


def test_hr_role_can_be_granted_and_revoked(agent):
    services.set_hr(actor=None, user=agent, is_hr=True)
    from people.permissions import is_hr

    assert is_hr(agent)
    services.set_hr(actor=None, user=agent, is_hr=False)
    assert not is_hr(agent)


def test_seed_demo_is_idempotent():
    from django.core.management import call_command

    from people.models import Team, User

    call_command("seed_demo")
    counts = (User.objects.count(), Team.objects.count(), Membership.objects.count())
    call_command("seed_demo")

    assert (User.objects.count(), Team.objects.count(), Membership.objects.count()) == counts
    assert Team.objects.count() == 3
    for team in Team.objects.all():
        agents = team.memberships.filter(role=Role.AGENT).count()
        assert 8 <= agents <= 10
        assert team.memberships.filter(role=Role.LEAD).count() == 1
    assert User.objects.filter(groups__name="HR").count() == 1


def test_nobody_grants_themselves_hr_or_a_team_to_lead(staff_user, team):
    with translation.override("en"), pytest.raises(PermissionDeniedError) as hr:
        services.set_hr(actor=staff_user, user=staff_user, is_hr=True)
    with translation.override("en"), pytest.raises(PermissionDeniedError) as lead:
        services.assign_lead(actor=staff_user, user=staff_user, team=team)

    assert hr.value.message == "Nobody grants themselves HR: another administrator does."
    assert lead.value.message == "Nobody makes themselves a team lead: another administrator does."
    assert not staff_user.groups.exists()
    assert not Membership.objects.filter(user=staff_user).exists()
    assert not AuditEvent.objects.exists()


def test_hr_may_step_down_themselves(hr_admin):
    services.set_hr(actor=hr_admin, user=hr_admin, is_hr=False)

    assert not hr_admin.groups.filter(name="HR").exists()
    assert AuditEvent.objects.filter(verb="role.hr_revoked", actor=hr_admin).exists()
