from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from people.models import User
from people.services import create_api_token


class Command(BaseCommand):
    help = (
        "Create a personal API token for a person and print it once. Only its fingerprint is "
        "stored; the person sees and can revoke it on their settings page."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="the person's e-mail address")
        parser.add_argument("--label", default="", help="what this token is for")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"].strip(), is_active=True).first()
        if user is None:
            raise CommandError(f"No active person with the e-mail {options['email']!r}.")
        _token, key = create_api_token(actor=None, user=user, name=options["label"])
        self.stderr.write("Copy this token now; it will not be shown again:")
        self.stdout.write(key)
