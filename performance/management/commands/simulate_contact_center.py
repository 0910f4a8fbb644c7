import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from performance import simulator


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--end-date must look like 2025-01-31, not {value!r}.") from exc


class Command(BaseCommand):
    help = (
        "Simulate a contact center: realistic performance events for the first N agents "
        "(by e-mail) over D days ending today. Deterministic: a re-run stores nothing twice."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agents", type=int, default=10, help="How many agents (first N).")
        parser.add_argument("--days", type=int, default=7, help="How many days, ending today.")
        parser.add_argument("--end-date", type=_date, help="Last simulated day (YYYY-MM-DD).")
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument(
            "--calls-per-day",
            type=int,
            default=simulator.DEFAULT_CALLS_PER_DAY,
            help="Average calls per agent per working day.",
        )
        parser.add_argument(
            "--integration",
            default=simulator.DEFAULT_INTEGRATION,
            help="Integration the events come from (created if missing). Direct mode only.",
        )
        parser.add_argument("--batch-size", type=int, help="Events per batch (at most 1000).")
        parser.add_argument("--post-to", metavar="URL", help="POST to this events API URL.")
        parser.add_argument("--api-key", help="API key for --post-to.")

    def handle(self, *args: Any, **options: Any) -> None:
        wanted, days = options["agents"], options["days"]
        if wanted < 1 or days < 1 or options["calls_per_day"] < 0:
            raise CommandError("--agents and --days must be at least 1.")
        if options["post_to"] and not options["api_key"]:
            raise CommandError("--post-to needs --api-key.")
        agents = simulator.simulation_agents(limit=wanted)
        if not agents:
            raise CommandError("No active agents: create teams and agents first (seed_demo).")
        if len(agents) < wanted:
            self.stdout.write(
                self.style.WARNING(
                    f"Only {len(agents)} active agents found; simulating all of them."
                )
            )
        integration = None
        if options["post_to"]:
            try:
                send = simulator.http_sender(url=options["post_to"], api_key=options["api_key"])
            except simulator.PostError as exc:
                raise CommandError(str(exc)) from exc
            target = options["post_to"]
        else:
            integration = simulator.simulator_integration(options["integration"])
            send = simulator.direct_sender(integration)
            target = f"integration {integration.name!r}"
        end_date = options["end_date"] or timezone.localdate()
        self.stdout.write(
            f"Simulating {len(agents)} agents x {days} days up to {end_date} -> {target}"
        )

        def report(answer: simulator.BatchAnswer) -> None:
            self.stdout.write(
                f"  batch {answer.number}: {answer.size} events, {answer.accepted} accepted, "
                f"{answer.duplicates} duplicates, {answer.rejected} rejected"
            )

        try:
            totals = simulator.run_simulation(
                agents=agents,
                days=days,
                end_date=end_date,
                seed=options["seed"],
                calls_per_day=options["calls_per_day"],
                batch_size=options["batch_size"],
                send=send,
                integration=integration,
                on_batch=report,
            )
        except simulator.PostError as exc:
            raise CommandError(str(exc)) from exc
        for error in totals.first_errors:
            self.stderr.write(f"  rejected {error['external_id']}: {error.get('errors')}")
        rate = totals.events / totals.elapsed if totals.elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"{totals.events} events in {totals.batches} batches: {totals.accepted} accepted, "
                f"{totals.duplicates} duplicates, {totals.rejected} rejected; "
                f"{totals.elapsed:.1f} s ({rate:.0f} events/s)."
            )
        )
        if totals.created is not None:
            self.stdout.write(f"New events stored: {totals.created}.")
            if totals.created < totals.accepted:
                self.stdout.write(
                    "Batches sent before are answered as they were the first time, so "
                    "'accepted' counts them again; the line above is what this run added."
                )
