from typing import Any

from django.core.management.base import BaseCommand

from notifications.vapid import generate_key_pair


class Command(BaseCommand):
    help = (
        "Print a new VAPID key pair for web push, as environment variables "
        "(python manage.py generate_vapid_keys >> .env). Keep the pair for the life of the "
        "deployment: a new one ends every browser's subscription."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        public, private = generate_key_pair()
        self.stderr.write(
            "Web push keys: set both (and WEBPUSH_CONTACT, a mailto: or https: address the "
            "push services may write to). Keep the private key secret."
        )
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={public}")
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={private}")
