from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "performance"
    verbose_name = _("Performance")
    demo_seeder = "performance.demo.seed_demo_performance"
    home_cards = {
        "agent": ("performance.home.feedback_card",),
        "hr": ("performance.home.events_card",),
    }

    def ready(self) -> None:
        # The OpenAPI scheme, and the tasks that ingestion enqueues by their name.
        from performance import authentication, digest, tasks  # noqa: F401

        # Its sections of the weekly digest (notifications knows nothing of performance).
        digest.register()
