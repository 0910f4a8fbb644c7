"""HR's company values (recognition.services.values): both languages, a code made from the
name, an audit row for each change, retire and bring back."""

import pytest
from django.utils import translation

from core.exceptions import ConflictError, DomainError, PermissionDeniedError
from core.models import AuditEvent
from recognition.models import ValueTag
from recognition.selectors import active_values
from recognition.services.kudos import give_kudos
from recognition.services.values import create_value, set_value_active, update_value

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():  # type: ignore[no-untyped-def]
    """The messages are read in English, whatever the catalogue's Spanish says."""
    with translation.override("en"):
        yield


def audit(verb: str, value: ValueTag) -> AuditEvent:
    return AuditEvent.objects.get(verb=verb, target_type="recognition.valuetag", target_id=value.pk)


def test_hr_creates_a_value_with_a_code_made_from_its_name(hr_admin):
    value = create_value(
        actor=hr_admin,
        name_en=" Patience under pressure ",
        name_es="Paciencia bajo presión",
        description_es="Mantuvo la calma.",
    )

    assert value.slug == "patience-under-pressure"
    assert (value.name_en, value.name_es) == ("Patience under pressure", "Paciencia bajo presión")
    assert value.position == ValueTag.objects.exclude(pk=value.pk).count()  # listed last
    assert value in active_values()
    assert audit("recognition.value_created", value).actor == hr_admin


def test_two_names_with_the_same_code_get_different_codes(hr_admin):
    first = create_value(actor=hr_admin, name_en="Care!", name_es="Cuidado")
    second = create_value(actor=hr_admin, name_en="Care?", name_es="Cariño")

    assert (first.slug, second.slug) == ("care", "care-2")


def test_an_english_name_without_letters_takes_the_code_from_the_spanish(hr_admin):
    assert create_value(actor=hr_admin, name_en="★★", name_es="Alegría").slug == "alegria"


def test_a_missing_name_is_a_400_on_that_field_and_writes_nothing(hr_admin):
    before = ValueTag.objects.count()

    with pytest.raises(DomainError) as caught:
        create_value(actor=hr_admin, name_en="Kindness", name_es="  ")

    assert caught.value.status_code == 400
    assert caught.value.errors == {"name_es": ["Give the name in Spanish."]}
    assert ValueTag.objects.count() == before
    assert not AuditEvent.objects.filter(verb="recognition.value_created").exists()


def test_a_name_another_value_has_is_a_409(hr_admin):
    with pytest.raises(ConflictError) as caught:
        create_value(actor=hr_admin, name_en="TEAMWORK", name_es="Otra cosa")

    assert caught.value.errors == {"name_en": ["Another value has this name."]}


@pytest.mark.parametrize("persona", ["agent", "team_lead", "other_team_lead"])
def test_only_hr_write_values(request, persona):
    person = request.getfixturevalue(persona)
    teamwork = ValueTag.objects.get(slug="teamwork")

    with pytest.raises(PermissionDeniedError):
        create_value(actor=person, name_en="Mine", name_es="Mío")
    with pytest.raises(PermissionDeniedError):
        set_value_active(actor=person, value=teamwork, active=False)
    assert not ValueTag.objects.filter(name_en="Mine").exists()


def test_editing_keeps_the_code_and_audits_what_changed(hr_admin):
    teamwork = ValueTag.objects.get(slug="teamwork")

    value = update_value(
        actor=hr_admin,
        value=teamwork,
        name_en="Team spirit",
        name_es="Espíritu de equipo",
        description_en=teamwork.description_en,
        description_es=teamwork.description_es,
        position=9,
    )

    assert (value.slug, value.name_en, value.position) == ("teamwork", "Team spirit", 9)
    changes = audit("recognition.value_updated", value).data
    assert changes["name_en"] == ["Teamwork", "Team spirit"]
    assert "description_en" not in changes


def test_a_retired_value_stays_on_old_kudos_and_cannot_be_chosen(hr_admin, agent, teammate):
    # given kudos that celebrated teamwork
    kudos = give_kudos(
        giver=teammate, recipient_ids=[agent.pk], message="Gracias", value_slugs=["teamwork"]
    )
    teamwork = ValueTag.objects.get(slug="teamwork")

    # when HR retire the value, twice
    set_value_active(actor=hr_admin, value=teamwork, active=False)
    set_value_active(actor=hr_admin, value=teamwork, active=False)

    # then the kudos keeps it, nobody can choose it, and one audit row says so
    assert list(kudos.values.values_list("slug", flat=True)) == ["teamwork"]
    assert teamwork not in active_values()
    with pytest.raises(DomainError):
        give_kudos(
            giver=teammate, recipient_ids=[agent.pk], message="Otra", value_slugs=["teamwork"]
        )
    assert AuditEvent.objects.filter(verb="recognition.value_retired").count() == 1

    set_value_active(actor=hr_admin, value=teamwork, active=True)
    assert teamwork in active_values()
    assert audit("recognition.value_reactivated", teamwork).actor == hr_admin
