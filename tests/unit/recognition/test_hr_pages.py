"""HR's recognition pages: the role matrix (design.md invariant 5), the forms' round trips
with pictures, and pinned query counts on the lists."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from core.models import AuditEvent
from recognition.models import BadgeClass, RewardItem, ValueTag

pytestmark = pytest.mark.django_db

PERSONAS = ["agent", "team_lead", "other_team_lead", "hr_admin", "anonymous"]


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def badge(db):  # type: ignore[no-untyped-def]
    return BadgeClass.objects.create(
        slug="calma",
        name_en="Calm",
        name_es="Calma",
        description_es="Serenidad",
        criteria_es="Diez llamadas",
    )


@pytest.fixture
def reward(db):  # type: ignore[no-untyped-def]
    return RewardItem.objects.create(name_en="Half day", name_es="Media jornada", cost=10)


def pages(badge, reward):  # type: ignore[no-untyped-def]
    value = ValueTag.objects.get(slug="teamwork")
    return [
        reverse("recognition:hr_values"),
        reverse("recognition:hr_value", args=[value.pk]),
        reverse("recognition:hr_badges"),
        reverse("recognition:hr_badge_new"),
        reverse("recognition:hr_badge", args=[badge.pk]),
        reverse("recognition:hr_rewards"),
        reverse("recognition:hr_reward_new"),
        reverse("recognition:hr_reward", args=[reward.pk]),
    ]


def actions(badge, reward):  # type: ignore[no-untyped-def]
    value = ValueTag.objects.get(slug="teamwork")
    return [
        reverse("recognition:hr_value_retire", args=[value.pk]),
        reverse("recognition:hr_value_reactivate", args=[value.pk]),
        reverse("recognition:hr_badge_retire", args=[badge.pk]),
        reverse("recognition:hr_badge_reactivate", args=[badge.pk]),
        reverse("recognition:hr_reward_retire", args=[reward.pk]),
        reverse("recognition:hr_reward_reactivate", args=[reward.pk]),
    ]


def as_persona(client, request, persona):  # type: ignore[no-untyped-def]
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_hr_page_opens_for_hr_only(client, request, persona, badge, reward):
    client = as_persona(client, request, persona)
    expected = {"hr_admin": 200, "anonymous": 302}.get(persona, 403)

    for url in pages(badge, reward):
        response = client.get(url)

        assert response.status_code == expected, url
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("account_login")), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_hr_button_works_for_hr_only(client, request, persona, badge, reward):
    client = as_persona(client, request, persona)
    expected = {"hr_admin": 302, "anonymous": 302}.get(persona, 403)

    for url in [*actions(badge, reward), *pages(badge, reward)]:
        response = client.post(url, {})

        if url in pages(badge, reward) and persona == "hr_admin":
            assert response.status_code in (200, 400), url  # an empty form: its errors
            continue
        assert response.status_code == expected, url
        if persona == "anonymous":
            assert response["Location"].startswith(reverse("account_login")), url
    if persona != "hr_admin":
        assert not AuditEvent.objects.filter(verb__startswith="recognition.").exists()


def png(size: tuple[int, int] = (64, 64)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_hr_create_a_badge_from_the_page_with_a_picture(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("recognition:hr_badge_new"),
        {
            "name_en": "Night Owl",
            "name_es": "Búho nocturno",
            "description_es": "Cubrió un turno de noche.",
            "criteria_es": "Cubre un turno de noche.",
            "repeatable": "on",
            "image": SimpleUploadedFile("../../secret.png", png(), content_type="image/png"),
        },
    )

    badge = BadgeClass.objects.get(name_en="Night Owl")
    assert response.status_code == 302
    assert response["Location"] == reverse("recognition:hr_badge", args=[badge.pk])
    assert badge.repeatable
    assert "secret" not in badge.image.name
    editor = client.get(response["Location"])
    assert badge.image.url in editor.content.decode()  # the preview shows the picture


def test_a_text_file_as_picture_is_a_400_with_the_field_error_and_nothing_written(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("recognition:hr_reward_new"),
        {
            "name_en": "Gift card",
            "name_es": "Tarjeta regalo",
            "cost": "25",
            "image": SimpleUploadedFile("card.png", b"just text", content_type="image/png"),
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "image_error" in response.content.decode()
    assert not RewardItem.objects.exists()


def test_hr_edit_a_reward_and_see_the_agents_card(client, hr_admin, reward):
    client.force_login(hr_admin)

    response = client.post(
        reverse("recognition:hr_reward", args=[reward.pk]),
        {
            "name_en": "Half day off",
            "name_es": "Media jornada libre",
            "cost": "12",
            "stock": "4",
            "available_until": "2099-12-31",
        },
    )
    editor = client.get(reverse("recognition:hr_reward", args=[reward.pk]))

    reward.refresh_from_db()
    assert response.status_code == 302
    assert (reward.cost, reward.stock, str(reward.available_until)) == (12, 4, "2099-12-31")
    assert f'id="reward-{reward.pk}"' in editor.content.decode()  # the catalog's card


def test_a_value_added_from_the_page_is_listed(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("recognition:hr_values"), {"name_en": "Curiosity", "name_es": "Curiosidad"}
    )

    assert response.status_code == 302
    value = ValueTag.objects.get(name_en="Curiosity")
    listing = client.get(reverse("recognition:hr_values")).content.decode()
    assert reverse("recognition:hr_value", args=[value.pk]) in listing


def test_retiring_a_badge_from_its_editor(client, hr_admin, badge):
    client.force_login(hr_admin)

    response = client.post(reverse("recognition:hr_badge_retire", args=[badge.pk]))

    badge.refresh_from_db()
    assert response.status_code == 302
    assert not badge.active
    assert AuditEvent.objects.filter(verb="recognition.badge_class_retired").count() == 1


@pytest.mark.parametrize(
    ("name", "make"),
    [
        (
            "recognition:hr_values",
            lambda n: ValueTag.objects.create(slug=f"v{n}", name_en=f"V{n}", name_es=f"V{n}"),
        ),
        (
            "recognition:hr_badges",
            lambda n: BadgeClass.objects.create(
                slug=f"b{n}", name_en=f"B{n}", name_es=f"B{n}", description_es="d", criteria_es="c"
            ),
        ),
        (
            "recognition:hr_rewards",
            lambda n: RewardItem.objects.create(name_en=f"R{n}", name_es=f"R{n}", cost=n + 1),
        ),
    ],
)
def test_each_list_costs_the_same_queries_however_long(
    client, hr_admin, django_assert_max_num_queries, name, make
):
    client.force_login(hr_admin)
    for n in range(30):  # more than a page
        make(n)

    with django_assert_max_num_queries(10):
        response = client.get(reverse(name), {"page": 2})

    assert response.status_code == 200
    assert 'rel="prev"' in response.content.decode()
