"""give_kudos: validation leaves no partial write, the monthly allowance holds, keys replay."""

import datetime as dt
import zoneinfo

import pytest

from core.exceptions import ConflictError, DomainError
from core.models import AuditEvent
from notifications.models import Notification
from recognition.models import GivingAllowance, Kudos, LedgerEntry, ValueTag
from recognition.selectors import balance_of, remaining_allowance
from recognition.services.kudos import give_kudos
from recognition.services.ledger import mismatched_balances
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MEXICO_CITY = zoneinfo.ZoneInfo("America/Mexico_City")


@pytest.fixture(autouse=True)
def _allowance_of_100(settings):  # type: ignore[no-untyped-def]
    settings.KUDOS_MONTHLY_ALLOWANCE = 100
    settings.TIME_ZONE = "America/Mexico_City"


def thank(giver, recipients, *, points=0, message="Thanks for covering my queue!", **extra):  # type: ignore[no-untyped-def]
    extra.setdefault("value_slugs", ["empathy"])
    return give_kudos(
        giver=giver,
        recipient_ids=[r.pk for r in recipients],
        message=message,
        points_each=points,
        **extra,
    )


def nothing_written() -> bool:
    return not (
        Kudos.objects.exists()
        or LedgerEntry.objects.exists()
        or Notification.objects.filter(kind="kudos").exists()
        or AuditEvent.objects.filter(verb="kudos.given").exists()
        or GivingAllowance.objects.filter(spent__gt=0).exists()
    )


# --- Validation ---------------------------------------------------------------------------


def test_rejects_self_kudos_and_writes_nothing(agent):
    with pytest.raises(DomainError) as refused:
        thank(agent, [agent], points=10)

    assert "recipients" in refused.value.errors
    assert nothing_written()
    assert balance_of(user=agent) == 0


def test_rejects_self_kudos_hidden_among_colleagues(agent, teammate):
    with pytest.raises(DomainError) as refused:
        thank(agent, [teammate, agent], points=10)

    assert "recipients" in refused.value.errors
    assert nothing_written()
    assert balance_of(user=teammate) == 0


def test_rejects_kudos_without_recipients(agent):
    with pytest.raises(DomainError) as refused:
        thank(agent, [])

    assert "recipients" in refused.value.errors
    assert nothing_written()


def test_rejects_a_recipient_who_has_left(agent):
    former = UserFactory(is_active=False)

    with pytest.raises(DomainError) as refused:
        thank(agent, [former], points=10)

    assert "recipients" in refused.value.errors
    assert nothing_written()


def test_rejects_a_recipient_who_does_not_exist(agent):
    with pytest.raises(DomainError) as refused:
        give_kudos(giver=agent, recipient_ids=[987654], message="Thanks", value_slugs=["empathy"])

    assert "recipients" in refused.value.errors
    assert nothing_written()


def test_rejects_an_unknown_value(agent, teammate):
    with pytest.raises(DomainError) as refused:
        thank(agent, [teammate], points=10, value_slugs=["empathy", "telepathy"])

    assert "values" in refused.value.errors
    assert nothing_written()


def test_rejects_an_inactive_value(agent, teammate):
    ValueTag.objects.filter(slug="teamwork").update(active=False)

    with pytest.raises(DomainError) as refused:
        thank(agent, [teammate], points=10, value_slugs=["teamwork"])

    assert "values" in refused.value.errors
    assert nothing_written()


def test_rejects_kudos_without_a_value(agent, teammate):
    with pytest.raises(DomainError) as refused:
        thank(agent, [teammate], value_slugs=[])

    assert "values" in refused.value.errors
    assert nothing_written()


@pytest.mark.parametrize("message", ["", "   \n\t "], ids=["empty", "blank"])
def test_rejects_an_empty_message(agent, teammate, message):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        thank(agent, [teammate], points=10, message=message)

    assert "message" in refused.value.errors
    assert nothing_written()


def test_rejects_a_message_over_1000_characters(agent, teammate):
    with pytest.raises(DomainError) as refused:
        thank(agent, [teammate], points=10, message="x" * 1001)

    assert "message" in refused.value.errors
    assert nothing_written()


def test_accepts_a_message_of_exactly_1000_characters(agent, teammate):
    kudos = thank(agent, [teammate], message="x" * 1000)

    assert len(kudos.message) == 1000


@pytest.mark.parametrize("points", [-1, True, 2.5, "10"], ids=["negative", "bool", "float", "str"])
def test_rejects_points_that_are_not_a_whole_number(agent, teammate, points):  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as refused:
        thank(agent, [teammate], points=points)

    assert "points_each" in refused.value.errors
    assert nothing_written()


def test_reports_every_invalid_field_at_once(agent):
    with pytest.raises(DomainError) as refused:
        thank(agent, [agent], message="", value_slugs=["nope"], points=-5)

    assert set(refused.value.errors) == {"recipients", "message", "values", "points_each"}


# --- Monthly allowance --------------------------------------------------------------------


def test_rejects_points_beyond_the_monthly_allowance_and_leaves_balances_untouched(
    agent, teammate, other_team_agent
):
    # given two recipients, 60 points each = 120 > 100
    # when
    with pytest.raises(DomainError) as refused:
        thank(agent, [teammate, other_team_agent], points=60)

    # then
    assert "points_each" in refused.value.errors
    assert nothing_written()
    assert balance_of(user=teammate) == 0
    assert balance_of(user=other_team_agent) == 0
    assert remaining_allowance(user=agent) == 100


def test_spending_exactly_the_allowance_is_allowed(agent, teammate, other_team_agent):
    thank(agent, [teammate, other_team_agent], points=50)

    assert remaining_allowance(user=agent) == 0
    assert balance_of(user=teammate) == 50


