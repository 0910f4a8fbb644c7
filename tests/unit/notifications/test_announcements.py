"""HR's company announcements and ``notify_many``: one message to everyone, in each reader's
language, in the inbox and by e-mail, in a number of queries that does not grow with the
number of people."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.counters import UNREAD_NOTIFICATIONS, cached_count
from core.exceptions import DomainError, PermissionDeniedError
from core.models import AuditEvent
from notifications.models import Delivery, Notification
from notifications.selectors import unread_count
from notifications.services.announcements import notify_many, send_company_announcement
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# A Monday morning in Mexico City (TIME_ZONE): outside everyone's quiet hours.
MORNING = dt.datetime(2026, 3, 2, 16, 0, tzinfo=dt.UTC)
ENGLISH = "The office is closed on Friday."
SPANISH = "La oficina cierra el viernes."


def announce(actor, **overrides):  # type: ignore[no-untyped-def]
    fields = {"message_en": ENGLISH, "message_es": SPANISH, "url": "", **overrides}
    return send_company_announcement(actor=actor, **fields)


def inbox_text(user, language: str) -> str:  # type: ignore[no-untyped-def]
    [notification] = Notification.objects.filter(user=user)
    with translation.override(language):
        return notification.text


# --- The service --------------------------------------------------------------------------


def test_an_announcement_reaches_every_active_person_in_their_language(hr_admin, agent, teammate):
    # given a Spanish-speaking agent, an English-speaking teammate and someone who left
    agent.preferred_language = "es"
    agent.save()
    gone = UserFactory(is_active=False)

    # when HR announces
    reached = announce(hr_admin, url="/recognition/")

    # then everyone still here reads it in their language, with the link, and nobody else
    assert reached == 3
    assert Notification.objects.filter(user=gone).count() == 0
    assert inbox_text(agent, "es") == SPANISH
    assert inbox_text(teammate, "en") == ENGLISH
    assert inbox_text(hr_admin, "en") == ENGLISH
    assert Notification.objects.get(user=agent).message == SPANISH
    assert set(Notification.objects.values_list("url", flat=True)) == {"/recognition/"}
    # and reading it in the other language shows the other text
    assert inbox_text(agent, "en") == ENGLISH


def test_each_person_gets_the_announcement_by_email_in_their_language(
    hr_admin, agent, teammate, django_capture_on_commit_callbacks
):
    agent.preferred_language = "es"
    agent.save()

    with (
        time_machine.travel(MORNING, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        announce(hr_admin)

    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert set(bodies) == {agent.email, teammate.email, hr_admin.email}
    assert SPANISH in bodies[agent.email]
    assert ENGLISH in bodies[teammate.email]
    assert set(Delivery.objects.values_list("status", flat=True)) == {Delivery.Status.SENT}


def test_the_announcement_is_audited_with_what_was_said_and_to_how_many(hr_admin, agent):
    announce(hr_admin, url="/careers/")

    event = AuditEvent.objects.get(verb="announcement.sent")
    assert event.actor == hr_admin
    assert event.data == {
        "message_en": ENGLISH,
        "message_es": SPANISH,
        "url": "/careers/",
        "people": 2,
    }


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_only_hr_may_announce(request, persona):
    someone = request.getfixturevalue(persona)

    with pytest.raises(PermissionDeniedError):
        announce(someone)

    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(verb="announcement.sent").exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"message_en": "   "}, "message_en"),
        ({"message_es": ""}, "message_es"),
        ({"message_es": "x" * 301}, "message_es"),
        ({"url": "https://elsewhere.example/"}, "url"),
        ({"url": "//elsewhere.example/"}, "url"),
        ({"url": "/with space/"}, "url"),
    ],
)
def test_an_announcement_needs_both_texts_and_a_link_inside_cuida(
    hr_admin, agent, overrides, field
):
    with pytest.raises(DomainError) as refusal:
        announce(hr_admin, **overrides)

    assert list(refusal.value.errors) == [field]
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(verb="announcement.sent").exists()


# --- notify_many --------------------------------------------------------------------------


def test_a_person_listed_twice_is_told_once(agent, teammate):
    told = notify_many(
        users=[agent, teammate, agent],
        kind="announcement",
        message_key="notifications.announcement",
        params={"text": {"en": ENGLISH, "es": SPANISH}},
    )

    assert told == 2
    assert Notification.objects.filter(user=agent).count() == 1
    assert Delivery.objects.filter(user=agent, channel="email").count() == 1


def test_the_unread_badge_counts_the_new_message_at_once(agent):
    def badge() -> int:
        return cached_count(
            UNREAD_NOTIFICATIONS, user_id=agent.pk, count=lambda: unread_count(user=agent)
        )

    assert badge() == 0  # now in the cache

    notify_many(
        users=[agent],
        kind="announcement",
        message_key="notifications.announcement",
        params={"text": {"en": ENGLISH, "es": SPANISH}},
    )

    assert badge() == 1


def test_an_unknown_kind_or_key_is_refused_and_nothing_is_written(agent):
    with pytest.raises(ValueError, match="belongs to no NotificationKind"):
        notify_many(users=[agent], kind="nope", message_key="notifications.announcement", params={})
    with pytest.raises(ValueError, match="Unknown message key"):
        notify_many(users=[agent], kind="announcement", message_key="nope", params={})

    assert not Notification.objects.exists()


def test_telling_fifty_people_costs_no_more_queries_than_telling_three(
    django_assert_num_queries,
):
    few = [UserFactory(preferred_language=lang) for lang in ("es", "en", "es")]
    many = [UserFactory(preferred_language=("es", "en")[n % 2]) for n in range(50)]

    def tell(users):  # type: ignore[no-untyped-def]
        return notify_many(
            users=users,
            kind="announcement",
            message_key="notifications.announcement",
            params={"text": {"en": ENGLISH, "es": SPANISH}},
        )

    with CaptureQueriesContext(connection) as for_few:
        tell(few)
    with django_assert_num_queries(len(for_few.captured_queries)):
        tell(many)
    assert Notification.objects.count() == 53


# --- The page -----------------------------------------------------------------------------


def test_hr_sends_an_announcement_from_the_page_and_sees_how_many_it_reached(
    client, hr_admin, agent, teammate
):
    client.force_login(hr_admin)
    url = reverse("notifications:announcements")

    response = client.post(
        url, {"message_en": ENGLISH, "message_es": SPANISH, "url": "/recognition/"}, follow=True
    )

    assert response.redirect_chain == [(url, 302)]
    assert "Announcement sent to 3 people." in response.content.decode()
    assert Notification.objects.filter(user=agent, url="/recognition/").exists()


def test_the_page_shows_what_is_missing_next_to_its_field(client, hr_admin, agent):
    client.force_login(hr_admin)

    response = client.post(
        reverse("notifications:announcements"),
        {"message_en": ENGLISH, "message_es": "", "url": "https://elsewhere.example/"},
    )

    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors["message_es"]
    assert not Notification.objects.exists()


def test_a_link_outside_cuida_is_shown_on_the_link_field(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("notifications:announcements"),
        {"message_en": ENGLISH, "message_es": SPANISH, "url": "https://elsewhere.example/"},
    )

    assert response.status_code == 400
    assert "starting with “/”" in " ".join(response.context["form"].errors["url"])
    assert not Notification.objects.exists()


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_only_hr_may_open_the_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse("notifications:announcements"))

    assert response.status_code == 403


def test_the_hr_dashboard_links_to_the_page(client, hr_admin):
    client.force_login(hr_admin)

    response = client.get(reverse("people:hr_dashboard"))

    assert reverse("notifications:announcements") in response.content.decode()
