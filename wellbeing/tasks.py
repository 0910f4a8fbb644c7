from celery import shared_task

from wellbeing.services.reminders import send_due_reminders
from wellbeing.services.slack_check_ins import send_due_slack_check_ins, send_prompt
from wellbeing.services.trends import publish_trends

__all__ = [
    "publish_trends_task",
    "send_check_in_reminders_task",
    "send_slack_check_in_task",
    "send_slack_check_ins_task",
]


@shared_task(acks_late=True)
def send_check_in_reminders_task() -> int:
    return send_due_reminders()


@shared_task(acks_late=True)
def publish_trends_task() -> int:
    return publish_trends()


@shared_task(acks_late=True)
def send_slack_check_ins_task() -> int:
    return send_due_slack_check_ins()


@shared_task(acks_late=True)
def send_slack_check_in_task(prompt_id: int) -> str:
    return send_prompt(prompt_id=prompt_id)
