"""Recompute the dashboard's summary from the registry (after a restore, a raw-SQL load such as
seed_demo's COPY, or the migration that adds the summary to a filled registry)."""

import time

from django.core.management.base import BaseCommand

from dashboard import summary


class Command(BaseCommand):
    help = "Hitung ulang ringkasan dasbor dari data registri."

    def handle(self, *args, **options):
        started = time.monotonic()
        verbose = options["verbosity"] > 1

        def progress(done):
            if verbose:
                self.stdout.write(f"{done} usaha")

        count = summary.rebuild(progress=progress)
        if options["verbosity"]:
            self.stdout.write(f"Ringkasan dasbor: {count} usaha dalam {time.monotonic() - started:.1f} s.")
