"""HR's writes on check-in tags and care resources: the rules, and the audit row."""

import pytest

from core.exceptions import ConflictError, DomainError, PermissionDeniedError
from core.models import AuditEvent
from wellbeing import services
from wellbeing.models import CareResource, MoodTag

pytestmark = pytest.mark.django_db


def audit_verbs(target):  # type: ignore[no-untyped-def]
    return list(
        AuditEvent.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk)
        ).values_list("verb", flat=True)
    )


def test_hr_creates_a_tag_whose_code_comes_from_its_name(hr_admin):
    tag = services.create_mood_tag(actor=hr_admin, name_en=" Needed a hug ", name_es="Abrazo")

    assert (tag.slug, tag.name_en, tag.active) == ("needed-a-hug", "Needed a hug", True)
    assert list(MoodTag.objects.order_by("position"))[-1] == tag  # at the end of the form
    event = AuditEvent.objects.get(verb="wellbeing.mood_tag_created")
    assert (event.actor, event.target_id) == (hr_admin, str(tag.pk))


@pytest.mark.parametrize(
    ("name_en", "name_es", "field"),
    [("", "Abrazo", "name_en"), ("Hug", "   ", "name_es")],
)
def test_a_tag_needs_both_names(hr_admin, name_en, name_es, field):
    before = MoodTag.objects.count()

    with pytest.raises(DomainError) as refused:
        services.create_mood_tag(actor=hr_admin, name_en=name_en, name_es=name_es)

    assert field in refused.value.errors
    assert MoodTag.objects.count() == before
    assert not AuditEvent.objects.filter(verb="wellbeing.mood_tag_created").exists()


@pytest.mark.parametrize(
    ("name_en", "name_es", "field"),
    [("TIRED", "Fatiga", "name_en"), ("Exhausted", "cansancio", "name_es")],
)
def test_a_tag_name_used_by_another_tag_in_either_language_is_refused(
    hr_admin, name_en, name_es, field
):
    # given the installed tag "Tired" / "Cansancio"
    with pytest.raises(ConflictError) as refused:
        services.create_mood_tag(actor=hr_admin, name_en=name_en, name_es=name_es)

    assert field in refused.value.errors


def test_renaming_a_tag_keeps_its_code_so_its_check_ins_keep_it(hr_admin, agent, check_in):
    tag = MoodTag.objects.get(slug="tired")
    record = check_in(agent, tags=["tired"])

    services.update_mood_tag(actor=hr_admin, tag=tag, name_en="Worn out", name_es="Agotamiento")

    tag.refresh_from_db()
    assert (tag.slug, tag.name_en) == ("tired", "Worn out")
    assert list(record.tags.all()) == [tag]
    assert audit_verbs(tag) == ["wellbeing.mood_tag_updated"]


def test_a_tag_may_keep_its_own_name_when_renamed(hr_admin):
    tag = MoodTag.objects.get(slug="tired")

    services.update_mood_tag(actor=hr_admin, tag=tag, name_en="Tired", name_es="Cansada")

    assert MoodTag.objects.get(pk=tag.pk).name_es == "Cansada"


def test_deactivating_twice_writes_one_audit_row(hr_admin):
    tag = MoodTag.objects.get(slug="bored")

    services.set_mood_tag_active(actor=hr_admin, tag=tag, active=False)
    services.set_mood_tag_active(actor=hr_admin, tag=tag, active=False)
    services.set_mood_tag_active(actor=hr_admin, tag=tag, active=True)

    assert MoodTag.objects.get(pk=tag.pk).active is True
    assert audit_verbs(tag) == ["wellbeing.mood_tag_reactivated", "wellbeing.mood_tag_deactivated"]


