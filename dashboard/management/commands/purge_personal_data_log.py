from django.core.management.base import BaseCommand

from dashboard.services import personal_data_log_purge


class Command(BaseCommand):
    help = (
        "Delete personal-data access log rows older than PERSONAL_DATA_LOG_DAYS (default 730 days). "
        "Safe to run again: a second run finds nothing left to delete."
    )

    def handle(self, *args, **options):
        count = personal_data_log_purge()
        self.stdout.write(self.style.SUCCESS(f"{count} catatan akses data pribadi yang kedaluwarsa dihapus."))
