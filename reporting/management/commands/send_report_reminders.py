from django.conf import settings
from django.core.management.base import BaseCommand

from reporting.services import send_reminders


class Command(BaseCommand):
    help = (
        "Remind every business that has not answered an open reporting period, from two weeks "
        "before the deadline, at most once a day per business (safe to run twice). Run daily from cron."
    )

    def handle(self, *args, **options):
        result = send_reminders(site_url=getattr(settings, "SITE_URL", ""))
        self.stdout.write(
            f"notices: {result.notices}, emails queued: {result.emails}, already reminded today: {result.skipped_today}"
        )
