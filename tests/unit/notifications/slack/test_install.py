"""HR install the app in a workspace with "Add to Slack" (OAuth v2); the bot token is kept
encrypted; HR choose the public kudos channel and can uninstall it."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.urls import reverse

from core.models import AuditEvent
from notifications.models import SlackOAuthState, SlackUserLink, SlackWorkspace
from notifications.slack.client import bot_token
from tests.unit.notifications.slack.conftest import BOT_TOKEN, TEAM_ID, post_json

pytestmark = pytest.mark.django_db


def _start_install(client) -> str:
    response = client.get(reverse("notifications:slack_install"))
    assert response.status_code == 302
    url = urlsplit(response["Location"])
    assert url.netloc == "slack.com"
    query = parse_qs(url.query)
    assert "users:read.email" in query["scope"][0]
    return query["state"][0]


def test_hr_install_the_app_and_the_token_is_stored_encrypted(client, fake_slack, hr_admin) -> None:
    # given HR start "Add to Slack" and Slack sends them back with a code
    client.force_login(hr_admin)
    state = _start_install(client)

    # when the redirect arrives
    response = client.get(reverse("notifications:slack_oauth"), {"code": "c0de", "state": state})

    # then the workspace is installed, its token only encrypted at rest
    assert response.status_code == 302
    workspace = SlackWorkspace.objects.get(team_id=TEAM_ID)
    assert workspace.installed_by == hr_admin
    assert workspace.bot_id == "B0BOT"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM notifications_slackworkspace")
        row = " ".join(str(column) for column in cursor.fetchone())
    assert BOT_TOKEN not in row
    assert bot_token(workspace) == BOT_TOKEN
    [exchange] = fake_slack.called("oauth.v2.access")
    assert exchange["code"] == "c0de"
    assert AuditEvent.objects.filter(verb="slack.installed", actor=hr_admin).exists()
    page = client.get(reverse("notifications:slack"))
    assert "Cuida Contact Center" in page.content.decode()


def test_a_replayed_or_foreign_state_installs_nothing(client, fake_slack, hr_admin) -> None:
    client.force_login(hr_admin)
    state = _start_install(client)
    client.get(reverse("notifications:slack_oauth"), {"code": "c0de", "state": state})
    SlackWorkspace.objects.all().delete()

    replayed = client.get(reverse("notifications:slack_oauth"), {"code": "c0de", "state": state})
    forged = client.get(reverse("notifications:slack_oauth"), {"code": "c0de", "state": "made-up"})

    assert replayed.status_code == forged.status_code == 302
    assert SlackWorkspace.objects.count() == 0
    assert len(fake_slack.called("oauth.v2.access")) == 1


def test_a_state_from_another_browser_installs_nothing(
    client, fake_slack, hr_admin, django_user_model
) -> None:
    client.force_login(hr_admin)
    state = _start_install(client)
    other_hr = type(hr_admin).objects.create_user(email="hr2@example.test", password="x" * 12)
    other_hr.groups.set(hr_admin.groups.all())
    client.force_login(other_hr)

    client.get(reverse("notifications:slack_oauth"), {"code": "c0de", "state": state})

    assert SlackWorkspace.objects.count() == 0
    assert SlackOAuthState.objects.filter(state=state).exists()


@pytest.mark.parametrize("persona", ["agent", "team_lead"])
def test_only_hr_install_or_manage_the_app(client, fake_slack, workspace, persona, request) -> None:
    client.force_login(request.getfixturevalue(persona))

    pages = [
        client.get(reverse("notifications:slack")),
        client.get(reverse("notifications:slack_install")),
        client.get(reverse("notifications:slack_oauth"), {"code": "c", "state": "s"}),
        client.post(
            reverse("notifications:slack_channel", args=[workspace.pk]), {"channel_id": "C1"}
        ),
        client.post(reverse("notifications:slack_uninstall", args=[workspace.pk])),
    ]

    assert [page.status_code for page in pages] == [403] * 5
    workspace.refresh_from_db()
    assert workspace.active
    assert workspace.kudos_channel_id == ""


def test_hr_choose_the_public_kudos_channel(client, fake_slack, workspace, hr_admin) -> None:
    client.force_login(hr_admin)

    good = client.post(
        reverse("notifications:slack_channel", args=[workspace.pk]), {"channel_id": "c0kudos"}
    )
    workspace.refresh_from_db()
    bad = client.post(
        reverse("notifications:slack_channel", args=[workspace.pk]), {"channel_id": "#general"}
    )

    assert good.status_code == bad.status_code == 302
    workspace.refresh_from_db()
    assert workspace.kudos_channel_id == "C0KUDOS"
    assert AuditEvent.objects.filter(verb="slack.kudos_channel_set").count() == 1


def test_hr_uninstall_forgets_the_token_and_the_links(
    client, fake_slack, workspace, hr_admin, agent
) -> None:
    SlackUserLink.objects.create(workspace=workspace, slack_user_id="U0ANA", user=agent)
    client.force_login(hr_admin)

    response = client.post(reverse("notifications:slack_uninstall", args=[workspace.pk]))

    assert response.status_code == 302
    workspace.refresh_from_db()
    assert not workspace.active
    assert workspace.bot_token_encrypted == ""
    assert SlackUserLink.objects.count() == 0
    assert AuditEvent.objects.filter(verb="slack.uninstalled", actor=hr_admin).exists()


def test_the_hr_page_costs_the_same_queries_for_many_workspaces(
    client, fake_slack, hr_admin, django_assert_max_num_queries
) -> None:
    for number in range(6):
        SlackWorkspace.objects.create(
            team_id=f"T{number}", name=f"W{number}", bot_token_encrypted="x"
        )
    client.force_login(hr_admin)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("notifications:slack"))

    assert response.status_code == 200
    assert response.content.decode().count("Save channel") == 6


def test_the_page_says_when_slack_is_not_set_up(client, settings, hr_admin) -> None:
    settings.SLACK_CLIENT_ID = settings.SLACK_CLIENT_SECRET = settings.SLACK_SIGNING_SECRET = ""
    client.force_login(hr_admin)

    page = client.get(reverse("notifications:slack"))
    install = client.get(reverse("notifications:slack_install"))

    assert "SLACK_SIGNING_SECRET" in page.content.decode()
    assert install.status_code == 404


@pytest.mark.parametrize("event", ["app_uninstalled", "tokens_revoked"])
def test_removing_the_app_in_slack_forgets_the_workspace(
    client, fake_slack, workspace, agent, event
) -> None:
    SlackUserLink.objects.create(workspace=workspace, slack_user_id="U0ANA", user=agent)
    payload = {
        "type": "event_callback",
        "team_id": TEAM_ID,
        "event_id": "Ev0GONE",
        "event": {"type": event, "tokens": {"bot": ["U0BOT"]}},
    }

    response = post_json(client, payload)

    assert response.status_code == 200
    workspace.refresh_from_db()
    assert not workspace.active
    assert workspace.bot_token_encrypted == ""
    assert SlackUserLink.objects.count() == 0
