from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.module_loading import import_string

from core.addresses import public_url
from people.demo import seed_demo_organisation


class Command(BaseCommand):
    help = "Create the demo organisation (3 teams, agents, leads, HR, admin). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError("Refusing to create demo accounts in production.")
        logins = seed_demo_organisation()
        for config in apps.get_app_configs():
            seeder = getattr(config, "demo_seeder", None)
            if seeder:
                added = import_string(seeder)()
                self.stdout.write(f"{config.verbose_name}: {added} demo records added.")
        self.stdout.write(self.style.SUCCESS("Demo organisation ready."))
        # The address `make run` is about to serve (same HOST and PORT as scripts/run.sh).
        address = public_url("/", request=None)
        self.stdout.write(f"Sign in at {address} with password '{logins.password}':")
        for role, email in (
            ("agent", logins.agent),
            ("team lead", logins.lead),
            ("HR", logins.hr),
            ("admin", logins.admin),
        ):
            self.stdout.write(f"  {role:<10} {email}")
