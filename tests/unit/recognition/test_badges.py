"""Badges: who may award them, one-per-person rules, and the public Open Badges 2.0 documents
(hosted verification) and PNG baking."""

import datetime as dt
import hashlib
import io
import json
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.utils import translation
from PIL import Image

from core.exceptions import ConflictError, DomainError, NotFoundError, PermissionDeniedError
from core.models import AuditEvent
from notifications.models import Notification
from recognition import openbadges
from recognition.models import BadgeAward, BadgeClass
from recognition.services.badges import award_badge, revoke_award
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONTEXT = "https://w3id.org/openbadges/v2"
BASE_URL = "https://cuida.example.org"


@pytest.fixture(autouse=True)
def _isolated_media_and_base_url(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    settings.CUIDA_BASE_URL = BASE_URL


@pytest.fixture
def once_badge(db):  # type: ignore[no-untyped-def]
    return BadgeClass.objects.create(
        slug="calm-in-the-storm",
        name_en="Calm in the Storm",
        name_es="Calm in the Storm",
        description_en="Kept a furious caller calm and solved the problem.",
        description_es="Kept a furious caller calm and solved the problem.",
        criteria_en="Your lead saw you turn around an escalated call.",
        criteria_es="Your lead saw you turn around an escalated call.",
    )


@pytest.fixture
def repeatable_badge(db):  # type: ignore[no-untyped-def]
    return BadgeClass.objects.create(
        slug="night-owl",
        name_en="Night Owl",
        name_es="Night Owl",
        description_en="Covered a night shift.",
        description_es="Covered a night shift.",
        criteria_en="Work a night shift for a colleague.",
        criteria_es="Work a night shift for a colleague.",
        repeatable=True,
    )


@pytest.fixture
def award(once_badge, agent, team_lead):  # type: ignore[no-untyped-def]
    return award_badge(
        badge_class=once_badge,
        recipient=agent,
        awarded_by=team_lead,
        evidence_text="Handled the outage queue alone on Tuesday.",
        evidence_url="https://tickets.example.org/T-1234",
    )


def get_json_ld(client, url_or_path, status=200):  # type: ignore[no-untyped-def]
    response = client.get(urlsplit(url_or_path).path)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/ld+json")
    return response.json()


# --- Awarding -----------------------------------------------------------------------------


def test_the_recipients_lead_can_award_a_badge(once_badge, agent, team_lead):
    award = award_badge(badge_class=once_badge, recipient=agent, awarded_by=team_lead)

    assert award.recipient == agent
    assert award.awarded_by == team_lead
    assert award.revoked_at is None
    assert AuditEvent.objects.filter(verb="badge.awarded", target_id=str(award.pk)).exists()
    assert Notification.objects.filter(user=agent, kind="badge").exists()


def test_hr_can_award_anyone(once_badge, other_team_agent, hr_admin):
    award = award_badge(badge_class=once_badge, recipient=other_team_agent, awarded_by=hr_admin)

    assert award.awarded_by == hr_admin


@pytest.mark.parametrize("persona", ["other_team_lead", "teammate"])
def test_people_who_do_not_lead_the_recipient_cannot_award(request, once_badge, agent, persona):  # type: ignore[no-untyped-def]
    with pytest.raises(NotFoundError):
        award_badge(
            badge_class=once_badge, recipient=agent, awarded_by=request.getfixturevalue(persona)
        )

    assert not BadgeAward.objects.exists()


@pytest.mark.parametrize("persona", ["agent", "team_lead", "hr_admin"])
def test_nobody_awards_themselves_a_badge(request, once_badge, persona):  # type: ignore[no-untyped-def]
    person = request.getfixturevalue(persona)

    with (
        translation.override("en"),
        pytest.raises(PermissionDeniedError, match="Nobody awards themselves a badge"),
    ):
        award_badge(badge_class=once_badge, recipient=person, awarded_by=person)

    assert not BadgeAward.objects.exists()
    assert not AuditEvent.objects.filter(verb="badge.awarded").exists()
    assert not Notification.objects.filter(user=person, kind="badge").exists()


def test_an_inactive_badge_cannot_be_awarded(once_badge, agent, team_lead):
    BadgeClass.objects.filter(pk=once_badge.pk).update(active=False)
    once_badge.refresh_from_db()

    with pytest.raises(DomainError):
        award_badge(badge_class=once_badge, recipient=agent, awarded_by=team_lead)

    assert not BadgeAward.objects.exists()


def test_a_one_per_person_badge_cannot_be_awarded_twice(award, once_badge, agent, hr_admin):
    with pytest.raises(ConflictError) as refused:
        award_badge(badge_class=once_badge, recipient=agent, awarded_by=hr_admin)

    assert refused.value.status_code == 409
    assert BadgeAward.objects.filter(recipient=agent).count() == 1


def test_a_repeatable_badge_can_be_awarded_again(repeatable_badge, agent, team_lead):
    award_badge(badge_class=repeatable_badge, recipient=agent, awarded_by=team_lead)

    award_badge(badge_class=repeatable_badge, recipient=agent, awarded_by=team_lead)

    assert BadgeAward.objects.filter(recipient=agent, badge_class=repeatable_badge).count() == 2


def test_a_revoked_one_per_person_badge_can_be_awarded_again(award, once_badge, agent, team_lead):
    revoke_award(actor=team_lead, award_id=award.pk, reason="Awarded by mistake")

    again = award_badge(badge_class=once_badge, recipient=agent, awarded_by=team_lead)

    assert again.pk != award.pk
    assert BadgeAward.objects.filter(recipient=agent, revoked_at__isnull=True).get() == again


def test_hr_cannot_revoke_their_own_badge(once_badge, hr_admin, team_lead):
    # given a badge another person in HR gave to hr_admin
    other_hr = UserFactory(display_name="Helga HR")
    other_hr.groups.add(Group.objects.get(name="HR"))
    award = award_badge(badge_class=once_badge, recipient=hr_admin, awarded_by=other_hr)

    # when / then
    with (
        translation.override("en"),
        pytest.raises(PermissionDeniedError, match="Nobody revokes their own badge"),
    ):
        revoke_award(actor=hr_admin, award_id=award.pk, reason="I prefer not")

    award.refresh_from_db()
    assert award.revoked_at is None
    assert not AuditEvent.objects.filter(verb="badge.revoked").exists()


def test_another_teams_lead_cannot_revoke(award, other_team_lead):
    with pytest.raises(NotFoundError):
        revoke_award(actor=other_team_lead, award_id=award.pk, reason="Nope")

    award.refresh_from_db()
    assert award.revoked_at is None


def test_revoking_requires_a_reason_and_is_audited(award, team_lead):
    with pytest.raises(DomainError):
        revoke_award(actor=team_lead, award_id=award.pk, reason=" ")

    revoke_award(actor=team_lead, award_id=award.pk, reason="Awarded by mistake")

    award.refresh_from_db()
    assert award.revocation_reason == "Awarded by mistake"
    assert AuditEvent.objects.filter(verb="badge.revoked", target_id=str(award.pk)).count() == 1


def test_replaying_an_award_with_its_key_awards_once(repeatable_badge, agent, team_lead):
    first = award_badge(
        badge_class=repeatable_badge, recipient=agent, awarded_by=team_lead, idempotency_key="b-1"
    )

    again = award_badge(
        badge_class=repeatable_badge, recipient=agent, awarded_by=team_lead, idempotency_key="b-1"
    )

    assert again.pk == first.pk
    assert BadgeAward.objects.count() == 1


# --- Open Badges 2.0 documents ------------------------------------------------------------


def test_the_issuer_profile_has_every_required_field(client, settings):
    issuer = get_json_ld(client, "/openbadges/issuer")

    assert issuer["@context"] == CONTEXT
    assert issuer["type"] == "Issuer"
    assert issuer["id"] == f"{BASE_URL}/openbadges/issuer"
    assert issuer["name"] == settings.CUIDA_ORGANIZATION_NAME
    assert issuer["url"].startswith(("https://", "http://"))
    assert "@" in issuer["email"]


def test_the_badge_class_has_every_required_field(client, award, once_badge):
    badge = get_json_ld(client, f"/openbadges/badges/{once_badge.slug}")

    assert badge["@context"] == CONTEXT
    assert badge["type"] == "BadgeClass"
    assert badge["id"] == f"{BASE_URL}/openbadges/badges/{once_badge.slug}"
    assert badge["name"] == "Calm in the Storm"
    assert badge["description"] == once_badge.description
    assert badge["image"].startswith(f"{BASE_URL}/")
    assert badge["criteria"] == {"narrative": once_badge.criteria}
    assert badge["issuer"] == get_json_ld(client, "/openbadges/issuer")["id"]


def test_the_assertion_has_every_required_field(client, award, agent, once_badge):
    assertion = get_json_ld(client, f"/openbadges/assertions/{award.uid}")

    assert assertion["@context"] == CONTEXT
    assert assertion["type"] == "Assertion"
    assert assertion["id"] == f"{BASE_URL}/openbadges/assertions/{award.uid}"
    recipient = assertion["recipient"]
    assert recipient["type"] == "email"
    assert recipient["hashed"] is True
    assert recipient["salt"]
    expected = hashlib.sha256((agent.email + recipient["salt"]).encode()).hexdigest()
    assert recipient["identity"] == f"sha256${expected}"
    assert assertion["badge"] == f"{BASE_URL}/openbadges/badges/{once_badge.slug}"
    assert assertion["verification"] == {"type": "hosted"}
    issued_on = dt.datetime.fromisoformat(assertion["issuedOn"])
    assert issued_on.tzinfo is not None
    assert abs(issued_on - award.issued_on) < dt.timedelta(seconds=1)
    assert assertion["evidence"] == [
        {
            "id": "https://tickets.example.org/T-1234",
            "narrative": "Handled the outage queue alone on Tuesday.",
        }
    ]


def test_an_assertion_without_evidence_has_no_evidence_field(client, repeatable_badge, agent):
    award = award_badge(badge_class=repeatable_badge, recipient=agent, awarded_by=None)

    assertion = get_json_ld(client, f"/openbadges/assertions/{award.uid}")

    assert "evidence" not in assertion


def test_every_document_id_resolves_to_the_same_document(client, award):
    # given the three documents, fetched by following the links from the assertion
    assertion = get_json_ld(client, f"/openbadges/assertions/{award.uid}")
    badge = get_json_ld(client, assertion["badge"])
    issuer = get_json_ld(client, badge["issuer"])

    # then each id is an absolute URL under the base URL that serves that very document
    for document in (assertion, badge, issuer):
        assert document["id"].startswith(f"{BASE_URL}/openbadges/")
        assert get_json_ld(client, document["id"]) == document


def test_the_badge_image_is_a_png(client, award, once_badge):
    badge = get_json_ld(client, f"/openbadges/badges/{once_badge.slug}")

    response = client.get(urlsplit(badge["image"]).path)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    image.verify()


def test_the_documents_are_public_and_say_nothing_of_the_recipients_email(
    client, award, agent, once_badge, team_lead
):
    # given a live and a revoked assertion of the same person
    other = award_badge(
        badge_class=BadgeClass.objects.create(
            slug="mentor",
            name_en="Mentor",
            name_es="Mentor",
            description_en="Helped a newcomer.",
            description_es="Helped a newcomer.",
            criteria_en="Mentor.",
            criteria_es="Mentor.",
        ),
        recipient=agent,
        awarded_by=team_lead,
    )
    revoke_award(actor=team_lead, award_id=other.pk, reason="Duplicate")

    # when an anonymous visitor fetches every public document
    bodies = [
        client.get(path).content.decode()
        for path in (
            "/openbadges/issuer",
            f"/openbadges/badges/{once_badge.slug}",
            f"/openbadges/assertions/{award.uid}",
            f"/openbadges/assertions/{other.uid}",
        )
    ]

    # then the e-mail appears in none of them, in any case
    for body in bodies:
        assert agent.email.lower() not in body.lower()
        assert agent.email.split("@")[0].lower() not in body.lower()


def test_a_revoked_assertion_answers_410_gone(client, award, team_lead):
    revoke_award(actor=team_lead, award_id=award.pk, reason="Awarded by mistake")

    document = get_json_ld(client, f"/openbadges/assertions/{award.uid}", status=410)

    assert document["revoked"] is True
    assert document["id"] == f"{BASE_URL}/openbadges/assertions/{award.uid}"
    assert document["revocationReason"] == "Awarded by mistake"


def test_an_unknown_assertion_is_404(client):
    response = client.get("/openbadges/assertions/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 404


# --- Baking -------------------------------------------------------------------------------


def test_baking_then_unbaking_round_trips_and_keeps_a_valid_png(client, award):
    # given the badge image and the hosted assertion
    png = openbadges.default_badge_png("Calm in the Storm")
    assertion = get_json_ld(client, f"/openbadges/assertions/{award.uid}")

    # when
    baked = openbadges.bake(png, assertion)

    # then
    assert openbadges.unbake(baked) == assertion
    Image.open(io.BytesIO(baked)).verify()
    with Image.open(io.BytesIO(baked)) as reopened:
        reopened.load()
        assert reopened.size == Image.open(io.BytesIO(png)).size
        assert json.loads(reopened.text["openbadges"]) == assertion


def test_an_unbaked_png_carries_no_assertion():
    assert openbadges.unbake(openbadges.default_badge_png("Plain")) is None


def test_baking_twice_keeps_a_single_openbadges_chunk(client, award):
    png = openbadges.default_badge_png("Calm in the Storm")
    first = {"@context": CONTEXT, "type": "Assertion", "id": "https://a.example/1"}
    second = get_json_ld(client, f"/openbadges/assertions/{award.uid}")

    twice = openbadges.bake(openbadges.bake(png, first), second)

    chunks = [
        kind
        for kind, data in openbadges.iter_chunks(twice)
        if kind in (b"iTXt", b"tEXt", b"zTXt") and data.startswith(b"openbadges\x00")
    ]
    assert chunks == [b"iTXt"]
    assert openbadges.unbake(twice) == second
    assert openbadges.iter_chunks(twice)[-1][0] == b"IEND"
    Image.open(io.BytesIO(twice)).verify()


def test_baking_refuses_something_that_is_not_a_png():
    with pytest.raises(ValueError, match="not a PNG"):
        openbadges.bake(b"GIF89a...", {"id": "x"})
