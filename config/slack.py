"""The Slack app's settings (``SLACK_*`` in config/settings.py; README, "Slack").

Off until the three secrets are set: without them no Bolt app is built and the events
endpoint answers 404 (``notifications.slack.app``). ``SLACK_API_URL`` is where the Web API
is called; tests point it at a fake on loopback.
"""

from __future__ import annotations

import environ
from django.core.exceptions import ImproperlyConfigured


def from_env(env: environ.Env) -> tuple[str, str, str, str]:
    """SLACK_CLIENT_ID, SLACK_CLIENT_SECRET, SLACK_SIGNING_SECRET and SLACK_API_URL."""
    values = {
        "SLACK_CLIENT_ID": env.str("SLACK_CLIENT_ID", default=""),
        "SLACK_CLIENT_SECRET": env.str("SLACK_CLIENT_SECRET", default=""),
        "SLACK_SIGNING_SECRET": env.str("SLACK_SIGNING_SECRET", default=""),
        "SLACK_API_URL": env.str("SLACK_API_URL", default="https://slack.com/api/"),
    }
    secrets = [values[name] for name in ("SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET")]
    if any(secrets) and not all([*secrets, values["SLACK_SIGNING_SECRET"]]):
        # Half a configuration would install workspaces whose requests are then refused.
        raise ImproperlyConfigured(
            "Set all of SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_SIGNING_SECRET, or none."
        )
    api_url = values["SLACK_API_URL"].rstrip("/") + "/"
    return (
        values["SLACK_CLIENT_ID"],
        values["SLACK_CLIENT_SECRET"],
        values["SLACK_SIGNING_SECRET"],
        api_url,
    )
