"""HR's pages for check-in tags and care resources: who may open them, what HR see, and
what a post writes (or, refused, does not)."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from wellbeing.models import CareResource, CheckIn, MoodTag

pytestmark = pytest.mark.django_db


def first_tag():  # type: ignore[no-untyped-def]
    return MoodTag.objects.order_by("pk").first()


def first_resource():  # type: ignore[no-untyped-def]
    return CareResource.objects.order_by("pk").first()


PAGES = [
    lambda: reverse("wellbeing:hr_tags"),
    lambda: reverse("wellbeing:hr_tag", args=[first_tag().pk]),
    lambda: reverse("wellbeing:hr_resources"),
    lambda: reverse("wellbeing:hr_resource", args=[first_resource().pk]),
]
ACTIONS = [
    (lambda: reverse("wellbeing:hr_tag_active", args=[first_tag().pk]), {"active": "0"}),
    (lambda: reverse("wellbeing:hr_tags_reorder"), {"ids": []}),
    (
        lambda: reverse("wellbeing:hr_resource_active", args=[first_resource().pk]),
        {"active": "0"},
    ),
    (lambda: reverse("wellbeing:hr_resources_reorder"), {"ids": []}),
]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("agent", 403),
        ("team_lead", 403),
        ("other_team_lead", 403),
        ("hr_admin", 200),
    ],
)
@pytest.mark.parametrize("page", range(len(PAGES)))
def test_role_matrix_of_the_pages(client, request, persona, status, page):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(PAGES[page]()).status_code == status
    # a post (save or preview) is refused just the same to anyone but HR
    posted = client.post(PAGES[page](), {"action": "preview"})
    assert posted.status_code == (400 if status == 200 else status)


@pytest.mark.parametrize("page", range(len(PAGES)))
def test_anonymous_visitors_are_sent_to_sign_in(client, page):
    response = client.get(PAGES[page]())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["anonymous", "agent", "team_lead", "other_team_lead"])
@pytest.mark.parametrize("action", range(len(ACTIONS)))
def test_only_hr_may_post_the_actions(client, request, persona, action):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    url, data = ACTIONS[action]

    response = client.post(url(), data)

    assert response.status_code in ((302,) if persona == "anonymous" else (403,))
    assert MoodTag.objects.filter(active=False).count() == 0
    assert CareResource.objects.filter(active=False).count() == 0
    assert not AuditEvent.objects.filter(verb__startswith="wellbeing.").exists()


def test_hr_add_a_tag_from_the_list(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("wellbeing:hr_tags"), {"name_en": "Needed a hug", "name_es": "Abrazo"}, follow=True
    )

    assert response.status_code == 200
    tag = MoodTag.objects.get(slug="needed-a-hug")
    assert "Needed a hug" in response.content.decode()
    assert AuditEvent.objects.filter(verb="wellbeing.mood_tag_created", actor=hr_admin).exists()
    assert tag.active


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"name_en": "", "name_es": "Abrazo"}, 400, "This field is required."),
        ({"name_en": "Tired", "name_es": "Fatiga"}, 409, "Another tag already has this name."),
    ],
)
def test_a_refused_tag_shows_why_and_writes_nothing(client, hr_admin, data, status, message):
    client.force_login(hr_admin)
    before = MoodTag.objects.count()

    response = client.post(reverse("wellbeing:hr_tags"), data)

    assert response.status_code == status
    assert message in response.content.decode()
    assert MoodTag.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_the_preview_shows_the_chip_in_both_languages_and_writes_nothing(client, hr_admin):
    client.force_login(hr_admin)
    tag = first_tag()

    response = client.post(
        reverse("wellbeing:hr_tag", args=[tag.pk]),
        {"action": "preview", "name_en": "Drained", "name_es": "Agotada"},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="tag-preview"' in page
    assert "<span>Drained</span>" in page
    assert "<span>Agotada</span>" in page
    assert MoodTag.objects.get(pk=tag.pk).name_en == tag.name_en
    assert not AuditEvent.objects.exists()


def test_a_deactivated_tag_leaves_the_check_in_form_but_old_check_ins_keep_it(
    client, hr_admin, agent, check_in
):
    # given a check-in with the tag "Lonely"
    tag = MoodTag.objects.get(slug="lonely")
    check_in(agent, tags=["lonely"])
    client.force_login(hr_admin)

    # when HR deactivate it
    response = client.post(reverse("wellbeing:hr_tag_active", args=[tag.pk]), {"active": "0"})

    # then the check-in form no longer offers it, and the agent's history still shows it
    assert response.status_code == 302
    assert AuditEvent.objects.filter(verb="wellbeing.mood_tag_deactivated").count() == 1
    client.force_login(agent)
    form = client.get(reverse("wellbeing:check_in")).content.decode()
    assert 'value="lonely"' not in form
    assert 'value="proud"' in form
    history = client.get(reverse("wellbeing:history")).content.decode()
    assert '<span class="tag">Lonely</span>' in history
    assert list(CheckIn.objects.get(user=agent).tags.all()) == [tag]


def test_hr_reactivate_a_tag(client, hr_admin):
    tag = first_tag()
    tag.active = False
    tag.save()
    client.force_login(hr_admin)

    client.post(reverse("wellbeing:hr_tag_active", args=[tag.pk]), {"active": "1"})

    assert MoodTag.objects.get(pk=tag.pk).active


def test_the_move_buttons_post_the_whole_new_order(client, hr_admin):
    client.force_login(hr_admin)
    ids = list(MoodTag.objects.order_by("position").values_list("pk", flat=True))
    swapped = [ids[1], ids[0], *ids[2:]]

    page = client.get(reverse("wellbeing:hr_tags")).content.decode()
    response = client.post(reverse("wellbeing:hr_tags_reorder"), {"ids": swapped})

    assert f'name="ids" value="{ids[1]}"' in page
    assert response.status_code == 302
    assert list(MoodTag.objects.order_by("position").values_list("pk", flat=True)) == swapped


def test_a_stale_order_is_refused_with_a_message(client, hr_admin):
    client.force_login(hr_admin)
    before = list(MoodTag.objects.order_by("position").values_list("pk", flat=True))

    response = client.post(reverse("wellbeing:hr_tags_reorder"), {"ids": before[:2]}, follow=True)

    assert "The list changed while you were looking at it." in response.content.decode()
    assert list(MoodTag.objects.order_by("position").values_list("pk", flat=True)) == before


def test_the_tag_list_costs_the_same_queries_however_many_tags(
    client, hr_admin, django_assert_max_num_queries
):
    client.force_login(hr_admin)
    client.get(reverse("wellbeing:hr_tags"))  # warm the session and role caches
    MoodTag.objects.bulk_create(
        MoodTag(slug=f"t{n}", name_en=f"T{n}", name_es=f"T{n}", position=20 + n) for n in range(30)
    )

    with django_assert_max_num_queries(8):
        response = client.get(reverse("wellbeing:hr_tags"))

    assert response.content.decode().count('<tr id="tag-') == MoodTag.objects.count()


def test_the_resource_list_costs_the_same_queries_however_many_resources(
    client, hr_admin, django_assert_max_num_queries
):
    client.force_login(hr_admin)
    CareResource.objects.bulk_create(
        CareResource(title_en=f"R{n}", title_es=f"R{n}", body_es="x", position=20 + n)
        for n in range(30)
    )

    with django_assert_max_num_queries(8):
        response = client.get(reverse("wellbeing:hr_resources"))

    assert response.content.decode().count('<tr id="resource-') == CareResource.objects.count()


def test_the_lists_say_when_there_is_nothing_yet(client, hr_admin):
    MoodTag.objects.all().delete()
    CareResource.objects.all().delete()
    client.force_login(hr_admin)

    tags = client.get(reverse("wellbeing:hr_tags")).content.decode()
    resources = client.get(reverse("wellbeing:hr_resources")).content.decode()

    assert "No check-in tags yet." in tags
    assert "No care resources yet." in resources


def test_hr_add_a_helpline_and_agents_can_call_it(client, hr_admin):
    client.force_login(hr_admin)

    response = client.post(
        reverse("wellbeing:hr_resources"),
        {
            "title_en": "Support line",
            "title_es": "Línea de apoyo",
            "body_es": "Gratuita y confidencial.",
            "phone": "+34 900 123 456",
        },
        follow=True,
    )

    assert response.status_code == 200
    assert 'href="tel:+34900123456"' in response.content.decode()  # "as agents see them"
    assert AuditEvent.objects.filter(verb="wellbeing.care_resource_created").count() == 1


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "example.org"])
def test_a_link_agents_could_not_safely_open_is_refused_on_the_form(client, hr_admin, url):
    client.force_login(hr_admin)
    before = CareResource.objects.count()

    response = client.post(
        reverse("wellbeing:hr_resources"),
        {"title_en": "Help", "title_es": "Ayuda", "body_es": "x", "url": url},
    )

    assert response.status_code == 400
    assert "Give a web address starting with https://" in response.content.decode()
    assert CareResource.objects.count() == before
    assert not AuditEvent.objects.exists()


def test_the_resource_preview_shows_the_card_agents_see_and_writes_nothing(client, hr_admin):
    client.force_login(hr_admin)
    resource = first_resource()

    response = client.post(
        reverse("wellbeing:hr_resource", args=[resource.pk]),
        {
            "action": "preview",
            "title_en": "Breathe",
            "title_es": "Respira",
            "body_en": "Four counts in.",
            "body_es": "Cuatro tiempos.",
            "url": "https://example.org/breathe",
        },
    )

    page = response.content.decode()
    assert 'id="resource-preview"' in page
    assert '<a href="https://example.org/breathe" rel="noopener">Breathe</a>' in page
    assert '<a href="https://example.org/breathe" rel="noopener">Respira</a>' in page
    assert CareResource.objects.get(pk=resource.pk).title_en == resource.title_en
    assert not AuditEvent.objects.exists()


def test_hr_retire_a_resource_and_still_see_it_listed(client, hr_admin):
    resource = first_resource()
    client.force_login(hr_admin)

    client.post(reverse("wellbeing:hr_resource_active", args=[resource.pk]), {"active": "0"})

    assert not CareResource.objects.get(pk=resource.pk).active
    page = client.get(reverse("wellbeing:hr_resources")).content.decode()
    assert "Retired" in page


def test_the_hr_dashboard_links_the_wellbeing_content_pages(client, hr_admin):
    client.force_login(hr_admin)

    page = client.get(reverse("people:hr_dashboard")).content.decode()

    assert reverse("wellbeing:hr_tags") in page
    assert reverse("wellbeing:hr_resources") in page
