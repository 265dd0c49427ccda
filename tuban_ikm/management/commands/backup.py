"""backup: the database and uploaded files in one archive (see tuban_ikm/backup.py)."""

from django.core.management.base import BaseCommand, CommandError

from tuban_ikm import backup


class Command(BaseCommand):
    help = (
        "Cadangkan basis data (PostgreSQL: pg_dump format custom; SQLite: salinan online) beserta "
        "berkas unggahan (MEDIA_ROOT dan PRIVATE_MEDIA_ROOT bila ada) ke satu arsip .tar.gz dengan "
        "manifest.json (tanggal, mesin basis data, status migrasi, jumlah baris). Aman dijalankan "
        "saat situs berjalan."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", metavar="OUTPUT", help="berkas arsip yang ditulis, mis. cadangan.tar.gz")

    def handle(self, *args, output, **options):
        try:
            manifest = backup.backup_create(output=output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest["row_counts"].values())
        files = sum(manifest["files"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Cadangan ditulis ke {output}: {manifest['engine']}, {len(manifest['row_counts'])} tabel, "
                f"{rows} baris, {files} berkas."
            )
        )
