from django.core.management.base import BaseCommand, CommandError

from dashboard.boundaries import BoundaryFileError, boundaries_load


class Command(BaseCommand):
    help = (
        "Load or refresh map boundaries from a GeoJSON FeatureCollection whose features carry the "
        "Kemendagri code in the property 'kode' (desa/kelurahan or kecamatan). Every feature is checked "
        "first; unknown codes are reported and then nothing is loaded. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON file, e.g. ../shared/geo/tuban_desa.geojson")

    def handle(self, *args, **options):
        try:
            result = boundaries_load(path=options["file"])
        except BoundaryFileError as error:
            for problem in error.problems:
                self.stderr.write(problem)
            raise CommandError(f"Tidak ada batas wilayah yang dimuat: {len(error.problems)} masalah.") from error
        levels = ", ".join(f"{count} {level}" for level, count in sorted(result.levels.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Batas wilayah dimuat: {result.total} fitur ({levels}); "
                f"{result.created} baru, {result.updated} diperbarui, {result.unchanged} tetap."
            )
        )
