from django.core.management.base import BaseCommand

from registry.completeness_store import refresh_completeness


class Command(BaseCommand):
    help = (
        "Recompute the stored completeness of every business (Business.completeness_checks_passed), "
        "e.g. after a restore or a bulk load; prints how many were out of date."
    )

    def handle(self, *args, **options):
        changed = refresh_completeness()
        self.stdout.write(f"{changed} usaha diperbarui.")
