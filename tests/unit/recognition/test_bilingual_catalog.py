"""Rewards and badges in both languages: each reader sees their own, on the page and in the
API; HR writes both; upgrading keeps every existing text; the demo speaks both."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from recognition import demo
from recognition.models import BadgeClass, RewardItem
from recognition.services.badges import award_badge
from recognition.services.redemptions import request_redemption
from tests.unit.recognition.test_redemptions import grant

BEFORE_BILINGUAL = ("recognition", "0006_ledger_memo_key_and_params")


@pytest.fixture
def half_day(db):  # type: ignore[no-untyped-def]
    return RewardItem.objects.create(
        name_en="Half day off",
        name_es="Media jornada libre",
        description_en="Agreed with your lead.",
        description_es="Acordada con tu líder.",
        cost=40,
    )


@pytest.fixture
def calm(db):  # type: ignore[no-untyped-def]
    return BadgeClass.objects.create(
        slug="calm",
        name_en="Calm Under Fire",
        name_es="Calma bajo presión",
        description_en="Turns angry calls into solved ones.",
        description_es="Convierte llamadas tensas en casos resueltos.",
        criteria_en="Completed the de-escalation path.",
        criteria_es="Completó la ruta de desescalada.",
    )


def reader(agent, language):  # type: ignore[no-untyped-def]
    agent.preferred_language = language
    agent.save(update_fields=["preferred_language"])
    return agent


# --- Rewards --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("es", ["Media jornada libre", "Acordada con tu líder."], ["Half day off", "Agreed"]),
        ("en", ["Half day off", "Agreed with your lead."], ["Media jornada", "Acordada"]),
    ],
)
def test_catalog_page_shows_rewards_in_the_readers_language(
    client, agent, half_day, language, shown, hidden
):
    client.force_login(reader(agent, language))

    page = client.get(reverse("recognition:catalog")).content.decode()

    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


@pytest.mark.parametrize(
    ("language", "name", "description"),
    [
        ("es", "Media jornada libre", "Acordada con tu líder."),
        ("en", "Half day off", "Agreed with your lead."),
    ],
)
def test_rewards_api_answers_in_the_requests_language(
    api_client, agent, half_day, language, name, description
):
    api_client.force_authenticate(agent)

    response = api_client.get("/api/v1/recognition/rewards/", HTTP_ACCEPT_LANGUAGE=language)

    item = next(i for i in response.json()["results"] if i["id"] == half_day.pk)
    assert (item["name"], item["description"]) == (name, description)


def test_reward_requests_name_the_reward_in_the_readers_language(client, agent, half_day):
    # given a pending request for the half day
    grant(agent, 100)
    request_redemption(user=agent, item_id=half_day.pk)
    client.force_login(reader(agent, "es"))

    page = client.get(reverse("recognition:my_redemptions")).content.decode()

    assert "Media jornada libre" in page
    assert "Half day off" not in page


def test_catalog_is_sorted_by_the_readers_name(api_client, agent):
    for name_en, name_es in [("Apple", "Zanahoria"), ("Zebra", "Abeja")]:
        RewardItem.objects.create(name_en=name_en, name_es=name_es, cost=10)
    api_client.force_authenticate(agent)

    spanish = api_client.get("/api/v1/recognition/rewards/", HTTP_ACCEPT_LANGUAGE="es").json()
    english = api_client.get("/api/v1/recognition/rewards/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert [i["name"] for i in spanish["results"]] == ["Abeja", "Zanahoria"]
    assert [i["name"] for i in english["results"]] == ["Apple", "Zebra"]


# --- Badges ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("es", ["Calma bajo presión", "Convierte llamadas tensas"], ["Calm Under Fire"]),
        ("en", ["Calm Under Fire", "Turns angry calls into solved ones."], ["Calma bajo"]),
    ],
)
def test_my_badges_page_shows_the_badge_in_the_readers_language(
    client, agent, team_lead, calm, language, shown, hidden
):
    award_badge(badge_class=calm, recipient=agent, awarded_by=team_lead)
    client.force_login(reader(agent, language))

    page = client.get(reverse("recognition:my_badges")).content.decode()

    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "es",
            ("Calma bajo presión", "Convierte llamadas tensas en casos resueltos.", "Completó"),
        ),
        ("en", ("Calm Under Fire", "Turns angry calls into solved ones.", "Completed")),
    ],
)
def test_badge_classes_api_answers_in_the_requests_language(
    api_client, agent, calm, language, expected
):
    api_client.force_authenticate(agent)

    response = api_client.get("/api/v1/recognition/badge-classes/", HTTP_ACCEPT_LANGUAGE=language)

    badge = next(b for b in response.json()["results"] if b["slug"] == "calm")
    assert badge["name"] == expected[0]
    assert badge["description"] == expected[1]
    assert badge["criteria"].startswith(expected[2])


def test_an_english_text_left_empty_reads_as_the_spanish_one(api_client, agent, calm):
    BadgeClass.objects.filter(pk=calm.pk).update(description_en="", criteria_en="")
    api_client.force_authenticate(agent)

    response = api_client.get("/api/v1/recognition/badge-classes/", HTTP_ACCEPT_LANGUAGE="en")

    badge = next(b for b in response.json()["results"] if b["slug"] == "calm")
    assert badge["name"] == "Calm Under Fire"
    assert badge["description"] == "Convierte llamadas tensas en casos resueltos."
    assert badge["criteria"] == "Completó la ruta de desescalada."


def test_open_badges_document_is_in_spanish_whoever_asks(client, calm):
    response = client.get(
        reverse("openbadges:badge_class", args=["calm"]), HTTP_ACCEPT_LANGUAGE="en"
    )

    document = response.json()
    assert document["@language"] == "es"
    assert document["name"] == "Calma bajo presión"
    assert document["description"] == "Convierte llamadas tensas en casos resueltos."
    assert document["criteria"] == {"narrative": "Completó la ruta de desescalada."}


# --- HR writes both languages ---------------------------------------------------------------


def test_hr_writes_a_badge_in_both_languages_in_the_admin(client, staff_user):
    client.force_login(staff_user)
    fields = {
        "slug": "night-owl",
        "name_en": "Night Owl",
        "name_es": "Ave nocturna",
        "description_en": "",
        "description_es": "Cubrió un turno de noche.",
        "criteria_en": "Cover a night shift.",
        "criteria_es": "Cubre un turno de noche.",
        "active": "on",
    }

    response = client.post(reverse("admin:recognition_badgeclass_add"), fields)

    assert response.status_code == 302
    badge = BadgeClass.objects.get(slug="night-owl")
    assert (badge.name_en, badge.name_es) == ("Night Owl", "Ave nocturna")
    assert (badge.criteria_en, badge.criteria_es) == (
        "Cover a night shift.",
        "Cubre un turno de noche.",
    )


@pytest.mark.parametrize("missing", ["name_es", "name_en", "description_es", "criteria_es"])
def test_admin_refuses_a_badge_without_a_required_text(client, staff_user, missing):
    client.force_login(staff_user)
    fields = {
        "slug": "night-owl",
        "name_en": "Night Owl",
        "name_es": "Ave nocturna",
        "description_es": "Cubrió un turno de noche.",
        "criteria_es": "Cubre un turno de noche.",
        missing: "",
    }

    response = client.post(reverse("admin:recognition_badgeclass_add"), fields)

    assert response.status_code == 200
    assert missing in response.context["adminform"].form.errors
    assert not BadgeClass.objects.exists()


def test_hr_renames_a_reward_in_spanish_in_the_admin(client, staff_user, half_day):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:recognition_rewarditem_change", args=[half_day.pk]),
        {
            "name_en": "Half day off",
            "name_es": "Medio día libre",
            "description_en": "",
            "description_es": "Acordado con tu líder.",
            "cost": "40",
            "stock": "",
            "active": "on",
        },
    )

    assert response.status_code == 302
    half_day.refresh_from_db()
    assert (half_day.name_en, half_day.name_es) == ("Half day off", "Medio día libre")
    assert half_day.description_en == ""


# --- Upgrading keeps every text -------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_upgrade_copies_each_single_language_text_into_both_languages():
    # given badges and rewards as they were stored before they became bilingual
    call_command("migrate", *BEFORE_BILINGUAL, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(BEFORE_BILINGUAL).apps
    old.get_model("recognition", "BadgeClass").objects.create(
        slug="patience",
        name="Paciencia de oro",
        description="Mantuvo la calma.",
        criteria="Un líder lo vio.",
    )
    old.get_model("recognition", "RewardItem").objects.create(
        name="Extra paid break", description="Fifteen minutes.", cost=60
    )

    # when the upgrade migrates
    call_command("migrate", "recognition", verbosity=0)

    # then every reader still reads the text HR wrote, in whichever language it was
    badge = BadgeClass.objects.get(slug="patience")
    assert (badge.name_es, badge.name_en) == ("Paciencia de oro", "Paciencia de oro")
    assert (badge.description_es, badge.description_en) == ("Mantuvo la calma.",) * 2
    assert (badge.criteria_es, badge.criteria_en) == ("Un líder lo vio.",) * 2
    item = RewardItem.objects.get()
    assert (item.name_es, item.name_en) == ("Extra paid break", "Extra paid break")
    assert (item.description_es, item.description_en) == ("Fifteen minutes.",) * 2


# --- Demo -----------------------------------------------------------------------------------


def test_demo_catalog_speaks_both_languages_and_refreshes_older_demo_rows(db):
    # given a demo database seeded before the catalog became bilingual (the migration
    # copied the English texts into both languages), with one reward already redeemed
    BadgeClass.objects.create(
        slug="patience",
        name_en="Patience Pro",
        name_es="Patience Pro",
        description_es="Stayed calm and kind with a very difficult customer.",
        criteria_es="A lead saw it on a call or a customer praised it.",
    )
    RewardItem.objects.create(name_en="Half day off", name_es="Half day off", cost=400, stock=2)

    # when the demo is seeded, twice
    demo.seed_demo_recognition()
    counts = (BadgeClass.objects.count(), RewardItem.objects.count())
    demo.seed_demo_recognition()

    # then the rows gained Spanish, kept their stock, and nothing was duplicated
    assert (BadgeClass.objects.count(), RewardItem.objects.count()) == counts == (3, 5)
    patience = BadgeClass.objects.get(slug="patience")
    assert (patience.name_en, patience.name_es) == ("Patience Pro", "Paciencia de oro")
    half_day = RewardItem.objects.get(name_en="Half day off")
    assert (half_day.name_es, half_day.stock) == ("Media jornada libre", 2)
    for badge in BadgeClass.objects.all():
        assert badge.name_es != badge.name_en
        assert badge.description_es != badge.description_en
        assert badge.criteria_es != badge.criteria_en
    for item in RewardItem.objects.all():
        assert item.name_es != item.name_en
        assert item.description_es != item.description_en
