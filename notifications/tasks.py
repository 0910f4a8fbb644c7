"""Celery tasks: thin wrappers over the services, which enqueue them by registered name."""

from celery import shared_task

from notifications.services import deliveries, digests, webhooks
from notifications.services.deliveries import SEND_TASK
from notifications.services.webhooks import DELIVER_TASK


@shared_task(name=DELIVER_TASK, acks_late=True, reject_on_worker_lost=True)
def deliver_webhook_task(delivery_id: int) -> str:
    return webhooks.deliver(delivery_id=delivery_id)


@shared_task(acks_late=True)
def retry_webhook_deliveries_task() -> int:
    return webhooks.retry_due_deliveries()


@shared_task(name=SEND_TASK, acks_late=True, reject_on_worker_lost=True)
def send_deliveries_task(delivery_ids: list[int]) -> dict[str, int]:
    return deliveries.send_deliveries(delivery_ids=delivery_ids)


@shared_task(acks_late=True)
def send_due_deliveries_task() -> int:
    return deliveries.send_due_deliveries()


@shared_task(acks_late=True)
def send_due_digests_task() -> int:
    return digests.send_due_digests()
