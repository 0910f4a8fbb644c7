"""Public kudos reach the Slack channel HR chose, once; a rate limit (429 with Retry-After)
is waited out and retried, and nothing is posted twice."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from notifications.models import SlackPost, SlackUserLink, SlackWorkspace
from notifications.slack.tasks import post_to_slack_task, sweep_slack_task
from recognition.models import Kudos
from recognition.services.kudos import give_kudos

pytestmark = pytest.mark.django_db


@pytest.fixture
def channel(workspace):
    workspace.kudos_channel_id = "C0KUDOS"
    workspace.save(update_fields=["kudos_channel_id"])
    return workspace


def _give(agent, teammate, captured, **extra):
    with captured(execute=True):
        return give_kudos(
            giver=agent,
            recipient_ids=[teammate.pk],
            message="Covered my <queue> & more",
            value_slugs=["teamwork"],
            **extra,
        )


def test_kudos_given_anywhere_are_posted_to_the_chosen_channel(
    fake_slack, channel, agent, teammate, django_capture_on_commit_callbacks
) -> None:
    SlackUserLink.objects.create(workspace=channel, slack_user_id="U0TOM", user=teammate)

    _give(agent, teammate, django_capture_on_commit_callbacks)

    posts = {post["channel"]: post for post in fake_slack.called("chat.postMessage")}
    # the channel hears of it once, and the linked recipient gets their own direct message
    assert sorted(posts) == ["C0KUDOS", "U0TOM"]
    posted = posts["C0KUDOS"]
    assert "<@U0TOM>" in posted["text"]  # linked: a mention
    assert "Ana Agent" in posted["text"]  # not linked: the name
    assert "Covered my &lt;queue&gt; &amp; more" in posted["text"]
    assert "#teamwork" in posted["text"]
    assert SlackPost.objects.get().status == SlackPost.Status.SENT


def test_no_channel_chosen_posts_nothing(
    fake_slack, workspace, agent, teammate, django_capture_on_commit_callbacks
) -> None:
    _give(agent, teammate, django_capture_on_commit_callbacks)

    assert fake_slack.called("chat.postMessage") == []
    assert SlackPost.objects.count() == 0


def test_a_rate_limit_is_waited_out_and_retried_once(
    fake_slack, channel, agent, teammate, django_capture_on_commit_callbacks
) -> None:
    # given Slack answers the first post with 429, Retry-After 30 s
    fake_slack.answers["chat.postMessage"] = [
        (429, {"Retry-After": "30"}, {"ok": False, "error": "ratelimited"})
    ]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _give(agent, teammate, django_capture_on_commit_callbacks)
        post = SlackPost.objects.get()

        # when the sweeper runs before Retry-After has passed, and a copy of the task too
        with django_capture_on_commit_callbacks(execute=True):
            sweep_slack_task()
        post_to_slack_task(post.pk)
        assert len(fake_slack.called("chat.postMessage")) == 1

    # and again once it has passed, twice over
    with time_machine.travel(start + dt.timedelta(seconds=31), tick=False):
        sweep_slack_task()
        sweep_slack_task()
        post_to_slack_task(post.pk)

    # then it was posted exactly once after the refusal
    assert len(fake_slack.called("chat.postMessage")) == 2
    post.refresh_from_db()
    assert post.status == SlackPost.Status.SENT
    assert post.attempts == 2


def test_a_slack_outage_is_retried_and_a_permanent_refusal_is_not(
    fake_slack, channel, agent, teammate, django_capture_on_commit_callbacks
) -> None:
    fake_slack.answers["chat.postMessage"] = [
        (503, {}, {"ok": False, "error": "service_unavailable"}),
        (200, {}, {"ok": False, "error": "not_in_channel"}),
    ]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        _give(agent, teammate, django_capture_on_commit_callbacks)
    with time_machine.travel(start + dt.timedelta(minutes=2), tick=False):
        sweep_slack_task()
    with time_machine.travel(start + dt.timedelta(minutes=4), tick=False):
        sweep_slack_task()

    assert len(fake_slack.called("chat.postMessage")) == 2
    post = SlackPost.objects.get()
    assert post.status == SlackPost.Status.FAILED
    assert "not_in_channel" in post.last_error


def test_a_workspace_token_that_cannot_be_read_fails_the_post_not_the_page(
    client, fake_slack, channel, agent, teammate, django_capture_on_commit_callbacks
) -> None:
    # given a workspace whose stored token no longer decrypts (CUIDA_ENCRYPTION_KEY changed)
    SlackWorkspace.objects.filter(pk=channel.pk).update(bot_token_encrypted="-")
    client.force_login(agent)

    # when kudos are given from the page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("recognition:give"),
            {
                "recipients": [teammate.pk],
                "message": "Thanks for the cover",
                "values": ["teamwork"],
                "points_each": 0,
            },
        )

    # then the kudos are given, and the post to Slack fails with a reason HR can act on
    assert response.status_code in (200, 302)
    assert Kudos.objects.count() == 1
    post = SlackPost.objects.get()
    assert post.status == SlackPost.Status.FAILED
    assert "install" in post.last_error
    assert fake_slack.called("chat.postMessage") == []
