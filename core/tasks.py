from celery import shared_task

from core.services import record_heartbeat


@shared_task(acks_late=True)
def record_heartbeat_task(source: str) -> None:
    record_heartbeat(source=source)
