"""A person chooses where each kind of notification reaches them and when; HR sets the
company's defaults and may lock a kind on."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from core.models import AuditEvent
from notifications import routing
from notifications.kinds import EMAIL, KINDS_BY_NAME
from notifications.models import (
    ChannelDefault,
    ChannelPreference,
    Delivery,
    DeliveryHours,
    Notification,
)

pytestmark = pytest.mark.django_db

PAGE = reverse("notifications:preferences")
DEFAULTS = reverse("notifications:company_defaults")


def grid_post(**cells: bool) -> dict[str, str]:
    """The grid as the browser posts it: only ticked boxes are sent."""
    data = {"form": "grid"}
    for kind in KINDS_BY_NAME.values():
        if cells.get(f"{kind.name}__email", EMAIL in kind.channels):
            data[f"{kind.name}__email"] = "on"
    return data


def test_the_page_shows_each_kind_with_its_default(client, agent, django_assert_max_num_queries):
    client.force_login(agent)
    with django_assert_max_num_queries(12):
        response = client.get(PAGE)

    assert response.status_code == 200
    form = response.context["grid_form"]
    assert form["reward__email"].value() is True  # transactional: e-mail by default
    assert form["kudos__email"].value() is False


def test_a_person_turns_kudos_email_on_and_it_is_kept(client, agent):
    client.force_login(agent)

    response = client.post(PAGE, grid_post(kudos__email=True))

    assert response.status_code == 302
    assert routing.grid_for(user_id=agent.pk)["kudos"][EMAIL].enabled is True
    # Only what differs from the default is stored, so later defaults still reach them.
    assert list(ChannelPreference.objects.values_list("kind", "enabled")) == [("kudos", True)]
    assert AuditEvent.objects.filter(verb="notifications.choices_changed").count() == 1


def test_hr_lock_keeps_a_kind_on_whatever_the_person_posts(client, agent):
    ChannelPreference.objects.create(user=agent, kind="reward", channel=EMAIL, enabled=False)
    ChannelDefault.objects.create(kind="reward", channel=EMAIL, enabled=True, locked=True)
    client.force_login(agent)

    client.post(PAGE, grid_post(reward__email=False))

    cell = routing.grid_for(user_id=agent.pk)["reward"][EMAIL]
    assert (cell.enabled, cell.locked) == (True, True)
    page = client.get(PAGE).content.decode()
    assert re.search(r'<input[^>]*name="reward__email"[^>]*disabled', page)
    assert "Your company keeps this on for everyone." in page


def test_the_lock_legend_shows_only_when_something_is_locked(client, agent):
    client.force_login(agent)

    page = client.get(PAGE).content.decode()

    assert "disabled" not in page
    assert "Your company keeps this on for everyone." not in page


def test_hours_are_saved_and_a_shift_end_without_start_is_refused(client, agent):
    client.force_login(agent)
    hours = {
        "form": "hours",
        "quiet_hours_start": "22:00",
        "quiet_hours_end": "06:30",
        "shift_start": "",
        "shift_end": "16:00",
        "daily_cap": "5",
    }

    refused = client.post(PAGE, hours)
    assert refused.status_code == 400
    assert "Give the start of your shift too." in refused.content.decode()
    assert not DeliveryHours.objects.exists()

    client.post(PAGE, {**hours, "shift_start": "08:00"})
    saved = DeliveryHours.objects.get(user=agent)
    assert (saved.shift_end, saved.daily_cap) == (dt.time(16), 5)


def test_a_cap_out_of_range_is_a_field_error(client, agent):
    client.force_login(agent)
    response = client.post(
        PAGE,
        {
            "form": "hours",
            "quiet_hours_start": "22:00",
            "quiet_hours_end": "07:00",
            "daily_cap": "0",
        },
    )
    assert response.status_code == 400
    assert response.context["hours_form"].errors["daily_cap"]


def test_an_unknown_form_is_a_bad_request(client, agent):
    client.force_login(agent)
    assert client.post(PAGE, {"form": "other"}).status_code == 400


def test_only_hr_sets_company_defaults(client, agent, team_lead, hr_admin):
    for someone in (agent, team_lead):
        client.force_login(someone)
        assert client.get(DEFAULTS).status_code == 403
        assert client.post(DEFAULTS, {"kudos__email": "locked"}).status_code == 403
    assert not ChannelDefault.objects.exists()

    client.force_login(hr_admin)
    data = {
        f"{kind}__email": "on" if EMAIL in k.channels else "off"
        for kind, k in KINDS_BY_NAME.items()
    }
    response = client.post(DEFAULTS, {**data, "kudos__email": "locked"})

    assert response.status_code == 302
    kudos = ChannelDefault.objects.get(kind="kudos", channel=EMAIL)
    assert (kudos.enabled, kudos.locked) == (True, True)
    # Only the changed cell is written and audited.
    assert ChannelDefault.objects.count() == 1
    assert AuditEvent.objects.filter(verb="notifications.default_changed").count() == 1


def test_company_default_reaches_people_who_never_chose(agent, teammate):
    ChannelPreference.objects.create(user=teammate, kind="kudos", channel=EMAIL, enabled=False)
    ChannelDefault.objects.create(kind="kudos", channel=EMAIL, enabled=True)

    on = routing.channels_on(kind=KINDS_BY_NAME["kudos"], user_ids=[agent.pk, teammate.pk])

    assert on[EMAIL] == {agent.pk}


def test_hr_sees_failed_deliveries_and_sends_one_again(
    client, agent, hr_admin, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    # given an e-mail that failed for the agent
    notification = Notification.objects.create(user=agent, kind="reward", message="secret words")
    failed = Delivery.objects.create(
        notification=notification,
        user=agent,
        kind="reward",
        channel=EMAIL,
        status=Delivery.Status.FAILED,
        attempts=6,
        last_error="SMTPServerDisconnected: gone",
    )
    health = reverse("notifications:delivery_health")
    client.force_login(agent)
    assert client.get(health).status_code == 403

    # when HR looks
    client.force_login(hr_admin)
    with django_assert_max_num_queries(12):
        page = client.get(health).content.decode()

    # then they see who, where and why, never what it said
    assert "SMTPServerDisconnected: gone" in page
    assert "secret words" not in page

    # and sending it again queues it with fresh attempts
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("notifications:failed_delivery_retry", args=[failed.pk]))
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT
    assert AuditEvent.objects.filter(verb="notifications.delivery_retried").count() == 1
    again = client.post(reverse("notifications:failed_delivery_retry", args=[failed.pk]))
    assert again.status_code == 302  # refused kindly: it is not failed any more


def test_hr_read_the_reasons_cuida_writes_in_their_language(client, agent, hr_admin):
    notification = Notification.objects.create(user=agent, kind="check_in_reminder", message="x")
    Delivery.objects.create(
        notification=notification,
        user=agent,
        kind="check_in_reminder",
        channel=EMAIL,
        status=Delivery.Status.FAILED,
        last_error="Expired: too late to help.",
    )
    hr_admin.preferred_language = "es"
    hr_admin.save(update_fields=["preferred_language"])
    client.force_login(hr_admin)

    page = client.get(reverse("notifications:delivery_health")).content.decode()

    assert "Caducado: ya era demasiado tarde para que sirviera." in page
