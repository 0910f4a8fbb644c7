"""``/kudos @ana @luis +10 #teamwork thanks for…`` gives kudos through recognition's own
service (same rules, ledger and feed), once, whatever Slack retries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings

from notifications.models import SlackRequest, SlackUserLink
from notifications.slack.tasks import sweep_slack_task
from recognition.models import Kudos, LedgerEntry, ValueTag
from recognition.selectors import balance_of
from recognition.slack import parse_command
from tests.unit.notifications.slack.conftest import command, post_form, verify_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(fake_slack, workspace, agent, teammate, team_lead):
    for slack_id, person in (("U0ANA", agent), ("U0TOM", teammate), ("U0LIA", team_lead)):
        verify_email(person)
        fake_slack.add_user(slack_id, person.email)
    return agent, teammate, team_lead


def test_parses_mentions_points_values_and_message() -> None:
    parsed = parse_command(
        "<@U0TOM|tomas> <@U0LIA> +10 #teamwork #Empathy thanks for the 3 calls &amp; more"
    )

    assert parsed.slack_user_ids == ["U0TOM", "U0LIA"]
    assert parsed.points == 10
    assert parsed.tags == ["teamwork", "empathy"]
    assert parsed.message == "thanks for the 3 calls & more"


def test_kudos_command_gives_kudos_with_points(
    client, fake_slack, people, django_capture_on_commit_callbacks
) -> None:
    agent, teammate, team_lead = people

    # when Ana thanks two colleagues from Slack
    with django_capture_on_commit_callbacks(execute=True):
        response = post_form(
            client,
            command(
                fake_slack,
                user_id="U0ANA",
                text="<@U0TOM|tomas> <@U0LIA> +10 #teamwork thanks for covering my queue",
            ),
        )

    # then they both see the kudos and the points, and Ana is told privately
    assert response.status_code == 200
    kudos = Kudos.objects.get()
    assert kudos.giver == agent
    assert set(kudos.recipients.all()) == {teammate, team_lead}
    assert kudos.message == "thanks for covering my queue"
    assert [value.slug for value in kudos.values.all()] == ["teamwork"]
    assert balance_of(user=teammate) == 10
    assert balance_of(user=team_lead) == 10
    [answer] = fake_slack.called("response")
    assert answer["response_type"] == "ephemeral"
    assert "Tomás Teammate" in answer["text"]


@pytest.mark.parametrize("retries", [1, 2, 3])
def test_slack_retries_never_give_twice(
    client, fake_slack, people, retries, django_capture_on_commit_callbacks
) -> None:
    # given Slack delivers the same command again (X-Slack-Retry-Num 1..3)
    fields = command(fake_slack, user_id="U0ANA", text="<@U0TOM> +5 #teamwork thanks")
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [post_form(client, fields).status_code] + [
            post_form(
                client,
                fields,
                HTTP_X_SLACK_RETRY_NUM=str(attempt),
                HTTP_X_SLACK_RETRY_REASON="http_timeout",
            ).status_code
            for attempt in range(1, retries + 1)
        ]

    # then exactly one kudos, one ledger entry, one answer
    assert statuses == [200] * (retries + 1)
    assert Kudos.objects.count() == 1
    assert LedgerEntry.objects.count() == 1
    assert balance_of(user=people[1]) == 5
    assert len(fake_slack.called("response")) == 1
    assert SlackRequest.objects.get().status == SlackRequest.Status.DONE


def test_a_task_delivered_twice_gives_once(
    client, fake_slack, people, django_capture_on_commit_callbacks
) -> None:
    from notifications.slack.tasks import process_slack_request_task

    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, command(fake_slack, user_id="U0ANA", text="<@U0TOM> +5 #teamwork ty"))
    process_slack_request_task(SlackRequest.objects.get().pk)

    assert Kudos.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


def test_self_kudos_is_refused_privately(
    client, fake_slack, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, command(fake_slack, user_id="U0ANA", text="<@U0ANA> +5 #teamwork me"))

    assert Kudos.objects.count() == 0
    [answer] = fake_slack.called("response")
    assert answer["response_type"] == "ephemeral"
    assert "cannot thank yourself" in answer["text"]
    assert SlackRequest.objects.get().status == SlackRequest.Status.REFUSED


@override_settings(KUDOS_MONTHLY_ALLOWANCE=20)
def test_more_points_than_the_allowance_is_refused(
    client, fake_slack, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_form(
            client, command(fake_slack, user_id="U0ANA", text="<@U0TOM> <@U0LIA> +15 #teamwork ty")
        )

    assert Kudos.objects.count() == 0
    assert LedgerEntry.objects.count() == 0
    [answer] = fake_slack.called("response")
    assert "20" in answer["text"]


def test_an_unknown_value_lists_ours(
    client, fake_slack, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, command(fake_slack, user_id="U0ANA", text="<@U0TOM> #speed ty"))

    assert Kudos.objects.count() == 0
    [answer] = fake_slack.called("response")
    for value in ValueTag.objects.filter(active=True):
        assert f"#{value.slug}" in answer["text"]


def test_mentioning_someone_not_in_cuida_is_refused(
    client, fake_slack, people, django_capture_on_commit_callbacks
) -> None:
    fake_slack.add_user("U0EXT", "contractor@elsewhere.test")

    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, command(fake_slack, user_id="U0ANA", text="<@U0EXT> #teamwork ty"))

    assert Kudos.objects.count() == 0
    assert not SlackUserLink.objects.filter(slack_user_id="U0EXT").exists()
    [answer] = fake_slack.called("response")
    assert "<@U0EXT>" in answer["text"]


def test_slack_busy_leaves_the_request_for_the_sweeper(
    client, fake_slack, people, django_capture_on_commit_callbacks
) -> None:
    # given Slack cannot say who Ana is right now
    SlackUserLink.objects.all().delete()
    fake_slack.answers["users.info"] = [(429, {"Retry-After": "5"}, {"ok": False})]
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, command(fake_slack, user_id="U0ANA", text="<@U0TOM> +5 #teamwork ty"))
    assert Kudos.objects.count() == 0
    claim = SlackRequest.objects.get()
    assert claim.status == SlackRequest.Status.PENDING

    # when the sweeper finds it a minute later
    SlackRequest.objects.filter(pk=claim.pk).update(
        created_at=claim.created_at - dt.timedelta(minutes=2)
    )
    sweep_slack_task()
    sweep_slack_task()

    # then the kudos is given once
    assert Kudos.objects.count() == 1
    assert LedgerEntry.objects.count() == 1


def test_handled_requests_are_forgotten_after_a_week(
    client, fake_slack, people, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        post_form(client, command(fake_slack, user_id="U0ANA", text="<@U0TOM> #teamwork ty"))
        post_form(
            client,
            command(fake_slack, user_id="U0ANA", text="<@U0TOM> #teamwork ok", trigger_id="2"),
        )
    old, recent = SlackRequest.objects.order_by("pk")
    SlackRequest.objects.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(days=8))

    sweep_slack_task()

    assert list(SlackRequest.objects.all()) == [recent]
    assert Kudos.objects.count() == 2
