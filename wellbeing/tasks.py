from celery import shared_task

from wellbeing.services.reminders import send_due_reminders
from wellbeing.services.trends import publish_trends

__all__ = ["publish_trends_task", "send_check_in_reminders_task"]


@shared_task(acks_late=True)
def send_check_in_reminders_task() -> int:
    return send_due_reminders()


@shared_task(acks_late=True)
def publish_trends_task() -> int:
    return publish_trends()
