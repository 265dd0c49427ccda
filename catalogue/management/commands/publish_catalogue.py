from django.core.management.base import BaseCommand

from catalogue.services import publish_catalogue


class Command(BaseCommand):
    help = (
        "Rebuild the public catalogue from the snapshot of every verified business and remove "
        "businesses that are no longer active. Safe to run again."
    )

    def handle(self, *args, **options):
        published, removed = publish_catalogue()
        self.stdout.write(self.style.SUCCESS(f"Published {published} businesses; removed {removed} stale rows."))
