"""Enqueueing tasks without letting a broker outage into the caller (design invariant 9).

Callers enqueue after their transaction committed; the write is already stored, so a broker
that is down must cost them neither an error nor a long wait. A task not sent is not sent:
use this only where something catches up later (the events sweeper,
``performance.services.processing.sweep_pending_events``) or where the README states the
loss (a check-in reminder's e-mail, ``wellbeing.services.send_due_reminders``).
"""

from __future__ import annotations

import logging
import threading
from time import monotonic
from typing import Any

from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

# After a failed publish, this process leaves the broker alone for this long: a hung broker
# would otherwise cost every request its connect and read timeouts
# (CELERY_BROKER_CONNECTION_TIMEOUT, CELERY_BROKER_TRANSPORT_OPTIONS in config/settings.py).
PAUSE_SECONDS = 30.0

_paused_until: dict[str, float] = {}
_lock = threading.Lock()


def enqueue(task: Any, *args: Any) -> bool:
    """``task.delay(*args)``, or ``False`` with a warning when the broker cannot take it;
    never raises for a broker outage."""
    broker = task.app.conf.broker_url
    if monotonic() < _paused_until.get(broker, 0.0):
        logger.info("Broker paused after a failure; %s not enqueued.", task.name)
        return False
    try:
        task.delay(*args)
    except OperationalError as exc:
        # Eager mode has no broker to wait for; only a real one is paused.
        if not task.app.conf.task_always_eager:
            with _lock:
                _paused_until[broker] = monotonic() + PAUSE_SECONDS
        logger.warning("Broker unreachable (%s); %s not enqueued.", exc, task.name)
        return False
    with _lock:
        _paused_until.pop(broker, None)
    return True
