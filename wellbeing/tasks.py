from celery import shared_task

from wellbeing import services
from wellbeing.services import trends


@shared_task(acks_late=True)
def send_check_in_reminders_task() -> int:
    return services.send_due_reminders()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_check_in_reminder_email_task(reminder_id: int) -> bool:
    return services.email_check_in_reminder(reminder_id=reminder_id)


@shared_task(acks_late=True)
def publish_trends_task() -> int:
    return trends.publish_trends()
