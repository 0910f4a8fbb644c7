from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CareersConfig(AppConfig):
    name = "careers"
    verbose_name = _("Careers")
    demo_seeder = "careers.demo.seed_demo_careers"
    hr_managed_models = (
        "careertrack",
        "level",
        "requirement",
        "trainingpath",
        "module",
        "quizquestion",
        "quizchoice",
    )
    home_cards = {
        "agent": ("careers.home.career_card",),
        "lead": ("careers.home.endorsements_card",),
        "hr": ("careers.home.promotions_card",),
    }

    def ready(self) -> None:
        # Its sections of the weekly digest (notifications knows nothing of careers).
        from careers import digest

        digest.register()
