"""What tests/integration/test_notification_fanout.py installs in its worker processes
(through ``fanout_settings``) and in its own: a channel standing in for web push that fails
about half of its sends, and an e-mail backend. Both count each message they let through in
one Redis hash (``FANOUT_RECORD_KEY``), which every process sees: ``push:<delivery id>`` and
``email:<address>`` → how many times it was sent."""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Sequence

import redis
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

from notifications.channels import Channel, Outgoing, RetryLater
from notifications.kinds import PUSH
from notifications.services.deliveries import MAX_ATTEMPTS

RECORD_KEY = "FANOUT_RECORD_KEY"
# A delivery id: the channel stops for a minute after sending it, before the worker records
# it as sent, so the test can kill the worker inside the at-least-once window.
STALL_AFTER = "FANOUT_STALL_AFTER"


def records() -> redis.Redis:
    return redis.Redis.from_url(os.environ["REDIS_URL"])


def record(field: str) -> None:
    records().hincrby(os.environ[RECORD_KEY], field, 1)


def fails(delivery_id: int, attempt: int) -> bool:
    """A coin toss per delivery and attempt, the same in every process and run. The last
    attempt before ``MAX_ATTEMPTS`` never fails, so every delivery is sent in the end."""
    if attempt >= MAX_ATTEMPTS - 1:
        return False
    return hashlib.sha256(f"{delivery_id}:{attempt}".encode()).digest()[0] % 2 == 0


class FlakyChannel(Channel):
    name = PUSH

    def send(self, outgoing: Outgoing) -> None:
        delivery = outgoing.delivery
        if fails(delivery.pk, delivery.attempts):
            # Due again at once: the test's sweeper loop retries it, not a backoff.
            raise RetryLater("The flaky channel said: try again.", retry_after=0)
        record(f"push:{delivery.pk}")
        if os.environ.get(STALL_AFTER) == str(delivery.pk):
            time.sleep(60)


class RecordingEmailBackend(BaseEmailBackend):
    """Sends nothing; counts each message per recipient."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            for address in message.to:
                record(f"email:{address}")
        return len(email_messages)
