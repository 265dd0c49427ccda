from django.core.management.base import BaseCommand

from organizations.services import import_previews_purge


class Command(BaseCommand):
    help = (
        "Delete uploaded import sheets that were never confirmed within IMPORT_PREVIEW_MINUTES "
        "(at most 60). Run from cron, e.g. every 15 minutes; safe to run again."
    )

    def handle(self, *args, **options):
        count = import_previews_purge()
        self.stdout.write(self.style.SUCCESS(f"{count} pratinjau impor yang kedaluwarsa dihapus."))
