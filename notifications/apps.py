from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")
    # HR see which addresses bounced or complained, and clear one that works again.
    hr_managed_models = ("emailsuppression",)

    def ready(self) -> None:
        from anymail.signals import tracking

        # The webhook tasks, which the services enqueue by their registered name.
        from notifications import tasks  # noqa: F401
        from notifications.email_events import on_tracking_event

        # Bounces and complaints the e-mail provider reports stop mail to that address.
        tracking.connect(on_tracking_event, dispatch_uid="notifications.email_events")
