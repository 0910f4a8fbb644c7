"""Celery tasks of the Slack app: thin wrappers over ``dispatch`` (registered by name,
which the services enqueue; imported by ``NotificationsConfig.ready``)."""

from celery import shared_task

from notifications.slack import announcements, dispatch


@shared_task(name=dispatch.PROCESS_TASK, acks_late=True, reject_on_worker_lost=True)
def process_slack_request_task(request_id: int) -> str:
    return dispatch.process(request_id=request_id)


@shared_task(name=announcements.POST_TASK, acks_late=True, reject_on_worker_lost=True)
def post_to_slack_task(post_id: int) -> str:
    return announcements.deliver(post_id=post_id)


@shared_task(acks_late=True)
def sweep_slack_task() -> int:
    """Requests whose task was lost, and public posts due again (after a rate limit)."""
    return dispatch.sweep_pending() + announcements.sweep_due()
