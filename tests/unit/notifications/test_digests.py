"""Weekly digests: each person's last week, on their own Monday morning, once; nothing sent
for a week with nothing to say; a digest is its owner's alone."""

from __future__ import annotations

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import transaction
from django.urls import reverse

from notifications.digests import Section, register_section, registered_sections
from notifications.models import Digest, Notification
from notifications.services.digests import compose_digest, send_due_digests
from people.models import Role
from recognition.models import LedgerEntry, RewardItem
from recognition.services.kudos import give_kudos
from recognition.services.ledger import lock_balances, post_entry
from recognition.services.redemptions import request_redemption
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

# Monday 30 November 2026; the digest covers Monday 23 to Sunday 29 November.
MONDAY = dt.date(2026, 11, 30)
LAST_WEEK = dt.date(2026, 11, 23)
ZONES = ("America/Bogota", "Europe/Madrid", "Asia/Manila")


def local(zone: str, day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(zone))


def thank(giver, recipient, *, at: dt.datetime, message: str, points: int = 0):  # type: ignore[no-untyped-def]
    with time_machine.travel(at, tick=False):
        return give_kudos(
            giver=giver,
            recipient_ids=[recipient.pk],
            message=message,
            value_slugs=["teamwork"],
            points_each=points,
        )


def run(at: dt.datetime, capture) -> int:  # type: ignore[no-untyped-def]
    with time_machine.travel(at, tick=False), capture(execute=True):
        return send_due_digests()


def set_zone(*people, zone: str) -> None:  # type: ignore[no-untyped-def]
    for person in people:
        person.time_zone = ZoneInfo(zone)
        person.save(update_fields=["time_zone"])


@pytest.mark.parametrize("zone", ZONES)
def test_sent_on_the_persons_local_monday_morning_not_before_and_once(
    zone, agent, teammate, django_capture_on_commit_callbacks
):
    # given an agent thanked late on Sunday of last week (their clock) and early this Monday
    set_zone(agent, teammate, zone=zone)
    thank(teammate, agent, at=local(zone, MONDAY, 0) - dt.timedelta(minutes=30), message="Sunday")
    thank(teammate, agent, at=local(zone, MONDAY, 0, 30), message="This week")

    # when the beat runs just before 08:00 on their Monday, then at 08:00 and again later
    before = run(local(zone, MONDAY, 7, 59), django_capture_on_commit_callbacks)
    assert before == 0
    assert not Digest.objects.exists()
    first = run(local(zone, MONDAY, 8, 0), django_capture_on_commit_callbacks)
    again = run(local(zone, MONDAY, 8, 15), django_capture_on_commit_callbacks)

    # then one digest of last week, announced once in the inbox and once by e-mail
    assert (first, again) == (1, 0)
    digest = Digest.objects.get(user=agent)
    assert digest.week_start == LAST_WEEK
    assert Notification.objects.filter(user=agent, kind="digest").count() == 1
    assert [m.to for m in mail.outbox] == [[agent.email]]
    body = mail.outbox[0].body
    assert "Sunday" in body
    assert "This week" not in body  # this week's kudos waits for next Monday
    html = mail.outbox[0].alternatives[0][0]
    assert "Sunday" in html
    assert reverse("notifications:digest", kwargs={"pk": digest.pk}) in html


def test_people_in_other_time_zones_wait_for_their_own_monday(
    agent, teammate, django_capture_on_commit_callbacks
):
    # given an agent in Bogotá and a teammate in Manila, both thanked last week
    set_zone(agent, zone="America/Bogota")
    set_zone(teammate, zone="Asia/Manila")
    thank(teammate, agent, at=local("UTC", LAST_WEEK, 15), message="For Ana")
    thank(agent, teammate, at=local("UTC", LAST_WEEK, 15), message="For Tomás")

    # when it is Monday 09:00 in Manila (Sunday evening in Bogotá)
    run(local("Asia/Manila", MONDAY, 9), django_capture_on_commit_callbacks)

    # then only the teammate has their digest; the agent gets theirs on their own Monday
    assert list(Digest.objects.values_list("user", flat=True)) == [teammate.pk]
    run(local("America/Bogota", MONDAY, 9), django_capture_on_commit_callbacks)
    assert set(Digest.objects.values_list("user", flat=True)) == {agent.pk, teammate.pk}


