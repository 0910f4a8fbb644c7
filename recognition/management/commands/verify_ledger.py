from typing import Any

from django.core.management.base import BaseCommand, CommandError

from people.selectors import emails_by_id
from recognition.models import LedgerEntry, PointsBalance
from recognition.services.ledger import mismatched_balances


class Command(BaseCommand):
    help = "Prove every points balance equals the sum of its ledger entries (exit 1 if not)."

    def handle(self, *args: Any, **options: Any) -> None:
        mismatches = mismatched_balances()
        # The operator fixing an account looks it up by e-mail, not by database id.
        emails = emails_by_id(user_ids=[user_id for user_id, _stored, _total in mismatches])
        for user_id, stored, total in mismatches:
            self.stderr.write(
                f"user {user_id} ({emails.get(user_id, '?')}): "
                f"balance {stored} but ledger sums to {total}"
            )
        if mismatches:
            raise CommandError(f"{len(mismatches)} balances do not match the ledger.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Ledger verified: {PointsBalance.objects.count()} balances, "
                f"{LedgerEntry.objects.count()} entries, all consistent."
            )
        )
