"""The kudos composer on a phone: search-as-you-type recipients, chips, quick points, and
the same rules whether the form is used as drawn or forged."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.exceptions import DomainError
from people.models import Role
from recognition.models import Kudos, LedgerEntry
from recognition.services.kudos import give_kudos
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

SEARCH = "recognition:recipient_search"


def _search(client, q, **extra):  # type: ignore[no-untyped-def]
    response = client.get(reverse(SEARCH), {"q": q, **extra}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_search_finds_colleagues_by_name_as_checkboxes(client, agent, teammate):
    client.force_login(agent)

    body = _search(client, "tomás")

    assert f'name="recipients" value="{teammate.pk}"' in body
    assert "Tomás Teammate" in body
    assert "<html" not in body


def test_search_needs_two_letters(client, agent, teammate):
    client.force_login(agent)

    body = _search(client, "t")

    assert "Type at least 2 letters." in body
    assert 'name="recipients"' not in body


def test_search_never_offers_myself_inactive_or_admin_accounts(client, agent, team):
    # given people whose names all match "Rosa"
    client.force_login(agent)
    agent.display_name = "Rosa Agent"
    agent.save(update_fields=["display_name"])
    colleague = UserFactory(display_name="Rosa Colleague")
    gone = UserFactory(display_name="Rosa Gone", is_active=False)
    admin = UserFactory(display_name="Rosa Admin", is_staff=True, is_superuser=True)
    staff_agent = UserFactory(display_name="Rosa Staff Agent", is_staff=True)
    MembershipFactory(team=team, role=Role.AGENT, user=staff_agent)

    # when
    body = _search(client, "rosa")

    # then
    assert f'value="{colleague.pk}"' in body
    assert f'value="{staff_agent.pk}"' in body  # staff, but also an agent: a colleague
    assert f'value="{agent.pk}"' not in body
    assert f'value="{gone.pk}"' not in body
    assert f'value="{admin.pk}"' not in body


def test_search_leaves_out_people_already_chosen(client, agent, teammate):
    client.force_login(agent)

    body = _search(client, "tomás", recipients=[teammate.pk])

    assert f'value="{teammate.pk}"' not in body
    assert "Nobody found" in body


def test_search_is_limited_and_says_there_are_more(client, agent, django_assert_max_num_queries):
    for n in range(20):
        UserFactory(display_name=f"Luis {n:02d}")
    client.force_login(agent)

    with django_assert_max_num_queries(8):
        body = _search(client, "luis")

    assert body.count('name="recipients"') == 8
    assert "More people match" in body


def test_search_is_for_signed_in_people_only(client, teammate):
    response = client.get(reverse(SEARCH), {"q": "tomás"})

    assert response.status_code == 302


@pytest.mark.parametrize("bad", ["x" * 5000, "'; DROP TABLE people_user; --", "%", "\x00"])
def test_search_survives_garbage(client, agent, bad):
    client.force_login(agent)

    response = client.get(
        reverse(SEARCH), {"q": bad, "recipients": ["abc", "99999999999999999999"]}
    )

    assert response.status_code == 200


# --- Forged posts -----------------------------------------------------------------------


def _post(client, recipients, **extra):  # type: ignore[no-untyped-def]
    data = {"recipients": recipients, "message": "Thanks", "values": ["teamwork"], **extra}
    return client.post(reverse("recognition:give"), data)


def test_forged_post_to_an_admin_account_is_refused_with_a_clear_message(client, agent):
    admin = UserFactory(display_name="Root", is_staff=True, is_superuser=True)
    client.force_login(agent)

    response = _post(client, [admin.pk], points_each="5")

    assert response.status_code == 400
    assert response.context["form"].errors["recipients"] == [
        "Administration accounts are not colleagues: they cannot receive kudos."
    ]
    assert not Kudos.objects.exists()
    assert not LedgerEntry.objects.exists()


def test_forged_post_to_someone_who_left_is_refused(client, agent):
    gone = UserFactory(is_active=False)
    client.force_login(agent)

    response = _post(client, [gone.pk])

    assert response.status_code == 400
    assert "recipients" in response.context["form"].errors
    assert not Kudos.objects.exists()


def test_the_service_refuses_admin_accounts_whatever_the_caller(agent):
    admin = UserFactory(is_staff=True)

    with pytest.raises(DomainError) as refused:
        give_kudos(giver=agent, recipient_ids=[admin.pk], message="Hi", value_slugs=["teamwork"])

    assert "recipients" in refused.value.errors
    assert not Kudos.objects.exists()


# --- Chips and quick points ---------------------------------------------------------------


def test_kudos_to_two_people_with_a_quick_amount(client, agent, teammate, team):
    other = MembershipFactory(team=team, role=Role.AGENT, user=UserFactory()).user
    client.force_login(agent)

    response = _post(client, [teammate.pk, other.pk], points_each="10")

    assert response.status_code == 302
    kudos = Kudos.objects.get()
    assert set(kudos.recipients.all()) == {teammate, other}
    assert LedgerEntry.objects.filter(kind=LedgerEntry.Kind.KUDOS, amount=10).count() == 2


def test_composer_shows_values_and_quick_points_as_chips(client, agent, settings):
    settings.KUDOS_MONTHLY_ALLOWANCE = 12
    client.force_login(agent)

    page = client.get(reverse("recognition:give")).content.decode()

    assert 'type="checkbox" name="values"' in page
    assert 'type="radio" name="points_each" value="10"' in page
    assert 'value="20"' not in page  # more than the 12 points left
    assert 'aria-live="polite"' in page
    assert 'id="recipient-search"' in page


def test_a_refused_form_keeps_the_chosen_people_as_chips(client, agent, teammate):
    client.force_login(agent)

    response = _post(client, [teammate.pk], message="")

    assert response.status_code == 400
    assert f'name="recipients" value="{teammate.pk}" checked' in response.content.decode()


def test_search_without_javascript_keeps_what_was_typed(client, agent, teammate):
    client.force_login(agent)

    response = client.post(
        reverse("recognition:give"),
        {
            "action": "search",
            "q": "tomás",
            "message": "You saved my shift",
            "values": ["teamwork"],
            "points_each": "5",
        },
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert f'name="recipients" value="{teammate.pk}"' in page
    assert "You saved my shift" in page
    assert not Kudos.objects.exists()
