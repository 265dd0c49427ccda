"""Import members' businesses from an xlsx sheet, with the same rules as the officers' page."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organizations import importer
from organizations.models import Association


class Command(BaseCommand):
    help = (
        "Impor usaha IKM dari berkas Excel (templat asosiasi atau ekspor dasbor). "
        "Semua baris tersimpan dalam satu transaksi, atau tidak sama sekali; aman dijalankan dua kali."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="Periksa saja, jangan simpan apa pun.")
        parser.add_argument("--organization", type=int, help="ID asosiasi/unit: usaha yang diimpor menjadi anggotanya.")

    def handle(self, *args, file, dry_run, organization, **options):
        association = None
        if organization is not None:
            association = Association.objects.filter(pk=organization).first()
            if association is None:
                raise CommandError(f"Asosiasi dengan ID {organization} tidak ditemukan.")
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Berkas tidak ditemukan: {file}")
        try:
            raw_rows = importer.read_workbook(path.read_bytes())
        except importer.BadFile as error:
            raise CommandError(str(error)) from None
        result = importer.import_rows(raw_rows, association=association, dry_run=dry_run)
        preview = result.preview
        if preview.has_errors:
            for row in preview.error_rows:
                for header, message in row.errors.items():
                    self.stderr.write(f"Baris {row.line}, {header}: {message}")
            raise CommandError(f"{preview.count(importer.ERROR)} baris bergalat; tidak ada yang disimpan.")
        counts = ", ".join(f"{label}: {count}" for label, count in preview.counts.items())
        prefix = "Uji coba (tidak disimpan)" if dry_run else "Impor selesai"
        self.stdout.write(self.style.SUCCESS(f"{prefix}. {counts}"))
