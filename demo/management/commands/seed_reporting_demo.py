from django.core.management.base import BaseCommand

from demo.reporting import seed_reporting


class Command(BaseCommand):
    help = (
        "Demo data for the reporting cycle: opens the period after the demo's last reported "
        "semester and answers part of it. Safe to run twice (an open period is left alone)."
    )

    def handle(self, *args, **options):
        period = seed_reporting()
        if period is None:
            self.stdout.write("No period opened (no production reports, or the next period lies in the future).")
            return
        answered = period.reports.answered().count()
        self.stdout.write(
            f"Periode pelaporan {period.label}: {answered} dari {period.reports.count()} usaha sudah melapor."
        )
