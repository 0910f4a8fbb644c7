from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from performance.models import Integration
from performance.services.keys import create_api_key, create_integration


class Command(BaseCommand):
    help = (
        "Create an API key for an integration (creating the integration if needed) and print "
        "it once. Only its hash is stored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--integration", required=True, help="integration name")
        parser.add_argument("--label", default="", help="what this key is for")

    def handle(self, *args: Any, **options: Any) -> None:
        name = options["integration"].strip()
        integration = Integration.objects.filter(name__iexact=name).first()
        if integration is None:
            integration = create_integration(actor=None, name=name)
            self.stderr.write(f"Created integration {integration.name!r}.")
        _key, secret = create_api_key(actor=None, integration=integration, name=options["label"])
        self.stderr.write("Copy this key now; it will not be shown again:")
        self.stdout.write(secret)
