from django.conf import settings
from django.core.management.base import BaseCommand

from organizations.drives import drives_close_overdue, drives_send_reminders


class Command(BaseCommand):
    help = (
        "Send today's reminders for every open data drive (pendataan) within its period: one per "
        "member with missing data per day at most. Then closes the drives whose deadline has passed, "
        "keeping their result. Safe to run twice the same day: the second run sends nothing. Run once "
        "a day from cron, e.g. in the morning."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--site-url",
            default=getattr(settings, "SITE_URL", ""),
            help="Address put before links in the emails, e.g. https://ikm.tubankab.go.id (default: SITE_URL).",
        )

    def handle(self, *args, site_url, **options):
        done = drives_send_reminders(site_url=site_url)
        for drive, result in done:
            self.stdout.write(
                f"drive {drive.pk} ({drive.association}): sent={result.sent} notice_only={result.notice_only} "
                f"skipped_today={result.skipped_today} skipped_no_email={result.skipped_no_email}"
            )
        self.stdout.write(f"{len(done)} open drive(s) processed.")
        closed = drives_close_overdue()
        for drive in closed:
            result = drive.end_totals
            self.stdout.write(
                f"closed drive {drive.pk} ({drive.association}): {result.complete}/{result.total} complete, "
                f"average {result.average}%"
            )
