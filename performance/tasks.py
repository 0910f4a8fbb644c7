from celery import shared_task

from performance.services import processing


@shared_task(acks_late=True, reject_on_worker_lost=True)
def process_events_task(event_ids: list[int]) -> int:
    return processing.process_events(event_ids=event_ids)


@shared_task(acks_late=True)
def sweep_pending_events_task() -> int:
    return processing.sweep_pending_events()
