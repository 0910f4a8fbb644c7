"""The reminder e-mail's task, apart from ``wellbeing.tasks``: ``services.reminders``
enqueues it, and it calls ``services.reminder_emails`` only, so the services never import a
module that imports them back. Registered under its old name for messages already queued."""

from celery import shared_task

from wellbeing.services.reminder_emails import email_check_in_reminder


@shared_task(
    name="wellbeing.tasks.send_check_in_reminder_email_task",
    acks_late=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def send_check_in_reminder_email_task(reminder_id: int) -> bool:
    return email_check_in_reminder(reminder_id=reminder_id)
