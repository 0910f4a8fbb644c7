"""Settings of the workers of tests/integration/test_notification_fanout.py: Cuida's, with a
flaky channel standing in for web push and e-mail counted in Redis (``fanout_channel``)."""

from config.settings import *  # noqa: F403

NOTIFICATION_EXTRA_CHANNELS = ["tests.integration.fanout_channel.FlakyChannel"]
EMAIL_BACKEND = "tests.integration.fanout_channel.RecordingEmailBackend"