def test_several_kudos_in_a_month_share_one_allowance(agent, teammate, other_team_agent):
    # given 40 + 2 x 25 = 90 points already given this month
    thank(agent, [teammate], points=40)
    thank(agent, [teammate, other_team_agent], points=25)
    assert remaining_allowance(user=agent) == 10

    # when the next kudos asks for 11
    with pytest.raises(DomainError):
        thank(agent, [other_team_agent], points=11)

    # then it is refused, and the last 10 can still be given
    thank(agent, [other_team_agent], points=10)
    assert GivingAllowance.objects.get(user=agent).spent == 100
    assert balance_of(user=teammate) == 65
    assert balance_of(user=other_team_agent) == 35
    assert Kudos.objects.count() == 3


def test_kudos_without_points_need_no_allowance(agent, teammate):
    thank(agent, [teammate], points=100)

    kudos = thank(agent, [teammate], points=0)

    assert kudos.points_each == 0
    assert LedgerEntry.objects.filter(reference_id=str(kudos.pk)).count() == 0


def test_the_allowance_resets_on_the_first_in_the_organisation_time_zone(agent, teammate):
    # given the whole allowance given late on 31 March in Mexico City (already 1 April in UTC)
    late_march = dt.datetime(2026, 3, 31, 23, 30, tzinfo=MEXICO_CITY)
    thank(agent, [teammate], points=100, now=late_march)

    # when giving again twenty minutes later, still March locally
    with pytest.raises(DomainError):
        thank(agent, [teammate], points=1, now=late_march + dt.timedelta(minutes=20))

    # then the allowance is back right after local midnight
    early_april = dt.datetime(2026, 4, 1, 0, 5, tzinfo=MEXICO_CITY)
    assert remaining_allowance(user=agent, now=early_april) == 100
    thank(agent, [teammate], points=100, now=early_april)
    assert balance_of(user=teammate) == 200
    assert sorted(GivingAllowance.objects.values_list("month", "spent")) == [
        (dt.date(2026, 3, 1), 100),
        (dt.date(2026, 4, 1), 100),
    ]


# --- Effects ------------------------------------------------------------------------------


def test_each_recipient_gets_points_each(agent, teammate, other_team_agent):
    kudos = thank(agent, [teammate, other_team_agent], points=30)

    assert balance_of(user=teammate) == 30
    assert balance_of(user=other_team_agent) == 30
    assert balance_of(user=agent) == 0
    assert GivingAllowance.objects.get(user=agent).spent == 60
    entries = LedgerEntry.objects.filter(reference_id=str(kudos.pk))
    assert sorted(entries.values_list("account_id", "amount", "kind")) == sorted(
        [(teammate.pk, 30, "kudos"), (other_team_agent.pk, 30, "kudos")]
    )
    assert mismatched_balances() == []


def test_naming_a_colleague_twice_thanks_them_once(agent, teammate):
    kudos = thank(agent, [teammate, teammate], points=30)

    assert list(kudos.recipients.all()) == [teammate]
    assert balance_of(user=teammate) == 30
    assert GivingAllowance.objects.get(user=agent).spent == 30


def test_recipients_get_an_in_app_notification(agent, teammate, other_team_agent):
    kudos = thank(agent, [teammate, other_team_agent], points=5)

    notified = Notification.objects.filter(kind="kudos")
    assert sorted(notified.values_list("user_id", flat=True)) == sorted(
        [teammate.pk, other_team_agent.pk]
    )
    assert all(str(kudos.pk) in n.url for n in notified)
    assert not Notification.objects.filter(user=agent).exists()


def test_giving_kudos_writes_an_audit_row(agent, teammate):
    kudos = thank(agent, [teammate], points=15)

    event = AuditEvent.objects.get(verb="kudos.given")
    assert event.actor == agent
    assert (event.target_type, event.target_id) == ("recognition.kudos", str(kudos.pk))
    assert event.data == {"recipients": [teammate.pk], "points_each": 15}


# --- Idempotency --------------------------------------------------------------------------


def test_the_same_key_and_request_returns_the_first_kudos(agent, teammate):
    first = thank(agent, [teammate], points=20, idempotency_key="k-1")

    again = thank(agent, [teammate], points=20, idempotency_key="k-1")

    assert again.pk == first.pk
    assert Kudos.objects.count() == 1
    assert LedgerEntry.objects.count() == 1
    assert balance_of(user=teammate) == 20
    assert GivingAllowance.objects.get(user=agent).spent == 20
    assert Notification.objects.filter(kind="kudos").count() == 1


def test_the_same_key_with_a_different_message_is_a_conflict(agent, teammate):
    thank(agent, [teammate], points=20, idempotency_key="k-1")

    with pytest.raises(ConflictError) as refused:
        thank(agent, [teammate], points=20, idempotency_key="k-1", message="Something else")

    assert refused.value.status_code == 409
    assert Kudos.objects.count() == 1
    assert balance_of(user=teammate) == 20


def test_the_same_key_with_different_points_is_a_conflict(agent, teammate):
    thank(agent, [teammate], points=20, idempotency_key="k-1")

    with pytest.raises(ConflictError):
        thank(agent, [teammate], points=30, idempotency_key="k-1")

    assert balance_of(user=teammate) == 20


def test_keys_belong_to_their_giver_so_two_people_may_pick_the_same_one(
    agent, teammate, other_team_agent
):
    thank(agent, [teammate], points=20, idempotency_key="k-1")

    thank(other_team_agent, [teammate], points=20, idempotency_key="k-1")

    assert Kudos.objects.count() == 2
    assert balance_of(user=teammate) == 40
