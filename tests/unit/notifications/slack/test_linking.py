"""A Slack user is a Cuida person when Slack shows the same e-mail address the person
confirmed in Cuida; anyone else gets a private, helpful answer in their language and
nothing is written."""

from __future__ import annotations

import pytest
from allauth.account.models import EmailAddress
from django.utils import translation
from django.utils.translation import gettext

from core.models import AuditEvent
from notifications.models import SlackRequest, SlackUserLink
from notifications.slack.linking import SlackPerson, language_for
from recognition.models import Kudos
from tests.unit.notifications.slack.conftest import command, post_form, verify_email

pytestmark = pytest.mark.django_db


def _kudos_from(client, fake_slack, slack_id, captured) -> None:
    with captured(execute=True):
        post_form(client, command(fake_slack, user_id=slack_id, text="<@U0TOM> #teamwork ty"))


@pytest.fixture
def tomas(fake_slack, teammate):
    verify_email(teammate)
    fake_slack.add_user("U0TOM", teammate.email)
    return teammate


@pytest.mark.parametrize("locale", ["es-LA", "en-US"])
def test_a_stranger_is_told_how_to_join_in_their_language(
    client, fake_slack, workspace, tomas, locale, django_capture_on_commit_callbacks
) -> None:
    # given someone in Slack whose address no Cuida person has
    fake_slack.add_user("U0NEW", "new.hire@example.test", locale=locale)

    # when they try to give kudos
    _kudos_from(client, fake_slack, "U0NEW", django_capture_on_commit_callbacks)

    # then only they are told what to do, in their language, and nothing happened
    [answer] = fake_slack.called("response")
    assert answer["response_type"] == "ephemeral"
    with translation.override(locale[:2]):
        expected = gettext(
            "Hi! I can't find a Cuida account with the confirmed address %(email)s. Sign in "
            "to Cuida, confirm that address in your account settings, and try again."
        ) % {"email": "new.hire@example.test"}
    assert answer["text"] == expected
    assert Kudos.objects.count() == 0
    assert SlackUserLink.objects.count() == 0
    assert SlackRequest.objects.get().status == SlackRequest.Status.REFUSED


@pytest.mark.parametrize(
    ("preferred", "locale", "expected"),
    [
        ("", "es-LA", "es"),
        ("", "en-GB", "en"),
        ("", "ja-JP", None),
        ("", "", None),
        ("en", "es-LA", "en"),
    ],
)
def test_the_answer_language_is_the_persons_then_slacks_then_the_companys(
    settings, agent, preferred, locale, expected
) -> None:
    agent.preferred_language = preferred
    person = SlackPerson(agent if preferred else None, locale)

    assert language_for(person) == (expected or settings.LANGUAGE_CODE)


def test_an_unconfirmed_cuida_address_is_not_enough(
    client, fake_slack, workspace, agent, tomas, django_capture_on_commit_callbacks
) -> None:
    EmailAddress.objects.create(user=agent, email=agent.email, verified=False, primary=True)
    fake_slack.add_user("U0ANA", agent.email)

    _kudos_from(client, fake_slack, "U0ANA", django_capture_on_commit_callbacks)

    assert Kudos.objects.count() == 0
    assert not SlackUserLink.objects.filter(user=agent).exists()
    assert len(fake_slack.called("response")) == 1


def test_an_address_slack_has_not_confirmed_is_not_enough(
    client, fake_slack, workspace, agent, tomas, django_capture_on_commit_callbacks
) -> None:
    verify_email(agent)
    fake_slack.add_user("U0ANA", agent.email, is_email_confirmed=False)

    _kudos_from(client, fake_slack, "U0ANA", django_capture_on_commit_callbacks)

    assert Kudos.objects.count() == 0
    assert not SlackUserLink.objects.filter(user=agent).exists()


def test_a_person_is_linked_once_then_known_without_asking_slack(
    client, fake_slack, workspace, agent, tomas, django_capture_on_commit_callbacks
) -> None:
    # given Ana confirmed her address in Cuida, with other capitals in Slack
    verify_email(agent)
    fake_slack.add_user("U0ANA", agent.email.upper())

    # when she gives kudos twice
    _kudos_from(client, fake_slack, "U0ANA", django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        post_form(
            client,
            command(fake_slack, user_id="U0ANA", text="<@U0TOM> #teamwork again", trigger_id="2"),
        )

    # then she is linked, and Slack was asked who she is only the first time
    assert SlackUserLink.objects.get(slack_user_id="U0ANA").user == agent
    assert Kudos.objects.filter(giver=agent).count() == 2
    asked = [call["user"] for call in fake_slack.called("users.info")]
    assert asked.count("U0ANA") == 1


def test_a_person_who_left_is_no_longer_known(
    client, fake_slack, workspace, agent, tomas, django_capture_on_commit_callbacks
) -> None:
    verify_email(agent)
    fake_slack.add_user("U0ANA", agent.email)
    _kudos_from(client, fake_slack, "U0ANA", django_capture_on_commit_callbacks)
    agent.is_active = False
    agent.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        post_form(
            client, command(fake_slack, user_id="U0ANA", text="<@U0TOM> #teamwork", trigger_id="3")
        )

    assert Kudos.objects.filter(giver=agent).count() == 1


def test_linking_is_audited(
    client, fake_slack, workspace, agent, tomas, django_capture_on_commit_callbacks
) -> None:
    verify_email(agent)
    fake_slack.add_user("U0ANA", agent.email)

    _kudos_from(client, fake_slack, "U0ANA", django_capture_on_commit_callbacks)

    assert AuditEvent.objects.filter(verb="slack.linked", actor=agent).count() == 1
