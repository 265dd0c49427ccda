from django.core.management.base import BaseCommand

from tuban_ikm.outbox import outbox_process


class Command(BaseCommand):
    help = (
        "Send queued emails (data requests, password resets, invitations, notices) that are due, "
        "retrying failures with doubling waits. Safe to run from cron every few minutes, also twice at once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=200, help="Most emails to send in this run.")

    def handle(self, *args, limit, **options):
        counts = outbox_process(limit=limit)
        self.stdout.write(f"sent={counts['sent']} retry={counts['retry']} failed={counts['failed']}")
