"""The Slack app's transport (README, "Slack"): the Bolt app and its request verification,
the OAuth install per workspace, people linked by verified e-mail, the claims that make
Slack's retries harmless, and the registry where the apps above plug in their handlers
(``registry.command("kudos")``...) from their ``AppConfig.ready()``.

Nothing here knows kudos or check-ins: notifications imports nothing above people.
"""

from notifications.slack.client import SlackError, SlackNotLinked, SlackRetryLater
from notifications.slack.messaging import post_direct_message

__all__ = ["SlackError", "SlackNotLinked", "SlackRetryLater", "post_direct_message"]
