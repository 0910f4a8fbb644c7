import datetime as dt

import pytest
from django.urls import reverse

from core.exceptions import DomainError
from notifications.models import Notification
from wellbeing import services
from wellbeing.models import ChatRequest, CheckIn
from wellbeing.selectors import care_nudge_applies

pytestmark = pytest.mark.django_db


def history_of(user, moods):  # type: ignore[no-untyped-def]
    today = services.local_today(user=user)
    CheckIn.objects.bulk_create(
        [
            CheckIn(user=user, local_date=today - dt.timedelta(days=i), mood=m, energy=3, stress=3)
            for i, m in enumerate(moods)
        ]
    )


@pytest.mark.parametrize(
    ("moods", "nudged"),
    [
        ([1, 2, 2, 5, 5], True),  # newest first: 3 of the last 5 low
        ([2, 5, 1, 5, 2], True),
        ([1, 2, 5, 5, 5], False),
        ([5, 5, 5, 5, 5, 1, 1, 1], False),  # old lows no longer count
        ([1, 1], False),
    ],
)
def test_care_nudge_after_three_low_moods_of_the_last_five(agent, moods, nudged):
    history_of(agent, moods)

    assert care_nudge_applies(user=agent) is nudged


def test_only_the_agent_sees_the_nudge(client, agent, team_lead, team):
    history_of(agent, [1, 1, 1])
    client.force_login(agent)

    page = client.get(reverse("wellbeing:check_in")).content.decode()
    client.force_login(team_lead)
    lead_pages = [
        client.get(reverse("wellbeing:team_trends", args=[team.pk])).content.decode(),
        client.get(reverse("home")).content.decode(),
    ]

    assert 'id="care-heading"' in page
    assert "Ask my lead for a chat" in page
    assert all('id="care-heading"' not in p and "hard" not in p for p in lead_pages)


def test_asking_for_a_chat_tells_the_lead_only_that(client, agent, team_lead, team):
    history_of(agent, [1, 1, 1])
    client.force_login(agent)

    client.post(reverse("wellbeing:ask_for_chat"))
    client.post(reverse("wellbeing:ask_for_chat"))  # a double click asks once

    assert ChatRequest.objects.filter(user=agent).count() == 1
    notification = Notification.objects.get(user=team_lead)
    assert notification.message == "Ana Agent would like a chat with you."
    assert notification.url == reverse("wellbeing:team_trends", args=[team.pk])
    client.force_login(team_lead)
    page = client.get(notification.url).content.decode()
    assert "Ana Agent would like a chat with you" in page


def test_lead_can_mark_a_chat_request_done_and_others_cannot(
    client, agent, team_lead, other_team_lead
):
    chat = services.request_lead_chat(user=agent)

    client.force_login(other_team_lead)
    denied = client.post(reverse("wellbeing:resolve_chat", args=[chat.pk]))
    client.force_login(team_lead)
    done = client.post(reverse("wellbeing:resolve_chat", args=[chat.pk]))

    assert denied.status_code == 404
    assert done.status_code == 302
    chat.refresh_from_db()
    assert chat.resolved_at is not None


def test_someone_without_a_team_cannot_ask_for_a_chat(db):
    from tests.factories import UserFactory

    with pytest.raises(DomainError):
        services.request_lead_chat(user=UserFactory())


def test_chat_request_api(api_client, agent, team_lead):
    api_client.force_authenticate(agent)

    response = api_client.post("/api/v1/wellbeing/chat-requests/")

    assert response.status_code == 201
    assert Notification.objects.filter(user=team_lead, kind="chat_request").count() == 1


def test_unread_notifications_show_in_the_navigation(client, agent, team_lead):
    services.request_lead_chat(user=agent)
    client.force_login(team_lead)

    page = client.get(reverse("home")).content.decode()
    client.post(reverse("notifications:mark_all_read"))
    after = client.get(reverse("home")).content.decode()

    assert '<span class="count"' in page
    assert '<span class="count"' not in after
