"""The periodic tasks Celery beat starts (``CELERY_BEAT_SCHEDULE`` in config/settings.py).

Each task picks its work up by state, so a run that overlaps or repeats does no harm
(conventions 16); the intervals only say how soon the work is noticed.
"""

from __future__ import annotations

from typing import Any

CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "send-check-in-reminders": {
        "task": "wellbeing.tasks.send_check_in_reminders_task",
        "schedule": 300.0,
    },
    # Anonymous trend windows are published once their week is over everywhere (Monday
    # 12:00 UTC); running often only matters for how soon after that they appear.
    "publish-wellbeing-trends": {
        "task": "wellbeing.tasks.publish_trends_task",
        "schedule": 900.0,
    },
    "sweep-pending-events": {
        "task": "performance.tasks.sweep_pending_events_task",
        "schedule": 60.0,
    },
    # Outbound webhooks waiting for their next attempt (backoff), a batch at a time.
    "retry-webhook-deliveries": {
        "task": "notifications.tasks.retry_webhook_deliveries_task",
        "schedule": 60.0,
    },
    # Notifications that waited (quiet hours, shift hours, the daily cap), are retrying or
    # were never enqueued because the broker was down.
    "send-due-notification-deliveries": {
        "task": "notifications.tasks.send_due_deliveries_task",
        "schedule": 60.0,
    },
    # Weekly digests, on each person's Monday morning (notifications/services/digests.py):
    # every quarter of an hour, so each time zone meets a run soon after 08:00.
    "send-due-digests": {
        "task": "notifications.tasks.send_due_digests_task",
        "schedule": 900.0,
    },
    "record-worker-heartbeat": {
        "task": "core.tasks.record_heartbeat_task",
        "schedule": 60.0,
        "args": ("beat",),
    },
}
