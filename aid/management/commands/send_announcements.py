from django.core.management.base import BaseCommand

from aid.services import deliveries_process
from tuban_ikm.outbox import outbox_process


class Command(BaseCommand):
    help = (
        "Send queued announcement emails that are due, then the rest of the outbox (send_outbox), "
        "retrying failures with doubling waits. "
        "Safe to run from cron every few minutes, also twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="Most emails to send in this run.")

    def handle(self, *args, limit, **options):
        counts = deliveries_process(limit=limit)
        self.stdout.write(f"sent={counts['sent']} retry={counts['retry']} failed={counts['failed']}")
        # One cron line for all mail: the other emails wait in the same kind of outbox.
        counts = outbox_process(limit=limit)
        self.stdout.write(f"outbox sent={counts['sent']} retry={counts['retry']} failed={counts['failed']}")
