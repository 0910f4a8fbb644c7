from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "recognition"
    verbose_name = _("Recognition")
    demo_seeder = "recognition.demo.seed_demo_recognition"
    hr_managed_models = ("valuetag", "badgeclass", "rewarditem")
    home_cards = {
        "agent": ("recognition.home.kudos_and_points_card",),
        "lead": ("recognition.home.approvals_card",),
    }

    def ready(self) -> None:
        # Its sections of the weekly digest (notifications knows nothing of recognition).
        from recognition import digest

        digest.register()
