"""The "Give kudos" message shortcut opens a modal prefilled with the message's author and
link; sending it gives the kudos. The Home tab shows the person's points and kudos."""

from __future__ import annotations

import json

import pytest

from notifications.models import SlackUserLink
from recognition.models import Kudos
from recognition.selectors import balance_of
from recognition.services.kudos import give_kudos
from tests.unit.notifications.slack.conftest import TEAM_ID, interactive, post_form, post_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(workspace, agent, teammate, team_lead):
    for slack_id, person in (("U0ANA", agent), ("U0TOM", teammate), ("U0LIA", team_lead)):
        SlackUserLink.objects.create(workspace=workspace, slack_user_id=slack_id, user=person)


def _shortcut(trigger: str = "tr1") -> dict:
    return {
        "type": "message_action",
        "callback_id": "give_kudos",
        "trigger_id": trigger,
        "team": {"id": TEAM_ID, "domain": "cuida"},
        "user": {"id": "U0ANA", "team_id": TEAM_ID},
        "channel": {"id": "C0SUPPORT"},
        "message": {"type": "message", "user": "U0TOM", "ts": "1700000000.123456", "text": "Done!"},
        "response_url": "",
    }


def test_the_shortcut_opens_a_modal_about_the_message(
    client, fake_slack, linked, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(client, interactive(_shortcut()))

    assert response.status_code == 200
    [opened] = fake_slack.called("views.open")
    assert opened["trigger_id"] == "tr1"
    view = opened["view"]
    assert view["callback_id"] == "give_kudos_modal"
    assert json.loads(view["private_metadata"])["link"] == (
        "https://cuida.slack.com/archives/C0SUPPORT/p1700000000123456"
    )
    [recipients] = [block for block in view["blocks"] if block["block_id"] == "recipients"]
    assert recipients["element"]["initial_users"] == ["U0TOM"]


def _submission(*, users: list[str], values: list[str], points: str | None, message: str) -> dict:
    link = "https://cuida.slack.com/archives/C0SUPPORT/p1700000000123456"
    return {
        "type": "view_submission",
        "team": {"id": TEAM_ID, "domain": "cuida"},
        "user": {"id": "U0ANA", "team_id": TEAM_ID},
        "trigger_id": "tr2",
        "view": {
            "id": "V0MODAL",
            "hash": "1700000000.abc",
            "team_id": TEAM_ID,
            "type": "modal",
            "callback_id": "give_kudos_modal",
            "private_metadata": json.dumps({"link": link}),
            "state": {
                "values": {
                    "recipients": {
                        "recipients": {"type": "multi_users_select", "selected_users": users}
                    },
                    "values": {
                        "values": {
                            "type": "multi_static_select",
                            "selected_options": [{"value": slug} for slug in values],
                        }
                    },
                    "points": {"points": {"type": "number_input", "value": points}},
                    "message": {"message": {"type": "plain_text_input", "value": message}},
                }
            },
        },
    }


def test_sending_the_modal_gives_kudos_about_the_message_once(
    client, fake_slack, linked, teammate, team_lead, django_capture_on_commit_callbacks
) -> None:
    submission = _submission(
        users=["U0TOM", "U0LIA"], values=["teamwork"], points="7", message="Great save"
    )

    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, interactive(submission))
        post_form(client, interactive(submission), HTTP_X_SLACK_RETRY_NUM="1")

    kudos = Kudos.objects.get()
    assert kudos.message == "Great save"
    assert kudos.interaction_ref.endswith("/archives/C0SUPPORT/p1700000000123456")
    assert balance_of(user=teammate) == balance_of(user=team_lead) == 7
    # the giver is told once; each linked recipient hears of it in their direct messages
    posts = sorted(post["channel"] for post in fake_slack.called("chat.postMessage"))
    assert posts == ["U0ANA", "U0LIA", "U0TOM"]


def test_a_modal_without_a_message_is_refused_privately(
    client, fake_slack, linked, django_capture_on_commit_callbacks
) -> None:
    submission = _submission(users=["U0TOM"], values=["teamwork"], points=None, message="")

    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, interactive(submission))

    assert Kudos.objects.count() == 0
    [told] = fake_slack.called("chat.postMessage")
    assert told["channel"] == "U0ANA"
    assert "message is required" in told["text"]


def _home_opened(event_id: str) -> dict:
    return {
        "type": "event_callback",
        "team_id": TEAM_ID,
        "api_app_id": "A0CUIDA",
        "event_id": event_id,
        "event_time": 1700000000,
        "event": {"type": "app_home_opened", "user": "U0TOM", "channel": "D0TOM", "tab": "home"},
        "authorizations": [{"team_id": TEAM_ID, "user_id": "U0BOT", "is_bot": True}],
    }


def test_the_home_tab_shows_points_and_kudos_received_once_per_event(
    client, fake_slack, linked, agent, teammate, django_capture_on_commit_callbacks
) -> None:
    # given Tomás received kudos with points
    give_kudos(
        giver=agent,
        recipient_ids=[teammate.pk],
        message="Thanks for the handover",
        value_slugs=["teamwork"],
        points_each=12,
    )

    # when he opens the app's Home tab (and Slack retries the event)
    with django_capture_on_commit_callbacks(execute=True):
        for retry in ("", "1", "2"):
            headers = {"HTTP_X_SLACK_RETRY_NUM": retry} if retry else {}
            assert post_json(client, _home_opened("Ev01"), **headers).status_code == 200

    # then one Home view is published with his points and the kudos
    [published] = fake_slack.called("views.publish")
    assert published["user_id"] == "U0TOM"
    shown = json.dumps(published["view"], ensure_ascii=False)
    assert "12" in shown
    assert "Thanks for the handover" in shown
    assert "Ana Agent" in shown


def test_the_home_tab_of_a_stranger_says_how_to_join(
    client, fake_slack, workspace, django_capture_on_commit_callbacks
) -> None:
    fake_slack.add_user("U0TOM", "stranger@example.test", locale="en-US")

    with django_capture_on_commit_callbacks(execute=True):
        post_json(client, _home_opened("Ev02"))

    [published] = fake_slack.called("views.publish")
    assert "stranger@example.test" in json.dumps(published["view"])


def test_a_url_verification_is_answered_with_its_challenge(client, fake_slack, workspace) -> None:
    response = post_json(
        client,
        {
            "type": "url_verification",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        },
    )

    assert response.status_code == 200
    assert "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" in response.content.decode()
