"""HR's badges (recognition.services.badge_classes): texts in both languages, an uploaded
or generated picture, repeatable or not, retire and bring back."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from core.exceptions import ConflictError, DomainError, PermissionDeniedError
from core.models import AuditEvent
from recognition.models import BadgeAward, BadgeClass
from recognition.services.badge_classes import (
    create_badge_class,
    set_badge_class_active,
    update_badge_class,
)
from recognition.services.badges import award_badge
from recognition.services.grants import grant

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _isolated_media_in_english(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        yield


def texts(**overrides: str) -> dict[str, str]:
    return {
        "name_en": "Calm in the Storm",
        "name_es": "Calma en la tormenta",
        "description_en": "Kept a furious caller calm.",
        "description_es": "Calmó a un cliente furioso.",
        "criteria_en": "Your lead saw it.",
        "criteria_es": "Tu líder lo vio.",
        **overrides,
    }


def jpeg_upload(name: str = "../../x.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (800, 800), (10, 120, 90)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_hr_create_a_badge_with_a_generated_picture(hr_admin):
    badge = create_badge_class(actor=hr_admin, texts=texts())  # type: ignore[arg-type]

    assert badge.slug == "calm-in-the-storm"
    assert badge.active
    assert not badge.repeatable
    assert Image.open(badge.image.path).format == "PNG"
    event = AuditEvent.objects.get(verb="recognition.badge_class_created", target_id=badge.pk)
    assert event.actor == hr_admin
    assert event.data["image"] == "generated"


def test_an_uploaded_picture_is_stored_as_png_under_a_name_cuida_chose(hr_admin, tmp_path):
    badge = create_badge_class(
        actor=hr_admin,
        texts=texts(),  # type: ignore[arg-type]
        image=jpeg_upload("../../x.png"),
    )

    assert re.fullmatch(r"badges/calm-in-the-storm-[0-9a-f]{8}\.png", badge.image.name)
    with Image.open(badge.image.path) as stored:
        assert (stored.format, stored.size) == ("PNG", (512, 512))
    assert not (tmp_path.parent / "x.png").exists()
    assert not list(tmp_path.rglob("x.png"))


def test_a_bad_picture_is_a_400_on_image_and_writes_nothing(hr_admin, tmp_path):
    with pytest.raises(DomainError) as caught:
        create_badge_class(
            actor=hr_admin,
            texts=texts(),  # type: ignore[arg-type]
            image=SimpleUploadedFile("badge.png", b"not a picture", content_type="image/png"),
        )

    assert caught.value.status_code == 400
    assert list(caught.value.errors) == ["image"]
    assert not BadgeClass.objects.filter(name_en="Calm in the Storm").exists()
    assert not list(tmp_path.rglob("*.png"))


def test_the_spanish_description_and_criteria_are_required(hr_admin):
    with pytest.raises(DomainError) as caught:
        create_badge_class(
            actor=hr_admin,
            texts=texts(description_es=" ", criteria_es=""),  # type: ignore[arg-type]
        )

    assert set(caught.value.errors) == {"description_es", "criteria_es"}


def test_a_name_another_badge_has_is_a_409(hr_admin):
    create_badge_class(actor=hr_admin, texts=texts())  # type: ignore[arg-type]

    with pytest.raises(ConflictError):
        create_badge_class(actor=hr_admin, texts=texts(name_en="Other"))  # type: ignore[arg-type]


@pytest.mark.parametrize("persona", ["agent", "team_lead", "other_team_lead"])
def test_only_hr_write_badges(request, persona):
    with pytest.raises(PermissionDeniedError):
        create_badge_class(actor=request.getfixturevalue(persona), texts=texts())  # type: ignore[arg-type]
    assert not BadgeClass.objects.filter(name_en="Calm in the Storm").exists()


def test_editing_keeps_the_public_code_and_can_make_it_repeatable(hr_admin, team_lead, agent):
    # given a one-per-person badge the agent holds
    badge = create_badge_class(actor=hr_admin, texts=texts())  # type: ignore[arg-type]
    award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    old_image = badge.image.path

    # when HR rename it, make it repeatable and ask for a new generated picture
    with_new_name = texts(name_en="Storm Tamer", name_es="Domador de tormentas")
    badge = update_badge_class(
        actor=hr_admin,
        badge_class=badge,
        texts=with_new_name,  # type: ignore[arg-type]
        repeatable=True,
        generate_image=True,
    )

    # then its public code stays, the agent can earn it again, and the change is audited
    assert badge.slug == "calm-in-the-storm"
    award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    assert BadgeAward.objects.filter(badge_class=badge, recipient=agent).count() == 2
    assert badge.image.path != old_image
    event = AuditEvent.objects.get(verb="recognition.badge_class_updated", target_id=badge.pk)
    assert event.data["repeatable"] == [False, True]
    assert event.data["name_en"] == ["Calm in the Storm", "Storm Tamer"]


def test_a_retired_badge_is_kept_by_holders_and_awarded_by_nobody(hr_admin, team_lead, agent):
    # given a badge the agent holds
    badge = create_badge_class(actor=hr_admin, texts=texts(), repeatable=True)  # type: ignore[arg-type]
    award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)

    # when HR retire it
    badge = set_badge_class_active(actor=hr_admin, badge_class=badge, active=False)

    # then the agent keeps it; a lead cannot award it and a rule's grant skips it
    assert BadgeAward.objects.filter(badge_class=badge, revoked_at__isnull=True).count() == 1
    with pytest.raises(DomainError):
        award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
    granted = grant(
        recipient=agent, reason="rule", idempotency_key="rule:1", badge_class_id=badge.pk
    )
    assert granted.award is None
    assert AuditEvent.objects.filter(verb="recognition.badge_class_retired").count() == 1

    badge = set_badge_class_active(actor=hr_admin, badge_class=badge, active=True)
    assert award_badge(badge_class=badge, recipient=agent, awarded_by=team_lead)