def test_after_the_morning_window_last_weeks_digest_is_not_sent(
    agent, teammate, django_capture_on_commit_callbacks
):
    thank(teammate, agent, at=local("UTC", LAST_WEEK, 15), message="Thanks")
    zone = agent.time_zone.key

    assert run(local(zone, MONDAY, 11, 0), django_capture_on_commit_callbacks) == 0
    tuesday = MONDAY + dt.timedelta(days=1)
    assert run(local(zone, tuesday, 9), django_capture_on_commit_callbacks) == 0
    assert not Digest.objects.exists()


def test_a_week_with_nothing_to_say_sends_nothing_and_is_not_built_again(
    agent, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    zone = agent.time_zone.key
    run(local(zone, MONDAY, 8), django_capture_on_commit_callbacks)

    # then the week is recorded as checked, unsent, and nobody hears of it
    digest = Digest.objects.get(user=agent)
    assert (digest.sent, digest.sections) == (False, {})
    assert not Notification.objects.filter(user=agent).exists()
    assert mail.outbox == []
    assert reverse("notifications:digest", kwargs={"pk": digest.pk})
    # and the next runs of that morning only look: two queries, nobody built again
    with django_assert_max_num_queries(2):
        assert run(local(zone, MONDAY, 8, 15), django_capture_on_commit_callbacks) == 0


def test_an_agents_digest_has_their_kudos_and_nobody_elses_numbers(
    client, agent, teammate, other_team_agent, django_capture_on_commit_callbacks
):
    # given kudos for the agent, and more kudos and points for others the same week
    at = local("UTC", LAST_WEEK + dt.timedelta(days=2), 15)
    thank(teammate, agent, at=at, message="Thanks for covering my calls", points=5)
    thank(agent, teammate, at=at, message="You saved my shift", points=7)
    thank(other_team_agent, teammate, at=at, message="Legendary", points=9)

    run(local(agent.time_zone.key, MONDAY, 9), django_capture_on_commit_callbacks)

    # then the agent reads who thanked them, with the message and what they earned
    digest = Digest.objects.get(user=agent)
    client.force_login(agent)
    page = client.get(reverse("notifications:digest", kwargs={"pk": digest.pk})).content.decode()
    assert "Tomás Teammate thanked you and gave you 5 points." in page
    assert "Thanks for covering my calls" in page
    assert "You earned 5 points." in page
    # and nothing about anyone else: their messages, points, a rank or a comparison
    written = json.dumps(digest.sections, ensure_ascii=False)
    english = digest.sections["en"]
    for other in ("You saved my shift", "Legendary", "rank", "top", "average", "team"):
        assert other not in written
    texts = [i["text"] for section in english for i in section["items"]]
    assert {n for text in texts for n in re.findall(r"\d+", text)} == {"5"}


def test_a_lead_who_is_also_an_agent_gets_one_digest_with_both_parts(
    team, other_team, teammate, django_capture_on_commit_callbacks
):
    # given a person who is an agent of one team and leads another with a pending request
    person = UserFactory(display_name="Dana Double")
    MembershipFactory(user=person, team=team, role=Role.AGENT)
    MembershipFactory(user=person, team=other_team, role=Role.LEAD)
    thank(teammate, person, at=local("UTC", LAST_WEEK, 15), message="Thanks, Dana")
    register_section(
        "test.lead_note",
        audience="lead",
        order=1,
        build=lambda user, start, end: Section(title="For leads", items=()),
    )
    try:
        run(local(person.time_zone.key, MONDAY, 9), django_capture_on_commit_callbacks)
    finally:
        from notifications import digests

        digests._SECTIONS.pop("test.lead_note")

    # then one digest, the agent's part first
    [digest] = Digest.objects.filter(user=person)
    names = [section["name"] for section in digest.sections["en"]]
    assert names == ["recognition.kudos", "test.lead_note", "wellbeing.team_trends"]
    assert Notification.objects.filter(user=person, kind="digest").count() == 1


def test_every_app_registers_its_sections_without_notifications_importing_it():
    sections = registered_sections()
    assert {
        "recognition.kudos",
        "recognition.earned",
        "recognition.approvals",
        "performance.feedback",
        "performance.integrations",
        "careers.endorsements",
        "careers.promotion_queue",
        "wellbeing.team_trends",
        "wellbeing.company_trends",
    } <= set(sections)
    assert sections["recognition.approvals"].audiences == {"lead", "hr"}


def test_the_digest_is_written_in_the_readers_language(
    agent, teammate, django_capture_on_commit_callbacks
):
    agent.preferred_language = "es"
    agent.save(update_fields=["preferred_language"])
    thank(teammate, agent, at=local("UTC", LAST_WEEK, 15), message="Gracias")

    run(local(agent.time_zone.key, MONDAY, 9), django_capture_on_commit_callbacks)

    digest = Digest.objects.get(user=agent)
    assert digest.language == "es"
    assert digest.sections["es"][0]["items"][0]["text"] == "Tomás Teammate te dio las gracias."
    assert digest.sections["en"][0]["items"][0]["text"] == "Tomás Teammate thanked you."
    assert "Hola, Ana:" in mail.outbox[0].body


# --- The pages --------------------------------------------------------------------------


def _sent_digest(user, week_start=LAST_WEEK) -> Digest:  # type: ignore[no-untyped-def]
    return Digest.objects.create(
        user=user,
        week_start=week_start,
        language="en",
        sent=True,
        sections={
            "en": [
                {
                    "name": "recognition.kudos",
                    "title": "Kudos you received",
                    "items": [{"text": "Secret thanks", "detail": "", "url": ""}],
                    "note": "",
                    "url": "",
                }
            ]
        },
    )


@pytest.mark.parametrize("viewer", ["teammate", "team_lead", "hr_admin", "other_team_agent"])
def test_a_digest_is_private_to_its_owner(client, request, agent, viewer):
    digest = _sent_digest(agent)
    url = reverse("notifications:digest", kwargs={"pk": digest.pk})

    client.force_login(request.getfixturevalue(viewer))
    assert client.get(url).status_code == 404
    assert "Secret thanks" not in client.get(reverse("notifications:digests")).content.decode()

    client.force_login(agent)
    assert "Secret thanks" in client.get(url).content.decode()


def test_an_unsent_week_has_no_page(client, agent):
    digest = Digest.objects.create(user=agent, week_start=LAST_WEEK, language="en", sent=False)
    client.force_login(agent)
    assert client.get(reverse("notifications:digest", kwargs={"pk": digest.pk})).status_code == 404


def test_the_list_shows_ones_past_digests_at_a_fixed_number_of_queries(
    client, agent, django_assert_max_num_queries
):
    for weeks in range(12):
        _sent_digest(agent, LAST_WEEK - dt.timedelta(weeks=weeks))
    client.force_login(agent)

    with django_assert_max_num_queries(8):
        response = client.get(reverse("notifications:digests"))

    assert response.status_code == 200
    assert response.content.decode().count(reverse("notifications:digests")) >= 1
    assert len(response.context["page"].object_list) == 12


def test_building_a_digest_takes_a_fixed_number_of_queries(
    agent, teammate, team_lead, django_assert_max_num_queries
):
    # given an agent thanked many times last week
    for n in range(15):
        thank(teammate, agent, at=local("UTC", LAST_WEEK, 10, n), message=f"Thanks {n}", points=1)

    with django_assert_max_num_queries(16):
        digest = compose_digest(user=agent, week_start=LAST_WEEK)

    assert digest is not None
    assert digest.sent
    kudos = digest.sections["en"][0]
    assert len(kudos["items"]) == 10
    assert kudos["note"] == "And 5 more kudos."


def test_a_section_that_breaks_for_one_person_holds_up_nobody_else(
    agent, teammate, team_lead, django_capture_on_commit_callbacks
):
    # given a lead whose digest raises, and two agents thanked last week
    thank(teammate, agent, at=local("UTC", LAST_WEEK, 15), message="Thanks")
    thank(agent, teammate, at=local("UTC", LAST_WEEK, 15), message="Thanks back")

    def broken(user, start, end):  # type: ignore[no-untyped-def]
        raise RuntimeError("a bug in a section")

    register_section("test.broken", audience="lead", order=1, build=broken)
    try:
        sent = run(local(agent.time_zone.key, MONDAY, 9), django_capture_on_commit_callbacks)
    finally:
        from notifications import digests

        digests._SECTIONS.pop("test.broken")

    # then the agents have theirs and the lead is tried again at the next run
    assert sent == 2
    assert set(Digest.objects.values_list("user", flat=True)) == {agent.pk, teammate.pk}
    run(local(agent.time_zone.key, MONDAY, 9, 15), django_capture_on_commit_callbacks)
    assert Digest.objects.filter(user=team_lead).exists()


@pytest.mark.parametrize(("persona", "most"), [("team_lead", 22), ("hr_admin", 18)])
def test_a_leads_and_hrs_digest_take_a_fixed_number_of_queries(
    request, persona, most, agent, teammate, make_pending_requests, django_assert_max_num_queries
):
    # given requests waiting for a decision and kudos in the team last week
    make_pending_requests(agent, teammate)
    viewer = request.getfixturevalue(persona)

    with django_assert_max_num_queries(most):
        digest = compose_digest(user=viewer, week_start=LAST_WEEK)

    assert digest is not None
    assert "recognition.approvals" in [s["name"] for s in digest.sections["en"]]


@pytest.fixture
def make_pending_requests(db):  # type: ignore[no-untyped-def]
    def make(*people):  # type: ignore[no-untyped-def]
        item = RewardItem.objects.create(name_en="Extra break", name_es="Pausa extra", cost=5)
        for person in people:
            with transaction.atomic():
                lock_balances(user_ids=[person.pk])
                post_entry(
                    account_id=person.pk,
                    amount=5,
                    kind=LedgerEntry.Kind.TRAINING,
                    idempotency_key=f"test:{person.pk}",
                )
            request_redemption(user=person, item_id=item.pk)

    return make


def test_a_digest_reads_in_the_language_its_reader_uses_now(
    client, agent, teammate, django_capture_on_commit_callbacks
):
    # given a digest sent to an agent who read Cuida in Spanish then
    agent.preferred_language = "es"
    agent.save(update_fields=["preferred_language"])
    thank(teammate, agent, at=local("UTC", LAST_WEEK, 15), message="Gracias, Ana")
    run(local(agent.time_zone.key, MONDAY, 9), django_capture_on_commit_callbacks)
    digest = Digest.objects.get(user=agent)

    # when they switch to English and open it
    agent.preferred_language = "en"
    agent.save(update_fields=["preferred_language"])
    client.force_login(agent)
    page = client.get(
        reverse("notifications:digest", kwargs={"pk": digest.pk}), HTTP_ACCEPT_LANGUAGE="en"
    )

    # then it reads in English, with the words their teammate wrote as written
    body = page.content.decode()
    assert "Tomás Teammate thanked you." in body
    assert "te dio las gracias" not in body
    assert "Gracias, Ana" in body
