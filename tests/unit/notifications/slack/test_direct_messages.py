"""``post_direct_message``: what the notification channel calls to reach a linked person,
and the failures it tells apart (try later, or give up)."""

from __future__ import annotations

import pytest

from notifications.models import SlackUserLink
from notifications.slack import SlackError, SlackNotLinked, SlackRetryLater, post_direct_message

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(workspace, agent):
    SlackUserLink.objects.create(workspace=workspace, slack_user_id="U0ANA", user=agent)
    return agent


def test_a_linked_person_gets_a_direct_message(fake_slack, linked) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "Hola"}}]

    post_direct_message(user=linked, text="Hola", blocks=blocks)

    [posted] = fake_slack.called("chat.postMessage")
    assert (posted["channel"], posted["text"], posted["blocks"]) == ("U0ANA", "Hola", blocks)


def test_a_rate_limit_says_when_to_try_again(fake_slack, linked) -> None:
    fake_slack.answers["chat.postMessage"] = [
        (429, {"Retry-After": "17"}, {"ok": False, "error": "ratelimited"})
    ]

    with pytest.raises(SlackRetryLater) as raised:
        post_direct_message(user=linked, text="Hola")

    assert raised.value.retry_after == 17


def test_slack_trouble_is_a_retry(fake_slack, linked) -> None:
    fake_slack.answers["chat.postMessage"] = [(502, {}, {"ok": False, "error": "bad_gateway"})]

    with pytest.raises(SlackRetryLater):
        post_direct_message(user=linked, text="Hola")


def test_an_inactive_slack_account_is_a_permanent_failure(fake_slack, linked) -> None:
    fake_slack.answers["chat.postMessage"] = [(200, {}, {"ok": False, "error": "account_inactive"})]

    with pytest.raises(SlackError) as raised:
        post_direct_message(user=linked, text="Hola")

    assert not isinstance(raised.value, SlackRetryLater)
    assert "account_inactive" in str(raised.value)


def test_someone_not_linked_cannot_be_reached(fake_slack, workspace, teammate) -> None:
    with pytest.raises(SlackNotLinked):
        post_direct_message(user=teammate, text="Hola")

    assert fake_slack.called("chat.postMessage") == []


def test_an_uninstalled_workspace_reaches_nobody(fake_slack, linked, workspace) -> None:
    workspace.active = False
    workspace.save(update_fields=["active"])

    with pytest.raises(SlackNotLinked):
        post_direct_message(user=linked, text="Hola")
