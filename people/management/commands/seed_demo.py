from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from people.demo import seed_demo_organisation


class Command(BaseCommand):
    help = "Create the demo organisation (3 teams, agents, leads, HR, admin). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.IS_PRODUCTION:
            raise CommandError("Refusing to create demo accounts in production.")
        logins = seed_demo_organisation()
        self.stdout.write(self.style.SUCCESS("Demo organisation ready."))
        self.stdout.write(f"Sign in at http://127.0.0.1:8000 with password '{logins.password}':")
        for role, email in (
            ("agent", logins.agent),
            ("team lead", logins.lead),
            ("HR", logins.hr),
            ("admin", logins.admin),
        ):
            self.stdout.write(f"  {role:<10} {email}")
