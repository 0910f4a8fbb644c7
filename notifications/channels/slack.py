"""Slack: the notification as a direct message from the Cuida app, to people whose Slack
account is linked (``notifications.slack``)."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.channels.base import Channel, Outgoing, RetryLater, Undeliverable
from notifications.emails import language_of
from notifications.kinds import SLACK
from notifications.models import SlackUserLink
from notifications.slack.app import is_configured
from notifications.slack.client import SlackError, SlackRetryLater
from notifications.slack.messaging import post_direct_message


class SlackChannel(Channel):
    name = SLACK

    def configured(self) -> bool:
        return is_configured()

    def reachable(self, user_ids: Collection[int]) -> set[int]:
        if not self.configured():
            return set()
        links = SlackUserLink.objects.filter(user_id__in=user_ids, workspace__active=True)
        return set(links.values_list("user_id", flat=True))

    def send(self, outgoing: Outgoing) -> None:
        with override(language_of(outgoing.user)):
            button = _("Open Cuida")
        blocks: list[dict[str, Any]] = [
            {
                "type": "section",
                "text": {"type": "mrkdwn", "text": f"*{outgoing.title}*\n{outgoing.text}"},
            },
            {
                "type": "actions",
                "elements": [
                    {
                        "type": "button",
                        "text": {"type": "plain_text", "text": button},
                        "url": outgoing.url,
                    }
                ],
            },
        ]
        try:
            post_direct_message(user=outgoing.user, text=outgoing.text, blocks=blocks)
        except SlackRetryLater as exc:
            raise RetryLater(str(exc), retry_after=exc.retry_after) from exc
        except SlackError as exc:  # not linked any more, token revoked, account inactive
            raise Undeliverable(f"Slack: {exc}") from exc
