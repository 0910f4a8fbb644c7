from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        # The webhook tasks, which the services enqueue by their registered name.
        from notifications import tasks  # noqa: F401
        from notifications.slack import tasks as slack_tasks  # noqa: F401
