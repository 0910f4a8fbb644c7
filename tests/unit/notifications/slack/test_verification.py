"""Only Slack may call the events endpoint: a request is signed with the signing secret over
``v0:timestamp:body`` and no older than five minutes, or it gets 401 and changes nothing."""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlencode

import pytest

from notifications.models import SlackRequest, SlackUserLink
from recognition.models import Kudos
from tests.unit.notifications.slack.conftest import (
    EVENTS_URL,
    command,
    post_form,
    sign,
    verify_email,
)

pytestmark = pytest.mark.django_db


def _post(client: Any, body: str, headers: dict[str, str]) -> Any:
    return client.post(
        EVENTS_URL, data=body, content_type="application/x-www-form-urlencoded", **headers
    )


def test_a_signed_command_is_acknowledged(client, fake_slack, workspace, agent) -> None:
    verify_email(agent)
    fake_slack.add_user("U0ANA", agent.email)

    response = post_form(client, command(fake_slack, user_id="U0ANA", text="help"))

    assert response.status_code == 200
    assert SlackRequest.objects.count() == 1


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: sign(body, secret="not-the-signing-secret"), id="bad-signature"),
        pytest.param(lambda body: sign(body, timestamp=int(time.time()) - 6 * 60), id="stale"),
        pytest.param(lambda body: sign(body, timestamp=int(time.time()) + 6 * 60), id="future"),
        pytest.param(lambda body: {}, id="unsigned"),
    ],
)
def test_an_unverified_request_gets_401_and_writes_nothing(
    client, fake_slack, workspace, agent, teammate, headers, django_capture_on_commit_callbacks
) -> None:
    # given a /kudos that would otherwise give kudos
    verify_email(agent)
    verify_email(teammate)
    fake_slack.add_user("U0ANA", agent.email)
    fake_slack.add_user("U0TOM", teammate.email)
    body = urlencode(command(fake_slack, user_id="U0ANA", text="<@U0TOM> #teamwork thanks"))

    # when it arrives without a valid signature
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, body, headers(body))

    # then it is refused and nothing is written or called
    assert response.status_code == 401
    assert SlackRequest.objects.count() == 0
    assert SlackUserLink.objects.count() == 0
    assert Kudos.objects.count() == 0
    assert fake_slack.calls == []


def test_a_body_changed_after_signing_is_refused(client, fake_slack, workspace) -> None:
    body = urlencode(command(fake_slack, user_id="U0ANA", text="+1"))
    headers = sign(body)

    response = _post(client, body.replace("%2B1", "%2B100"), headers)

    assert response.status_code == 401
    assert SlackRequest.objects.count() == 0


def test_the_endpoint_is_off_until_slack_is_configured(client, settings, db) -> None:
    settings.SLACK_CLIENT_ID = ""
    settings.SLACK_CLIENT_SECRET = ""
    settings.SLACK_SIGNING_SECRET = ""
    body = urlencode({"command": "/kudos"})

    response = _post(client, body, sign(body))

    assert response.status_code == 404
