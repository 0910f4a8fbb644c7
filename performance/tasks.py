"""Celery tasks: thin wrappers over the services. Tasks import services; services enqueue
these by their registered name, so there is no import cycle."""

from celery import shared_task

from performance.services import processing
from performance.services.ingestion import PROCESS_EVENTS_TASK


@shared_task(name=PROCESS_EVENTS_TASK, acks_late=True, reject_on_worker_lost=True)
def process_events_task(event_ids: list[int]) -> int:
    return processing.process_events(event_ids=event_ids)


@shared_task(acks_late=True)
def sweep_pending_events_task() -> int:
    return processing.sweep_pending_events()
