from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WellbeingConfig(AppConfig):
    name = "wellbeing"
    verbose_name = _("Wellbeing")
    # Called by `manage.py seed_demo` (people), which finds seeders through app configs so
    # that people never imports the apps built on top of it.
    demo_seeder = "wellbeing.demo.seed_demo_check_ins"
    # The models HR manage in the admin (people.services.ensure_hr_group_permissions).
    hr_managed_models = ("moodtag", "careresource")
    # The home page's cards (people.home): people lists them without importing wellbeing.
    home_cards = {
        "agent": ("wellbeing.home.check_in_card",),
        "lead": ("wellbeing.home.team_care_card",),
    }

    def ready(self) -> None:
        # Its sections of the weekly digest: notifications registers them without
        # importing wellbeing (nothing imports wellbeing).
        from wellbeing import digest

        digest.register()
