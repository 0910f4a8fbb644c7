"""Rules in both languages: HR names each rule in Spanish and English, the rules list shows
names, messages and event types in the reader's language, upgrading keeps every name, and
the default rules of an older install gain their Spanish."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from performance.defaults import install_default_rules
from performance.models import EventType, Rule
from recognition.models import BadgeClass
from tests.unit.performance.test_pages import rule_post

BEFORE_BILINGUAL = ("performance", "0002_event_types_and_default_rules")


@pytest.fixture
def rules(db):  # type: ignore[no-untyped-def]
    install_default_rules()


def reader(person, language):  # type: ignore[no-untyped-def]
    person.preferred_language = language
    person.save(update_fields=["preferred_language"])
    return person


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        (
            "es",
            [
                "Evaluación de calidad excelente",
                "Tu evaluación de calidad obtuvo {score}.",
                "Evaluación de calidad</td>",
                "Favorito de los clientes",
            ],
            ["Excellent QA review", "Your QA review scored", "Customer Favourite"],
        ),
        (
            "en",
            [
                "Excellent QA review",
                "Your QA review scored {score}.",
                "QA review</td>",
                "Customer Favourite",
            ],
            ["Evaluación de calidad excelente", "Tu evaluación", "Favorito de los clientes"],
        ),
    ],
)
def test_rules_list_speaks_the_readers_language(client, hr_admin, rules, language, shown, hidden):
    client.force_login(reader(hr_admin, language))

    page = client.get(reverse("performance:rules")).content.decode()

    for text in shown:
        assert text in page
    for text in hidden:
        assert text not in page


def test_rules_list_falls_back_to_the_one_message_written(client, hr_admin, rules):
    # given a rule whose message HR wrote only in English
    rule = Rule.objects.get(name_en="After a hard call")
    rule.effects.update(message_es="")
    client.force_login(reader(hr_admin, "es"))

    page = client.get(reverse("performance:rules")).content.decode()

    assert "That sounded like a tough call." in page


def test_hr_names_a_new_rule_in_both_languages(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("performance:rule_create"),
        rule_post(name_en="Top QA score", name_es="Mejor nota de calidad"),
    )

    assert response.status_code == 302
    rule = Rule.objects.get()
    assert (rule.name_en, rule.name_es) == ("Top QA score", "Mejor nota de calidad")


@pytest.mark.parametrize("missing", ["name_es", "name_en"])
def test_a_rule_without_one_of_its_names_is_refused(client, hr_admin, missing):
    client.force_login(hr_admin)

    response = client.post(reverse("performance:rule_create"), rule_post(**{missing: "  "}))

    assert response.status_code == 400
    assert f'id="id_{missing}_error"' in response.content.decode()
    assert not Rule.objects.exists()


def test_hr_translates_an_existing_rule(client, hr_admin, rules):
    rule = Rule.objects.get(name_en="Excellent QA review")
    client.force_login(reader(hr_admin, "es"))
    form = client.get(reverse("performance:rule_edit", args=[rule.pk])).content.decode()
    assert 'value="Excellent QA review"' in form
    assert 'value="Evaluación de calidad excelente"' in form

    response = client.post(
        reverse("performance:rule_edit", args=[rule.pk]),
        rule_post(
            name_en="Excellent QA review",
            name_es="Evaluación de calidad sobresaliente",
            **{"effects-INITIAL_FORMS": "2"},
        ),
    )

    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.name_es == "Evaluación de calidad sobresaliente"
    assert rule.name_en == "Excellent QA review"


def test_admin_saves_both_names_of_a_rule(client, staff_user, rules):
    client.force_login(staff_user)

    response = client.post(
        reverse("admin:performance_rule_add"),
        {
            "name_en": "Any QA review",
            "name_es": "Cualquier evaluación",
            "event_type": EventType.objects.get(slug="qa_review").pk,
            "condition": "{}",
            "aggregate": "",
            "aggregate_op": ">=",
            "min_count": "1",
            "cooldown_days": "0",
            "active": "on",
            "effects-TOTAL_FORMS": "0",
            "effects-INITIAL_FORMS": "0",
            "effects-MIN_NUM_FORMS": "0",
            "effects-MAX_NUM_FORMS": "1000",
        },
    )

    assert response.status_code == 302
    assert Rule.objects.filter(name_en="Any QA review", name_es="Cualquier evaluación").exists()


@pytest.mark.parametrize(("language", "name"), [("es", "Escalamiento"), ("en", "Escalation")])
def test_rule_form_offers_event_types_in_the_readers_language(
    client, hr_admin, rules, language, name
):
    client.force_login(reader(hr_admin, language))

    page = client.get(reverse("performance:rule_create")).content.decode()

    escalation = EventType.objects.get(slug="escalation")
    assert f'<option value="{escalation.pk}">{name}</option>' in page


# --- Upgrading ------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_upgrade_copies_each_rule_name_into_both_languages():
    # given a rule named as it was before rules became bilingual
    call_command("migrate", *BEFORE_BILINGUAL, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(BEFORE_BILINGUAL).apps
    # (get_or_create: a test that flushed the database before this one took the event
    # types the first migrations wrote)
    qa_review, _new = old.get_model("performance", "EventType").objects.get_or_create(
        slug="qa_review", defaults={"name_en": "QA review", "name_es": "Evaluación de calidad"}
    )
    old.get_model("performance", "Rule").objects.create(
        name="Revisión perfecta", event_type=qa_review, condition={}
    )

    # when the upgrade migrates
    call_command("migrate", "performance", verbosity=0)

    # then both languages read the name HR wrote
    rule = Rule.objects.get()
    assert (rule.name_es, rule.name_en) == ("Revisión perfecta", "Revisión perfecta")


def test_default_rules_of_an_older_install_gain_spanish_and_keep_hr_edits(db):
    # given the default rules an English-only version installed, upgraded by the migration
    # (one name in both fields), and one of them since renamed in Spanish by HR
    install_default_rules()
    for rule in Rule.objects.all():
        rule.name_es = rule.name_en
        rule.save()
    Rule.objects.filter(name_en="Great CSAT week").update(name_es="Semana de CSAT top")
    BadgeClass.objects.filter(slug="customer-favourite").update(name_es="Customer Favourite")
    count = Rule.objects.count()

    # when the defaults are installed again (the demo does it on every run)
    created = install_default_rules()

    # then nothing is duplicated, the untouched names are Spanish, HR's name is kept
    assert (created, Rule.objects.count()) == (0, count)
    names = dict(Rule.objects.values_list("name_en", "name_es"))
    assert names["Excellent QA review"] == "Evaluación de calidad excelente"
    assert names["After a hard call"] == "Después de una llamada difícil"
    assert names["Great CSAT week"] == "Semana de CSAT top"
    badge = BadgeClass.objects.get(slug="customer-favourite")
    assert badge.name_es == "Favorito de los clientes"
