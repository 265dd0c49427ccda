"""import_registry: the spreadsheet import on the command line, for Dinas staff."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from organizations.models import Association
from registry import importing


class Command(BaseCommand):
    help = (
        "Impor data registri dari berkas Excel: templat asosiasi atau berkas ekspor dasbor "
        "(lembar Usaha IKM, Produk, Laporan produksi, Wilayah pemasaran). Semua baris tersimpan "
        "dalam satu transaksi, atau tidak sama sekali; menjalankan ulang berkas yang sama tidak "
        "mengubah apa pun. Beberapa berkas sekaligus: usaha dahulu, lalu produk dan seterusnya."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="berkas .xlsx")
        parser.add_argument("--dry-run", action="store_true", help="periksa saja, jangan simpan apa pun")
        parser.add_argument(
            "--organization",
            type=int,
            metavar="ID",
            help="ID asosiasi/unit: usaha yang diimpor menjadi anggota aktifnya",
        )

    def handle(self, *args, files, dry_run, organization, **options):
        association = None
        if organization is not None:
            association = Association.objects.filter(pk=organization).first()
            if association is None:
                raise CommandError(f"Asosiasi dengan ID {organization} tidak ditemukan.")
        raw_sheets = {}
        for file in files:
            path = Path(file)
            if not path.is_file():
                raise CommandError(f"Berkas tidak ditemukan: {file}")
            try:
                sheets = importing.read_workbook(path.read_bytes())
            except importing.BadFile as error:
                raise CommandError(f"{file}: {error}") from None
            for key, rows in sheets.items():
                if key in raw_sheets:
                    raise CommandError(f"{file}: lembar {importing.sheet_title_for(key)} sudah ada di berkas lain.")
                raw_sheets[key] = rows
        raw_sheets = {key: raw_sheets[key] for key in importing.SHEETS_BY_KEY if key in raw_sheets}
        scope = importing.Scope(association=association)
        with transaction.atomic():
            result = importing.apply(raw_sheets, scope, dry_run=dry_run, invite=False)
        preview = result.preview
        for sheet in preview.sheets:
            counts = ", ".join(f"{label}: {count}" for label, count in sheet.counts.items())
            self.stdout.write(f"{sheet.title}: {counts}")
        if preview.has_errors or result.conflict:
            for line in preview.error_lines():
                self.stderr.write(line)
            if result.conflict:
                self.stderr.write(result.conflict)
            raise CommandError(f"{preview.count(importing.ERROR)} baris bergalat; tidak ada yang disimpan.")
        counts = ", ".join(f"{label}: {count}" for label, count in preview.counts.items())
        prefix = "Uji coba, tidak ada yang disimpan" if dry_run else "Impor selesai"
        self.stdout.write(self.style.SUCCESS(f"{prefix}. {counts}"))