def test_reorder_takes_every_tag_once(hr_admin):
    ids = list(MoodTag.objects.order_by("position").values_list("pk", flat=True))

    services.reorder_mood_tags(actor=hr_admin, tag_ids=list(reversed(ids)))

    assert list(MoodTag.objects.order_by("position").values_list("pk", flat=True)) == ids[::-1]
    with pytest.raises(DomainError):
        services.reorder_mood_tags(actor=hr_admin, tag_ids=[ids[0], ids[0], *ids[2:]])
    assert list(MoodTag.objects.order_by("position").values_list("pk", flat=True)) == ids[::-1]


@pytest.mark.parametrize("persona", ["agent", "team_lead", "other_team_lead"])
def test_only_hr_change_tags_and_resources(request, persona):
    someone = request.getfixturevalue(persona)
    tag = MoodTag.objects.get(slug="proud")
    resource = CareResource.objects.first()

    for attempt in (
        lambda: services.create_mood_tag(actor=someone, name_en="Hug", name_es="Abrazo"),
        lambda: services.set_mood_tag_active(actor=someone, tag=tag, active=False),
        lambda: services.create_care_resource(
            actor=someone, title_en="A", title_es="A", body_es="x"
        ),
        lambda: services.set_care_resource_active(actor=someone, resource=resource, active=False),
    ):
        with pytest.raises(PermissionDeniedError):
            attempt()
    assert MoodTag.objects.get(pk=tag.pk).active
    assert not AuditEvent.objects.filter(verb__startswith="wellbeing.").exists()


def test_hr_add_a_helpline_with_a_link_and_a_phone(hr_admin):
    resource = services.create_care_resource(
        actor=hr_admin,
        title_en="Support line",
        title_es="Línea de apoyo",
        body_es="Gratuita.",
        url="https://example.org/help",
        phone="+34  900 123 456",
    )

    assert (resource.phone, resource.url, resource.active) == (
        "+34 900 123 456",
        "https://example.org/help",
        True,
    )
    assert audit_verbs(resource) == ["wellbeing.care_resource_created"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "JavaScript://example.org/%0Aalert(1)"}, "url"),
        ({"url": "data:text/html,hi"}, "url"),
        ({"url": "ftp://example.org"}, "url"),
        ({"url": "https://"}, "url"),
        ({"phone": "call me"}, "phone"),
        ({"phone": "12"}, "phone"),
        ({"phone": "+34 900 123 456 789 012 345"}, "phone"),
        ({"title_en": ""}, "title_en"),
        ({"title_es": " "}, "title_es"),
        ({"body_es": ""}, "body_es"),  # nothing to offer but a title
        ({"title_en": "Talk to someone"}, "title_en"),  # an installed resource's title
    ],
)
def test_a_bad_resource_is_refused_and_nothing_is_written(hr_admin, changes, field):
    fields = {"title_en": "Breathe", "title_es": "Respira", "body_es": "Cuatro tiempos."}
    before = CareResource.objects.count()

    with pytest.raises(DomainError) as refused:
        services.create_care_resource(actor=hr_admin, **{**fields, **changes})

    assert field in refused.value.errors
    assert CareResource.objects.count() == before
    assert not AuditEvent.objects.filter(verb__startswith="wellbeing.").exists()


def test_editing_a_resource_records_what_changed(hr_admin):
    resource = CareResource.objects.order_by("pk").first()

    services.update_care_resource(
        actor=hr_admin,
        resource=resource,
        title_en=resource.title_en,
        title_es=resource.title_es,
        body_en=resource.body_en,
        body_es=resource.body_es,
        phone="024",
    )

    event = AuditEvent.objects.get(verb="wellbeing.care_resource_updated")
    assert event.data == {"phone": {"before": "", "after": "024"}}


def test_a_retired_resource_is_no_longer_offered(hr_admin):
    resource = CareResource.objects.order_by("pk").first()

    services.set_care_resource_active(actor=hr_admin, resource=resource, active=False)

    from wellbeing.selectors import care_resources

    assert resource not in care_resources()
    assert audit_verbs(resource) == ["wellbeing.care_resource_retired"]
