from typing import Any

from django.core.management.base import BaseCommand

from performance.defaults import install_default_rules


class Command(BaseCommand):
    help = "Install the default performance rules (one example of every effect). Idempotent."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{install_default_rules()} default rules installed.")
